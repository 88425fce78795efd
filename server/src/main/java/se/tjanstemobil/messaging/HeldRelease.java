package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.availability.AvailabilityRules;

/**
 * Releases held pushes whose recipient's time has come, in one sweep over the indexed due time
 * (thousands of windows opening at 07:00 are one statement, not a scan of every employee). Several
 * held pushes to one device become one DIGEST push when the employee wants a digest (the default);
 * the rest become PENDING for the delivery worker, and those whose message expired meanwhile
 * EXPIRED. SKIP LOCKED lets every instance sweep without two releasing the same row.
 */
public final class HeldRelease {

  private static final Logger log = LoggerFactory.getLogger(HeldRelease.class);

  /** Rows one sweep takes; a full sweep runs again at once. */
  static final int SWEEP_LIMIT = 100_000;

  // A message that expired while held leaves before the fold: a digest counts and names only what
  // is still to be read, and its latest is a message the worker will push. So does one held with
  // no known working time (no due time) once its message expires, or once it has waited the rules'
  // horizon for one (AvailabilityRules.HORIZON, 400 days): otherwise it, the inbox entry and the
  // message would outlive every retention period.
  private static final String SWEEP =
      """
    WITH due AS (
      SELECT id, employee_id, device_id, message_id FROM deliveries
      WHERE status = 'HELD' AND due_at <= '%1$s'::timestamptz
      ORDER BY due_at, id LIMIT %2$d
      FOR UPDATE SKIP LOCKED
    ), lapsed AS (
      SELECT d.id FROM due d JOIN messages m ON m.id = d.message_id WHERE m.expires_at <= '%1$s'::timestamptz
    ), lapsed_without_time AS (
      SELECT d.id, m.expires_at <= '%1$s'::timestamptz AS expired FROM deliveries d JOIN messages m ON m.id = d.message_id
      WHERE d.status = 'HELD' AND d.due_at IS NULL
        AND (m.expires_at <= '%1$s'::timestamptz OR m.send_at <= '%1$s'::timestamptz - make_interval(days => %3$d))
      FOR UPDATE OF d SKIP LOCKED
    ), expired AS (
      UPDATE deliveries d SET status = 'EXPIRED', last_error = 'message expired while held'
      WHERE d.id IN (SELECT id FROM lapsed)
      RETURNING d.id
    ), given_up AS (
      UPDATE deliveries d SET status = 'EXPIRED', due_at = '%1$s'::timestamptz,
        last_error = CASE WHEN x.expired THEN 'message expired while held'
                          ELSE 'no working time of theirs became known within %3$d days' END
      FROM lapsed_without_time x WHERE d.id = x.id
      RETURNING d.id
    ), live AS (
      SELECT * FROM due WHERE id NOT IN (SELECT id FROM lapsed)
    ), digestible AS (
      SELECT l.device_id, l.employee_id, count(*) AS n, max(l.id) AS latest, array_agg(l.id) AS ids
      FROM live l LEFT JOIN availability_profiles p ON p.employee_id = l.employee_id
      WHERE coalesce(p.digest, true)
      GROUP BY l.device_id, l.employee_id
      HAVING count(*) > 1
    ), digests AS (
      INSERT INTO deliveries (message_id, employee_id, device_id, kind, status, due_at, digest_count)
      SELECT l.message_id, g.employee_id, g.device_id, 'DIGEST', 'PENDING', '%1$s'::timestamptz, g.n
      FROM digestible g JOIN deliveries l ON l.id = g.latest
      RETURNING id, device_id
    ), folded AS (
      UPDATE deliveries d SET status = 'DIGESTED', digest_id = x.id
      FROM digestible g JOIN digests x ON x.device_id = g.device_id
      WHERE d.id = ANY (g.ids)
      RETURNING d.id
    ), released AS (
      UPDATE deliveries d SET status = 'PENDING'
      FROM live WHERE d.id = live.id AND live.device_id NOT IN (SELECT device_id FROM digestible)
      RETURNING d.id
    )
    SELECT (SELECT count(*) FROM due) AS due, (SELECT count(*) FROM released) AS released,
           (SELECT count(*) FROM digests) AS digests, (SELECT count(*) FROM folded) AS folded,
           (SELECT count(*) FROM expired) + (SELECT count(*) FROM given_up) AS expired
    """;

  private static final String NEXT_DUE =
      "SELECT min(due_at) AS next FROM deliveries WHERE status = 'HELD'";

  private final Pool pool;
  private final Clock clock;
  private Vertx vertx;
  private long everyMillis;
  private boolean running;
  private long timerId = -1;

  public HeldRelease(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * Sweeps at the next held push's due time (so 07:00 releases at 07:00, not at the next tick), and
   * at least every `everyMillis` (for pushes held since by other instances).
   */
  public void schedule(Vertx vertx, long everyMillis) {
    this.vertx = vertx;
    this.everyMillis = everyMillis;
    tick();
  }

  private void tick() {
    if (running) {
      return;
    }
    running = true;
    sweep()
        .compose(v -> pool.query(NEXT_DUE).execute())
        .onComplete(
            ar -> {
              running = false;
              long wait = everyMillis;
              if (ar.succeeded()) {
                var next = ar.result().iterator().next().getOffsetDateTime("next");
                if (next != null) {
                  wait =
                      Math.max(
                          1,
                          Math.min(everyMillis, next.toInstant().toEpochMilli() - clock.millis()));
                }
              }
              if (timerId >= 0) {
                vertx.cancelTimer(timerId);
              }
              timerId =
                  vertx.setTimer(
                      wait,
                      id -> {
                        timerId = -1;
                        tick();
                      });
            });
  }

  /** Releases everything due now; completes with how many held pushes it took. */
  public Future<Long> sweep() {
    // Sent as text, planned for the rows as they are now (see DeliveryWorker's claim); the
    // instant is ours, formatted as ISO-8601.
    return pool.withTransaction(
            tx ->
                tx.query(
                        String.format(
                            java.util.Locale.ROOT,
                            SWEEP,
                            clock.instant(),
                            SWEEP_LIMIT,
                            AvailabilityRules.HORIZON.toDays()))
                    .execute()
                    .compose(
                        rows -> {
                          Row r = rows.iterator().next();
                          long due = r.getLong("due");
                          if (due == 0) {
                            if (r.getLong("expired") > 0) {
                              log.info(
                                  "{} held pushes without a working time expired or were given up",
                                  r.getLong("expired"));
                            }
                            return Future.succeededFuture(0L);
                          }
                          log.info(
                              "Released {} held pushes: {} now, {} folded into {} digests, {} expired",
                              due,
                              r.getLong("released"),
                              r.getLong("folded"),
                              r.getLong("digests"),
                              r.getLong("expired"));
                          return tx.query(DeliveryWorker.WAKE_WORKERS).execute().map(due);
                        }))
        .compose(
            due ->
                due >= SWEEP_LIMIT ? sweep().map(more -> due + more) : Future.succeededFuture(due))
        .onFailure(
            e -> log.warn("Releasing held pushes failed (tried again shortly): {}", e.getMessage()))
        .otherwise(0L);
  }
}
