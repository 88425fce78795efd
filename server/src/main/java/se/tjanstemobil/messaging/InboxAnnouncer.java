package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import se.tjanstemobil.events.EventHub;

/**
 * Tells connected apps when a message appears in their inbox: at send time, or at sendAt for a
 * scheduled one. Each message is announced once, by whichever instance marks it first, with a
 * NOTIFY that every instance's {@link EventHub} hears.
 */
public final class InboxAnnouncer {

  private static final String ANNOUNCE =
      """
    WITH due AS (
      UPDATE messages SET announced_at = now()
      WHERE id IN (SELECT id FROM messages WHERE announced_at IS NULL AND send_at <= now() AND cancelled_at IS NULL
                   ORDER BY send_at LIMIT 100 FOR UPDATE SKIP LOCKED)
      RETURNING id
    )
    SELECT pg_notify('employee_events', json_build_object('type', 'message', 'id', id)::text) FROM due
    """;
  private static final String ENTRIES =
      InboxRoutes.SELECT_ENTRIES
          + """
    WHERE i.message_id = $1 AND i.employee_id = ANY($2::uuid[]) AND i.visible_at <= now()
    """;

  private final Pool pool;

  public InboxAnnouncer(Pool pool) {
    this.pool = pool;
  }

  /** Registers the resolver for `message` events and announces due messages every half second. */
  public void start(Vertx vertx, EventHub hub) {
    hub.resolver("message", this::entries);
    vertx.setPeriodic(500, id -> announceDue());
  }

  Future<Void> announceDue() {
    return pool.query(ANNOUNCE).execute().mapEmpty();
  }

  private Future<Map<UUID, JsonObject>> entries(String messageId, Set<UUID> connected) {
    return pool.preparedQuery(ENTRIES)
        .execute(
            Tuple.tuple()
                .addValue(UUID.fromString(messageId))
                .addValue(connected.toArray(new UUID[0])))
        .map(
            rows -> {
              Map<UUID, JsonObject> out = new HashMap<>();
              for (Row r : rows) {
                out.put(r.getUUID("employee_id"), InboxRoutes.entry(r));
              }
              return out;
            });
  }
}
