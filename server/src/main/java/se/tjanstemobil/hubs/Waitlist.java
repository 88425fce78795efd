package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.db.SqlErrors;
import se.tjanstemobil.events.Events;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.messaging.Notices;

/**
 * The waitlist of a hub: when nothing fits an interval on a day, an employee joins the line; when a
 * resource frees up (a cancellation, a no-show released, an offer not taken), the first in line
 * whom it fits gets it held for them (an OFFERED booking, guarded like any booking) and a push;
 * they confirm within the hub's hold time or it goes to the next.
 */
final class Waitlist {

  private static final Logger log = LoggerFactory.getLogger(Waitlist.class);

  // Resources of the kind that are free over the whole interval (neither booked nor closed).
  private static final String FREE_RESOURCES =
      """
    SELECT r.id, r.name FROM resources r
    WHERE r.hub_id = $1 AND r.active AND ($2::text IS NULL OR r.kind = $2)
      AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.resource_id = r.id AND b.status IN %1$s
                      AND b.period && tstzrange($3, $4))
      AND NOT EXISTS (SELECT 1 FROM closures c WHERE c.hub_id = r.hub_id AND (c.resource_id IS NULL OR c.resource_id = r.id)
                      AND c.period && tstzrange($3, $4))
    ORDER BY r.name LIMIT 3
    """
          .formatted(BookingStatus.LIVE_SQL);
  private static final String JOIN =
      """
    INSERT INTO waitlist (hub_id, employee_id, kind, wanted, local_date) VALUES ($1, $2, $3, tstzrange($4, $5), $6)
    RETURNING id
    """;
  static final String SELECT =
      """
    SELECT w.id, w.hub_id, h.name AS hub_name, h.time_zone, w.kind, lower(w.wanted) AS start_at, upper(w.wanted) AS end_at,
           w.local_date, w.status, w.booking_id, w.created_at, b.offer_until,
           (SELECT count(*) FROM waitlist o WHERE o.hub_id = w.hub_id AND o.local_date = w.local_date AND o.status = 'WAITING'
              AND o.created_at < w.created_at) + 1 AS position
    FROM waitlist w JOIN hubs h ON h.id = w.hub_id LEFT JOIN bookings b ON b.id = w.booking_id
    """;
  private static final String MINE =
      SELECT
          + " WHERE w.employee_id = $1 AND w.local_date >= $2 ORDER BY w.local_date, w.created_at LIMIT 200";
  private static final String ONE = SELECT + " WHERE w.id = $1 AND w.employee_id = $2";
  private static final String LEAVE =
      """
    UPDATE waitlist SET status = 'LEFT', updated_at = now() WHERE id = $1 AND employee_id = $2 AND status IN ('WAITING', 'OFFERED')
    RETURNING hub_id, booking_id
    """;
  private static final String DROP_OFFER =
      """
    UPDATE bookings SET status = 'CANCELLED', cancelled_at = $2, cancelled_by = employee_id, cancel_reason = 'Declined the waitlist offer'
    WHERE id = $1 AND status = 'OFFERED'
    """;

  // Offers, one hub at a time (a lock per hub), first in line first.
  private static final String LOCK_HUB =
      "SELECT pg_advisory_xact_lock(hashtext('waitlist:' || $1::text))";
  private static final String WAITING =
      """
    SELECT w.id, w.employee_id FROM waitlist w
    WHERE w.hub_id = $1 AND w.status = 'WAITING' AND upper(w.wanted) > $2
    ORDER BY w.created_at, w.id LIMIT 500
    """;
  private static final String OFFER =
      """
    INSERT INTO bookings (resource_id, hub_id, employee_id, period, local_date, status, offer_until)
    SELECT r.id, r.hub_id, w.employee_id, w.wanted, w.local_date, 'OFFERED', $2::timestamptz + make_interval(mins => h.offer_hold_minutes)
    FROM waitlist w JOIN hubs h ON h.id = w.hub_id
    JOIN resources r ON r.hub_id = w.hub_id AND r.active AND (w.kind IS NULL OR r.kind = w.kind)
    WHERE w.id = $1
      AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.resource_id = r.id AND b.status IN %1$s
                      AND b.period && w.wanted)
      AND NOT EXISTS (SELECT 1 FROM closures c WHERE c.hub_id = r.hub_id AND (c.resource_id IS NULL OR c.resource_id = r.id)
                      AND c.period && w.wanted)
      AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.employee_id = w.employee_id AND b.status IN %1$s
                      AND b.period && w.wanted)
      AND (SELECT count(*) FROM bookings b WHERE b.employee_id = w.employee_id AND b.hub_id = w.hub_id
           AND b.local_date = w.local_date AND b.status IN %1$s) < h.max_per_day
    ORDER BY r.name
    LIMIT 1
    ON CONFLICT DO NOTHING
    RETURNING id, resource_id, lower(period) AS start_at, upper(period) AS end_at, offer_until,
              (SELECT name FROM resources WHERE id = resource_id) AS resource_name
    """
          .formatted(BookingStatus.LIVE_SQL);
  private static final String MARK_OFFERED =
      "UPDATE waitlist SET status = 'OFFERED', booking_id = $2, updated_at = now() WHERE id = $1";

  private final Pool pool;
  private final Notices notices;
  private final Clock clock;

  Waitlist(Pool pool, Notices notices, Clock clock) {
    this.pool = pool;
    this.notices = notices;
    this.clock = clock;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("joinWaitlist").addHandler(Responses.handle(this::join));
    builder.getRoute("listMyWaitlist").addHandler(Responses.handle(this::mine));
    builder.getRoute("leaveWaitlist").addHandler(Responses.handle(this::leave));
  }

  private Future<Reply> join(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID hubId = Validated.pathUuid(rc, "hubId");
    JsonObject body = Validated.body(rc);
    Span wanted = Intervals.of(body);
    String kind = body.getString("kind");
    Instant now = clock.instant();
    return HubStore.load(pool, hubId)
        .compose(
            hub -> {
              BookingRules.Violation broken = BookingRules.check(hub, wanted, now);
              if (broken != null) {
                throw broken.problem();
              }
              OffsetDateTime start = wanted.start().atOffset(ZoneOffset.UTC);
              OffsetDateTime end = wanted.end().atOffset(ZoneOffset.UTC);
              LocalDate day = wanted.start().atZone(hub.zone()).toLocalDate();
              return pool.preparedQuery(FREE_RESOURCES)
                  .execute(Tuple.of(hubId, kind, start, end))
                  .compose(
                      free -> {
                        if (free.size() > 0) {
                          List<String> names = new ArrayList<>();
                          JsonArray ids = new JsonArray();
                          free.forEach(
                              r -> {
                                names.add(r.getString("name"));
                                ids.add(r.getUUID("id").toString());
                              });
                          throw new Problem(
                              422,
                              "waitlist-not-needed",
                              "A rule does not allow this",
                              "Something is free at "
                                  + hub.name()
                                  + " then: "
                                  + String.join(", ", names)
                                  + "; book it instead",
                              List.of(),
                              new JsonObject().put("freeResourceIds", ids));
                        }
                        return pool.preparedQuery(JOIN)
                            .execute(Tuple.of(hubId, me.id(), kind, start, end, day));
                      })
                  .recover(
                      SqlErrors.onUniqueViolation(
                          () ->
                              Future.failedFuture(
                                  Problem.conflict(
                                      "already-waiting",
                                      "You are already on the waitlist of "
                                          + hub.name()
                                          + " on "
                                          + day))));
            })
        .compose(inserted -> one(inserted.iterator().next().getUUID("id"), me.id()))
        .map(Reply::created);
  }

  private Future<JsonObject> one(UUID id, UUID employee) {
    return pool.preparedQuery(ONE)
        .execute(Tuple.of(id, employee))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw Problem.notFound("No waitlist entry " + id);
              }
              return entry(rows.iterator().next());
            });
  }

  private Future<Reply> mine(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    LocalDate since = clock.instant().atZone(ZoneId.of(me.timeZone())).toLocalDate().minusDays(1);
    return pool.preparedQuery(MINE)
        .execute(Tuple.of(me.id(), since))
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              rows.forEach(r -> items.add(entry(r)));
              return Reply.ok(new JsonObject().put("items", items));
            });
  }

  private Future<Reply> leave(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID id = Validated.pathUuid(rc, "entryId");
    Instant now = clock.instant();
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(LEAVE)
                    .execute(Tuple.of(id, me.id()))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            return one(id, me.id())
                                .map(
                                    e -> {
                                      throw Problem.conflict(
                                          "waitlist-entry-closed",
                                          "This waitlist entry is already "
                                              + e.getString("status"));
                                    });
                          }
                          Row r = rows.iterator().next();
                          UUID booking = r.getUUID("booking_id");
                          return (booking == null
                                  ? Future.<Void>succeededFuture()
                                  : conn.preparedQuery(DROP_OFFER)
                                      .execute(Tuple.of(booking, now.atOffset(ZoneOffset.UTC)))
                                      .mapEmpty())
                              .map(r.getUUID("hub_id"));
                        }))
        .compose(
            hubId -> {
              offer(hubId);
              return Future.succeededFuture(Reply.noContent());
            });
  }

  /**
   * Offers what is free at the hub to those waiting there, first in line first; logs and carries on
   * if it fails.
   */
  Future<Integer> offer(UUID hubId) {
    Instant now = clock.instant();
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(LOCK_HUB)
                    .execute(Tuple.of(hubId.toString()))
                    .compose(v -> conn.preparedQuery(WAITING).execute(Tuple.of(hubId, at)))
                    .compose(
                        rows ->
                            rows.size() == 0
                                ? Future.succeededFuture(0)
                                : HubStore.load(conn, hubId)
                                    .compose(
                                        hub -> {
                                          List<Notices.Notice> told = new ArrayList<>();
                                          Future<Void> chain = Future.succeededFuture();
                                          for (Row w : rows) {
                                            chain =
                                                chain.compose(
                                                    v ->
                                                        offerOne(
                                                            conn,
                                                            w.getUUID("id"),
                                                            w.getUUID("employee_id"),
                                                            hub,
                                                            at,
                                                            told));
                                          }
                                          return chain
                                              .compose(v -> notices.send(conn, told))
                                              .map(told.size());
                                        })))
        .onFailure(
            e ->
                log.warn(
                    "Waitlist offers at hub {} failed (the next sweep tries again): {}",
                    hubId,
                    e.getMessage()));
  }

  private Future<Void> offerOne(
      SqlClient conn,
      UUID entry,
      UUID employee,
      Hub hub,
      OffsetDateTime at,
      List<Notices.Notice> told) {
    return conn.preparedQuery(OFFER)
        .execute(Tuple.of(entry, at))
        .compose(
            offered -> {
              if (offered.size() == 0) {
                return Future.succeededFuture();
              }
              Row o = offered.iterator().next();
              UUID booking = o.getUUID("id");
              return conn.preparedQuery(MARK_OFFERED)
                  .execute(Tuple.of(entry, booking))
                  .compose(v -> Events.publish(conn, Events.Type.BOOKING, booking))
                  .map(
                      v -> {
                        BookingTexts.What what =
                            new BookingTexts.What(
                                o.getString("resource_name"),
                                hub.name(),
                                o.getOffsetDateTime("start_at").toInstant(),
                                o.getOffsetDateTime("end_at").toInstant(),
                                hub.zone(),
                                at.toInstant());
                        told.add(
                            new Notices.Notice(
                                employee,
                                null,
                                BookingTexts.offerTitle(),
                                BookingTexts.offerBody(
                                    what, o.getOffsetDateTime("offer_until").toInstant())));
                        return null;
                      });
            });
  }

  static JsonObject entry(Row r) {
    ZoneId zone = ZoneId.of(r.getString("time_zone"));
    String status = r.getString("status");
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put(
            "hub",
            new JsonObject()
                .put("id", r.getUUID("hub_id").toString())
                .put("name", r.getString("hub_name")))
        .put("kind", r.getString("kind"))
        .put("date", r.getLocalDate("local_date").toString())
        .put("start", BookingView.local(r.getOffsetDateTime("start_at"), zone))
        .put("end", BookingView.local(r.getOffsetDateTime("end_at"), zone))
        .put("status", status)
        .put("position", WaitlistStatus.WAITING.is(status) ? r.getLong("position") : null)
        .put(
            "bookingId",
            r.getUUID("booking_id") == null ? null : r.getUUID("booking_id").toString())
        .put(
            "offerExpiresAt",
            WaitlistStatus.OFFERED.is(status)
                ? BookingView.local(r.getOffsetDateTime("offer_until"), zone)
                : null)
        .put("joinedAt", BookingView.local(r.getOffsetDateTime("created_at"), zone));
  }
}
