package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.availability.AvailabilityChanges;
import se.tjanstemobil.availability.Passes;
import se.tjanstemobil.availability.Profiles;
import se.tjanstemobil.availability.Reachability;

/**
 * When an employee's availability changes (a new shift, a sick day imported, do-not-disturb ended),
 * their held pushes move to the new next reachable time: earlier or later. Pushes held with no
 * known working time get one when a shift, a weekly pattern or an import gives them one (and lose
 * theirs when a change leaves none). Runs in the transaction of the change.
 */
public final class HeldReschedule implements AvailabilityChanges {

  private static final String HELD =
      """
    SELECT d.id, d.employee_id, d.message_id, m.send_at FROM deliveries d JOIN messages m ON m.id = d.message_id
    WHERE d.status = 'HELD' AND d.employee_id = ANY($1::uuid[])
    FOR UPDATE OF d
    """;
  private static final String MOVE =
      """
    WITH moved AS (
      UPDATE deliveries d SET due_at = x.due FROM unnest($1::bigint[], $2::timestamptz[]) AS x(id, due)
      WHERE d.id = x.id RETURNING d.message_id, d.employee_id, x.due
    )
    UPDATE inbox_entries i SET reachable_at = m.due,
      -- an entry hidden until the person's time starts moves with it (and shows now when no time is known)
      visible_at = CASE WHEN i.visible_at > $3 AND i.visible_at = i.reachable_at THEN coalesce(m.due, $3) ELSE i.visible_at END
    FROM (SELECT DISTINCT message_id, employee_id, due FROM moved) m
    WHERE i.message_id = m.message_id AND i.employee_id = m.employee_id AND i.delivered_at IS NULL
    """;

  private final Profiles profiles;
  private final Clock clock;

  public HeldReschedule(Profiles profiles, Clock clock) {
    this.profiles = profiles;
    this.clock = clock;
  }

  @Override
  public Future<Void> changed(SqlClient tx, UUID[] employees) {
    Instant now = clock.instant();
    return tx.preparedQuery(HELD)
        .execute(Tuple.of((Object) employees))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture();
              }
              return profiles
                  .load(tx, employees, now)
                  .compose(
                      loaded -> {
                        List<Long> ids = new ArrayList<>();
                        List<OffsetDateTime> due = new ArrayList<>();
                        for (Row r : rows) {
                          Instant sent = r.getOffsetDateTime("send_at").toInstant();
                          Instant from = sent.isAfter(now) ? sent : now;
                          // A held push waits for the next working time, an URGENT one too (only an
                          // absence holds
                          // URGENT back, and after it comes their working time, not a
                          // break-through).
                          Reachability.Plan plan =
                              Reachability.plan(
                                  loaded.get(r.getUUID("employee_id")), from, Passes.NONE);
                          ids.add(r.getLong("id"));
                          due.add(
                              plan.reachableAt() == null
                                  ? null
                                  : plan.reachableAt().atOffset(ZoneOffset.UTC));
                        }
                        return tx.preparedQuery(MOVE)
                            .execute(
                                Tuple.tuple()
                                    .addValue(ids.toArray(new Long[0]))
                                    .addValue(due.toArray(new OffsetDateTime[0]))
                                    .addValue(now.atOffset(ZoneOffset.UTC)))
                            .mapEmpty();
                      });
            });
  }
}
