package se.tjanstemobil.privacy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.audit.AuditLog;

/**
 * Keeps personal data no longer than it is needed (retention.* configuration): old inbox entries,
 * finished deliveries, past availability periods, old bookings, and the messages nobody holds any
 * more are deleted; a leaver is anonymised after their retention period (name, email and HSA-id
 * replaced, phones, availability and calendar feed removed). The audit log is kept as it is: it
 * holds ids and what happened, which the law asks for. One instance at a time (an advisory lock),
 * in batches.
 */
public final class Retention {

  private static final Logger log = LoggerFactory.getLogger(Retention.class);

  /** Days each kind of data is kept. */
  public record Periods(
      int inboxDays,
      int deliveryDays,
      int availabilityDays,
      int bookingDays,
      int breakThroughDays,
      int leaverDays) {}

  private static final int BATCH = 10_000;
  private static final String LOCK =
      "SELECT pg_try_advisory_xact_lock(hashtext('retention')) AS mine";
  private static final Map<String, String> DELETES = new LinkedHashMap<>();

  static {
    // $1 the cut-off for the kind, $2 the batch size.
    DELETES.put(
        "deliveries",
        """
      DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries WHERE status NOT IN ('PENDING', 'HELD') AND due_at < $1 LIMIT $2)""");
    DELETES.put(
        "inboxEntries",
        """
      DELETE FROM inbox_entries WHERE (message_id, employee_id) IN (SELECT message_id, employee_id FROM inbox_entries
        WHERE visible_at < $1 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = inbox_entries.message_id
          AND d.employee_id = inbox_entries.employee_id) LIMIT $2)""");
    DELETES.put(
        "breakThroughs",
        """
      DELETE FROM break_throughs WHERE (message_id, employee_id) IN (SELECT message_id, employee_id FROM break_throughs
        WHERE at < $1 LIMIT $2)""");
    DELETES.put(
        "messages",
        """
      DELETE FROM messages m WHERE m.id IN (SELECT id FROM messages x WHERE x.created_at < $1
        AND NOT EXISTS (SELECT 1 FROM inbox_entries i WHERE i.message_id = x.id)
        AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = x.id)
        AND NOT EXISTS (SELECT 1 FROM break_throughs b WHERE b.message_id = x.id) LIMIT $2)""");
    DELETES.put(
        "availabilityPeriods",
        """
      DELETE FROM availability_periods WHERE id IN (SELECT id FROM availability_periods WHERE end_at < $1 LIMIT $2)""");
    DELETES.put(
        "bookings",
        """
      DELETE FROM bookings WHERE id IN (SELECT b.id FROM bookings b WHERE upper(b.period) < $1
        AND NOT EXISTS (SELECT 1 FROM waitlist w WHERE w.booking_id = b.id) LIMIT $2)""");
    DELETES.put(
        "waitlist",
        """
      DELETE FROM waitlist WHERE id IN (SELECT id FROM waitlist WHERE upper(wanted) < $1 LIMIT $2)""");
  }

  // A leaver after their retention period: who they were is replaced by a neutral name; what
  // others need (an agreement's history, the audit log) keeps only the id.
  private static final String LEAVERS =
      """
    SELECT id FROM employees WHERE status = 'LEFT' AND left_at < $1 AND name <> 'Anonymiserad' LIMIT 500
    """;
  private static final String ANONYMISE =
      """
    WITH gone AS (
      UPDATE employees SET name = 'Anonymiserad', email = NULL, external_id = 'anonymised-' || id, updated_at = now()
      WHERE id = ANY($1::uuid[]) RETURNING id
    ), devices_gone AS (
      DELETE FROM devices d WHERE d.employee_id IN (SELECT id FROM gone)
        AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.device_id = d.id) RETURNING 1
    ), tokens_gone AS (
      UPDATE devices d SET push_token = NULL, model = NULL WHERE d.employee_id IN (SELECT id FROM gone)
        AND EXISTS (SELECT 1 FROM deliveries x WHERE x.device_id = d.id) RETURNING 1
    ), periods_gone AS (
      DELETE FROM availability_periods WHERE employee_id IN (SELECT id FROM gone) RETURNING 1
    ), profile_gone AS (
      DELETE FROM availability_profiles WHERE employee_id IN (SELECT id FROM gone) RETURNING 1
    ), feed_gone AS (
      DELETE FROM calendar_feeds WHERE employee_id IN (SELECT id FROM gone) RETURNING 1
    )
    SELECT (SELECT count(*) FROM gone) AS anonymised
    """;

  private final Pool pool;
  private final Periods periods;
  private final Clock clock;
  private boolean running;

  public Retention(Pool pool, Periods periods, Clock clock) {
    this.pool = pool;
    this.periods = periods;
    this.clock = clock;
  }

  public void schedule(Vertx vertx, long everyMillis) {
    vertx.setPeriodic(
        everyMillis,
        id -> {
          if (!running) {
            running = true;
            run().onComplete(ar -> running = false);
          }
        });
  }

  /** One run; what it removed, per kind (empty when another instance holds the job). */
  public Future<JsonObject> run() {
    OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
    Map<String, OffsetDateTime> cutOff =
        Map.of(
            "deliveries", now.minus(Duration.ofDays(periods.deliveryDays())),
            "inboxEntries", now.minus(Duration.ofDays(periods.inboxDays())),
            "breakThroughs", now.minus(Duration.ofDays(periods.breakThroughDays())),
            "messages",
                now.minus(
                    Duration.ofDays(Math.max(periods.inboxDays(), periods.breakThroughDays()))),
            "availabilityPeriods", now.minus(Duration.ofDays(periods.availabilityDays())),
            "bookings", now.minus(Duration.ofDays(periods.bookingDays())),
            "waitlist", now.minus(Duration.ofDays(periods.bookingDays())));
    return pool.withTransaction(
            conn ->
                conn.query(LOCK)
                    .execute()
                    .compose(
                        lock -> {
                          JsonObject removed = new JsonObject();
                          if (!lock.iterator().next().getBoolean("mine")) {
                            return Future.succeededFuture(removed);
                          }
                          Future<Void> chain = Future.succeededFuture();
                          for (Map.Entry<String, String> d : DELETES.entrySet()) {
                            chain =
                                chain.compose(
                                    v ->
                                        drain(conn, d.getValue(), cutOff.get(d.getKey()), 0)
                                            .map(
                                                n -> {
                                                  removed.put(d.getKey(), n);
                                                  return null;
                                                }));
                          }
                          return chain
                              .compose(
                                  v ->
                                      conn.preparedQuery(LEAVERS)
                                          .execute(
                                              Tuple.of(
                                                  now.minus(
                                                      Duration.ofDays(periods.leaverDays())))))
                              .compose(
                                  rows -> {
                                    java.util.List<java.util.UUID> ids =
                                        new java.util.ArrayList<>();
                                    for (Row r : rows) {
                                      ids.add(r.getUUID("id"));
                                    }
                                    if (ids.isEmpty()) {
                                      return Future.succeededFuture(
                                          removed.put("leaversAnonymised", 0));
                                    }
                                    return conn.preparedQuery(ANONYMISE)
                                        .execute(
                                            Tuple.of((Object) ids.toArray(new java.util.UUID[0])))
                                        .compose(
                                            x ->
                                                AuditLog.writeAll(
                                                    conn,
                                                    ids.stream()
                                                        .map(
                                                            id ->
                                                                new AuditLog.Entry(
                                                                    null,
                                                                    "EMPLOYEE_ANONYMISED",
                                                                    "EMPLOYEE",
                                                                    id.toString(),
                                                                    new JsonObject()
                                                                        .put(
                                                                            "afterDays",
                                                                            periods.leaverDays())))
                                                        .toList()))
                                        .map(x -> removed.put("leaversAnonymised", ids.size()));
                                  });
                        }))
        .onSuccess(
            removed -> {
              if (removed.stream()
                  .anyMatch(e -> e.getValue() instanceof Number n && n.longValue() > 0)) {
                log.info("Retention removed {}", removed.encode());
              }
            })
        .onFailure(
            e ->
                log.warn("Retention run failed (tried again at the next run): {}", e.getMessage()));
  }

  /** Deletes in batches until a batch comes back short; the number deleted. */
  private Future<Long> drain(SqlClient conn, String sql, OffsetDateTime cutOff, long sofar) {
    return conn.preparedQuery(sql)
        .execute(Tuple.of(cutOff, BATCH))
        .compose(
            r -> {
              long n = sofar + r.rowCount();
              return r.rowCount() < BATCH ? Future.succeededFuture(n) : drain(conn, sql, cutOff, n);
            });
  }
}
