package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.db.SqlErrors;
import se.tjanstemobil.events.Events;
import se.tjanstemobil.http.Problem;

/**
 * One booking, in one transaction where the database is the guard: the exclusion constraints refuse
 * a taken resource and an employee in two places at once; the hub row is share-locked so a closure
 * cannot slip in between its check and the insert; the employee's bookings are counted under a
 * per-employee lock, so two requests at once cannot both pass the per-day rule.
 */
final class Booker {

  /** What one booking needs; seriesId and the idempotency key may be null. */
  record Request(
      UUID employee,
      UUID resource,
      Span wanted,
      UUID seriesId,
      String idempotencyKey,
      String hash) {}

  private static final String RESOURCE =
      "SELECT r.hub_id, r.name AS resource_name, r.kind, r.active, "
          + Hub.COLUMNS
          + """

    FROM resources r JOIN hubs h ON h.id = r.hub_id WHERE r.id = $1
    FOR SHARE OF h
    """;
  private static final String CLOSURE =
      """
    SELECT reason, lower(period) AS start_at, upper(period) AS end_at FROM closures
    WHERE hub_id = $1 AND (resource_id IS NULL OR resource_id = $2) AND period && tstzrange($3, $4)
    ORDER BY lower(period) LIMIT 1
    """;
  // Taken in this order (employee, then resource). Two inserts of overlapping rows that wait for
  // each other inside the exclusion check deadlock (PostgreSQL cancels one after deadlock_timeout,
  // a second late); queued on the resource's lock instead, the second sees the first's row.
  private static final String LOCK_EMPLOYEE_AND_RESOURCE =
      "SELECT pg_advisory_xact_lock(hashtext('bookings:' || $1::text)), pg_advisory_xact_lock(hashtext('resource:' || $2::text))";
  private static final String BOOKED_THAT_DAY =
      "SELECT count(*) AS n FROM bookings WHERE employee_id = $1 AND hub_id = $2 "
          + "AND local_date = $3 AND status IN "
          + BookingStatus.LIVE_SQL;
  private static final String INSERT =
      """
    INSERT INTO bookings (resource_id, hub_id, employee_id, period, local_date, series_id, idempotency_key, request_hash)
    VALUES ($1, $2, $3, tstzrange($4, $5), $6, $7, $8, $9)
    RETURNING id
    """;
  private static final String TAKEN_BY =
      """
    SELECT lower(period) AS start_at, upper(period) AS end_at, employee_id = $2 AS mine, r.name AS resource_name, h.name AS hub_name,
           h.time_zone
    FROM bookings b JOIN resources r ON r.id = b.resource_id JOIN hubs h ON h.id = b.hub_id
    WHERE b.status IN %1$s AND b.period && tstzrange($3, $4)
      AND (($5 AND b.resource_id = $1) OR (NOT $5 AND b.employee_id = $2))
    ORDER BY lower(period) LIMIT 1
    """
          .formatted(BookingStatus.LIVE_SQL);

  private final Pool pool;
  private final Clock clock;

  Booker(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * Books in a transaction of its own; the booking's id. A broken rule or a conflict fails with the
   * problem.
   */
  Future<UUID> book(Request req) {
    return pool.withTransaction(conn -> book(conn, req))
        .recover(
            // An exclusion violation; or a deadlock with a waitlist offer being written for the
            // same interval, which PostgreSQL resolves by cancelling one: either way the interval
            // is taken.
            e -> SqlErrors.isOverlap(e) ? conflict(req, (PgException) e) : Future.failedFuture(e));
  }

  private Future<UUID> book(SqlClient conn, Request req) {
    Instant now = clock.instant();
    OffsetDateTime start = req.wanted().start().atOffset(ZoneOffset.UTC);
    OffsetDateTime end = req.wanted().end().atOffset(ZoneOffset.UTC);
    return conn.preparedQuery(RESOURCE)
        .execute(Tuple.of(req.resource()))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                // A reference in the body, not the address: a rule said no, as for an unknown hub,
                // unit or employee.
                throw Problem.rule("unknown-resource", "There is no resource " + req.resource());
              }
              Row r = rows.iterator().next();
              Hub hub = Hub.of(r);
              if (!r.getBoolean("active")) {
                throw Problem.rule(
                    "resource-inactive",
                    r.getString("resource_name")
                        + " at "
                        + hub.name()
                        + " is not in use and cannot be booked");
              }
              BookingRules.Violation broken = BookingRules.check(hub, req.wanted(), now);
              if (broken != null) {
                throw broken.problem();
              }
              LocalDate day = req.wanted().start().atZone(hub.zone()).toLocalDate();
              return conn.preparedQuery(CLOSURE)
                  .execute(Tuple.of(hub.id(), req.resource(), start, end))
                  .compose(
                      closed -> {
                        if (closed.size() > 0) {
                          Row c = closed.iterator().next();
                          Span s =
                              new Span(
                                  c.getOffsetDateTime("start_at").toInstant(),
                                  c.getOffsetDateTime("end_at").toInstant());
                          throw new Problem(
                              422,
                              "closure",
                              "A rule does not allow this",
                              hub.name()
                                  + " is closed "
                                  + BookingView.local(s.start(), hub.zone())
                                  + " to "
                                  + BookingView.local(s.end(), hub.zone())
                                  + ": "
                                  + c.getString("reason"),
                              List.of(),
                              new JsonObject().put("closed", s.toJson(hub.zone())));
                        }
                        return conn.preparedQuery(LOCK_EMPLOYEE_AND_RESOURCE)
                            .execute(
                                Tuple.of(req.employee().toString(), req.resource().toString()));
                      })
                  .compose(
                      v ->
                          conn.preparedQuery(BOOKED_THAT_DAY)
                              .execute(Tuple.of(req.employee(), hub.id(), day)))
                  .compose(
                      count -> {
                        long n = count.iterator().next().getLong("n");
                        if (n >= hub.rules().maxPerDay()) {
                          throw Problem.rule(
                              "too-many-bookings",
                              "You have "
                                  + n
                                  + " booking"
                                  + (n == 1 ? "" : "s")
                                  + " at "
                                  + hub.name()
                                  + " on "
                                  + day
                                  + "; the hub allows "
                                  + hub.rules().maxPerDay()
                                  + " a day");
                        }
                        return conn.preparedQuery(INSERT)
                            .execute(
                                Tuple.tuple()
                                    .addValue(req.resource())
                                    .addValue(hub.id())
                                    .addValue(req.employee())
                                    .addValue(start)
                                    .addValue(end)
                                    .addValue(day)
                                    .addValue(req.seriesId())
                                    .addValue(req.idempotencyKey())
                                    .addValue(req.hash()));
                      })
                  .compose(
                      inserted -> {
                        UUID id = inserted.iterator().next().getUUID("id");
                        return Events.publish(conn, Events.Type.BOOKING, id).map(id);
                      });
            });
  }

  /**
   * 409 naming what holds the interval: someone's booking of the resource, or the employee's own
   * elsewhere.
   */
  private Future<UUID> conflict(Request req, PgException pg) {
    boolean resource =
        pg.getConstraint() == null || "bookings_resource_free".equals(pg.getConstraint());
    Tuple args =
        Tuple.tuple()
            .addValue(req.resource())
            .addValue(req.employee())
            .addValue(req.wanted().start().atOffset(ZoneOffset.UTC))
            .addValue(req.wanted().end().atOffset(ZoneOffset.UTC))
            .addValue(resource);
    return pool.preparedQuery(TAKEN_BY)
        .execute(args)
        .compose(rows -> Future.failedFuture(conflictProblem(rows, resource)));
  }

  private static Problem conflictProblem(RowSet<Row> rows, boolean resource) {
    if (rows.size() == 0) {
      // The holder let go between our insert and this look: the client may simply try again.
      return Problem.conflict(
          resource ? "resource-taken" : "already-booked", "The interval was just taken; try again");
    }
    Row r = rows.iterator().next();
    ZoneId zone = ZoneId.of(r.getString("time_zone"));
    Span taken =
        new Span(
            r.getOffsetDateTime("start_at").toInstant(), r.getOffsetDateTime("end_at").toInstant());
    String when =
        BookingView.local(taken.start(), zone) + " to " + BookingView.local(taken.end(), zone);
    JsonObject extra = new JsonObject().put("taken", taken.toJson(zone));
    return resource
        ? new Problem(
            409,
            "resource-taken",
            "Conflict",
            r.getString("resource_name")
                + " is taken "
                + when
                + (r.getBoolean("mine") ? " (by you)" : ""),
            List.of(),
            extra)
        : new Problem(
            409,
            "already-booked",
            "Conflict",
            "You already have "
                + r.getString("resource_name")
                + " at "
                + r.getString("hub_name")
                + " "
                + when
                + "; one place at a time",
            List.of(),
            extra);
  }
}
