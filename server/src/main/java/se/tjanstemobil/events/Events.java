package se.tjanstemobil.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Tells the employee's open apps that something of theirs changed: one NOTIFY on the channel every
 * instance's {@link EventHub} listens to, sent in the caller's transaction so it goes out only if
 * the change commits. The only writer of that channel.
 */
public final class Events {

  /** The kinds of change an app is told of: the {@code event:} of its stream. */
  public enum Type {
    MESSAGE("message"),
    BOOKING("booking");

    /** The type as the stream and {@link EventHub#resolver} name it. */
    public final String wire;

    Type(String wire) {
      this.wire = wire;
    }
  }

  static final String CHANNEL = "employee_events";
  private static final String PUBLISH =
      "SELECT pg_notify('"
          + CHANNEL
          + "', json_build_object('type', $1::text, 'id', $2::uuid)::text)";

  private Events() {}

  /** One event, on commit of {@code tx}. */
  public static Future<Void> publish(SqlClient tx, Type type, UUID id) {
    return tx.preparedQuery(PUBLISH).execute(Tuple.of(type.wire, id)).mapEmpty();
  }

  /** One event per id, in one round trip; nothing when there are none. */
  public static Future<Void> publish(SqlClient tx, Type type, Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>(ids.size());
    for (UUID id : ids) {
      batch.add(Tuple.of(type.wire, id));
    }
    return tx.preparedQuery(PUBLISH).executeBatch(batch).mapEmpty();
  }

  /**
   * The statement text, for a set-based query that publishes from its own rows (the inbox announcer
   * publishes every entry that became visible in one statement).
   */
  public static String notifyExpression(Type type, String idColumn) {
    return "pg_notify('"
        + CHANNEL
        + "', json_build_object('type', '"
        + type.wire
        + "', 'id', "
        + idColumn
        + ")::text)";
  }
}
