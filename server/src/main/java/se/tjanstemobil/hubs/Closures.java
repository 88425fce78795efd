package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.audit.AuditLog;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.events.Events;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.messaging.Notices;

/**
 * Closures of a hub or of one resource over a period, with a reason: the bookings that overlap are
 * cancelled in the same transaction and their bookers told (a push that respects their hours), and
 * those waiting for that time are taken off the waitlist and told too.
 */
final class Closures {

  private static final String RESOURCE_OF_HUB =
      "SELECT name FROM resources WHERE id = $1 AND hub_id = $2";
  private static final String INSERT =
      """
    INSERT INTO closures (hub_id, resource_id, period, reason, created_by) VALUES ($1, $2, tstzrange($3, $4), $5, $6)
    RETURNING id
    """;
  private static final String SET_COUNT =
      "UPDATE closures SET cancelled_bookings = $2 WHERE id = $1";
  static final String CANCEL_OVERLAPPING =
      """
    UPDATE bookings b SET status = 'CANCELLED', cancelled_at = $5, cancelled_by = $6, cancel_reason = $7
    FROM resources r
    WHERE r.id = b.resource_id AND b.hub_id = $1 AND ($2::uuid IS NULL OR b.resource_id = $2)
      AND b.period && tstzrange($3, $4) AND b.status IN %1$s
    RETURNING b.id, b.employee_id, lower(b.period) AS start_at, upper(b.period) AS end_at, r.name AS resource_name
    """
          .formatted(BookingStatus.LIVE_SQL);
  // An offer of a cancelled booking goes back into line (and ends below if the whole hub closes).
  private static final String BACK_IN_LINE =
      """
    UPDATE waitlist SET status = 'WAITING', booking_id = NULL, updated_at = now() WHERE booking_id = ANY($1::uuid[]) AND status = 'OFFERED'
    """;
  private static final String END_WAITING =
      """
    UPDATE waitlist SET status = 'EXPIRED', updated_at = now()
    WHERE hub_id = $1 AND status = 'WAITING' AND wanted && tstzrange($2, $3)
    RETURNING employee_id
    """;
  private static final String LIST =
      """
    SELECT c.id, c.resource_id, r.name AS resource_name, lower(c.period) AS start_at, upper(c.period) AS end_at, c.reason,
           c.created_at, c.cancelled_bookings, e.name AS created_by_name
    FROM closures c LEFT JOIN resources r ON r.id = c.resource_id LEFT JOIN employees e ON e.id = c.created_by
    WHERE c.hub_id = $1 AND upper(c.period) > $2
    ORDER BY lower(c.period), c.id LIMIT 200
    """;
  private static final String ONE =
      LIST.replace(
          "WHERE c.hub_id = $1 AND upper(c.period) > $2", "WHERE c.hub_id = $1 AND c.id = $2");
  private static final String DELETE =
      "DELETE FROM closures WHERE id = $1 AND hub_id = $2 RETURNING id";

  private final Pool pool;
  private final Notices notices;
  private final Clock clock;

  Closures(Pool pool, Notices notices, Clock clock) {
    this.pool = pool;
    this.notices = notices;
    this.clock = clock;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("createClosure").addHandler(Responses.handle(this::create));
    builder.getRoute("listClosures").addHandler(Responses.handle(this::list));
    builder.getRoute("deleteClosure").addHandler(Responses.handle(this::delete));
  }

  private Future<Reply> create(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID hubId = Validated.pathUuid(rc, "hubId");
    Closing closing = new Closing(me, hubId, Validated.body(rc));
    return pool.withTransaction(closing::run).map(Reply::created);
  }

  /**
   * One closure: the hub locked, the resource checked, the closure written, the overlapping
   * bookings cancelled (their bookers told), the count kept, audited.
   */
  private final class Closing {
    private final Principal me;
    private final UUID hubId;
    private final Span span;
    private final String reason;
    private final UUID resource;
    private Hub hub;
    private String resourceName;
    private UUID id;

    Closing(Principal me, UUID hubId, JsonObject body) {
      this.me = me;
      this.hubId = hubId;
      this.span = Intervals.of(body);
      this.reason = body.getString("reason").strip();
      if (reason.isEmpty()) {
        throw Problem.badRequest(
            "reason", "say why it is closed; the people whose bookings are cancelled are told");
      }
      String raw = body.getString("resourceId");
      this.resource = raw == null ? null : UUID.fromString(raw);
    }

    Future<JsonObject> run(SqlConnection tx) {
      return HubStore.loadForUpdate(tx, hubId)
          .compose(h -> resourceName(tx, h))
          .compose(v -> insert(tx))
          .compose(v -> cancelOverlapping(tx, hub, resource, span, me.id(), reason))
          .compose(n -> tx.preparedQuery(SET_COUNT).execute(Tuple.of(id, n)))
          .compose(v -> audit(tx))
          .compose(v -> tx.preparedQuery(ONE).execute(Tuple.of(hubId, id)))
          .map(r -> closure(r.iterator().next(), hub.zone()));
    }

    private Future<Void> resourceName(SqlConnection tx, Hub h) {
      hub = h;
      HubAccess.requireManages(me, hubId, hub.name());
      if (resource == null) {
        return Future.succeededFuture();
      }
      return tx.preparedQuery(RESOURCE_OF_HUB)
          .execute(Tuple.of(resource, hubId))
          .map(
              r -> {
                if (r.size() == 0) {
                  throw Problem.rule(
                      "unknown-resource", "There is no resource " + resource + " at " + hub.name());
                }
                resourceName = r.iterator().next().getString("name");
                return null;
              });
    }

    private Future<Void> insert(SqlConnection tx) {
      return tx.preparedQuery(INSERT)
          .execute(
              Tuple.of(
                  hubId,
                  resource,
                  span.start().atOffset(ZoneOffset.UTC),
                  span.end().atOffset(ZoneOffset.UTC),
                  reason,
                  me.id()))
          .map(
              ins -> {
                id = ins.iterator().next().getUUID("id");
                return null;
              });
    }

    private Future<Void> audit(SqlConnection tx) {
      return AuditLog.write(
          tx,
          new AuditLog.Entry(
              me.id(),
              "HUB_CLOSED",
              "HUB",
              hubId.toString(),
              new JsonObject()
                  .put("closure", id.toString())
                  .put("resource", resourceName)
                  .put("reason", reason)
                  .put("period", span.toJson(hub.zone()))));
    }
  }

  /**
   * Cancels the bookings of the hub (or one resource) that overlap the span, tells their bookers
   * why, and ends the waits for that time at the hub; the number of bookings cancelled.
   */
  Future<Integer> cancelOverlapping(
      SqlClient conn, Hub hub, UUID resource, Span span, UUID actor, String reason) {
    Instant now = clock.instant();
    OffsetDateTime from = span.start().atOffset(ZoneOffset.UTC);
    OffsetDateTime to = span.end().atOffset(ZoneOffset.UTC);
    return conn.preparedQuery(CANCEL_OVERLAPPING)
        .execute(
            Tuple.tuple()
                .addValue(hub.id())
                .addValue(resource)
                .addValue(from)
                .addValue(to)
                .addValue(now.atOffset(ZoneOffset.UTC))
                .addValue(actor)
                .addValue(reason))
        .compose(
            cancelled -> {
              List<Notices.Notice> told = new ArrayList<>();
              List<UUID> events = new ArrayList<>();
              List<UUID> ids = new ArrayList<>();
              for (Row b : cancelled) {
                ids.add(b.getUUID("id"));
                BookingTexts.What what =
                    new BookingTexts.What(
                        b.getString("resource_name"),
                        hub.name(),
                        b.getOffsetDateTime("start_at").toInstant(),
                        b.getOffsetDateTime("end_at").toInstant(),
                        hub.zone(),
                        now);
                told.add(
                    new Notices.Notice(
                        b.getUUID("employee_id"),
                        actor,
                        BookingTexts.cancelledTitle(),
                        BookingTexts.closedBody(what, reason)));
                events.add(b.getUUID("id"));
              }
              Future<?> back =
                  ids.isEmpty()
                      ? Future.succeededFuture()
                      : conn.preparedQuery(BACK_IN_LINE)
                          .execute(Tuple.of((Object) ids.toArray(new UUID[0])));
              Future<List<Notices.Notice>> waiting =
                  resource != null
                      ? back.map(List.of())
                      : back.compose(
                          x ->
                              conn.preparedQuery(END_WAITING)
                                  .execute(Tuple.of(hub.id(), from, to))
                                  .map(
                                      rows -> {
                                        List<Notices.Notice> w = new ArrayList<>();
                                        rows.forEach(
                                            r ->
                                                w.add(
                                                    new Notices.Notice(
                                                        r.getUUID("employee_id"),
                                                        actor,
                                                        BookingTexts.waitlistEndedTitle(),
                                                        BookingTexts.waitlistClosedBody(
                                                            hub.name(), reason))));
                                        return w;
                                      }));
              return waiting
                  .compose(
                      w -> {
                        told.addAll(w);
                        return notices.send(conn, told);
                      })
                  .compose(v -> Events.publish(conn, Events.Type.BOOKING, events))
                  .map(cancelled.size());
            });
  }

  private Future<Reply> list(RoutingContext rc) {
    UUID hubId = Validated.pathUuid(rc, "hubId");
    return HubStore.load(pool, hubId)
        .compose(
            hub -> {
              return pool.preparedQuery(LIST)
                  .execute(Tuple.of(hubId, clock.instant().atOffset(ZoneOffset.UTC)))
                  .map(
                      list -> {
                        JsonArray items = new JsonArray();
                        list.forEach(r -> items.add(closure(r, hub.zone())));
                        return Reply.ok(new JsonObject().put("items", items));
                      });
            });
  }

  private Future<Reply> delete(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID hubId = Validated.pathUuid(rc, "hubId");
    UUID closureId = Validated.pathUuid(rc, "closureId");
    return HubStore.load(pool, hubId)
        .compose(
            hub -> {
              HubAccess.requireManages(me, hubId, hub.name());
              return pool.withTransaction(
                  conn ->
                      conn.preparedQuery(DELETE)
                          .execute(Tuple.of(closureId, hubId))
                          .compose(
                              del -> {
                                if (del.size() == 0) {
                                  throw Problem.notFound(
                                      "No closure " + closureId + " at " + hub.name());
                                }
                                return AuditLog.write(
                                    conn,
                                    new AuditLog.Entry(
                                        me.id(),
                                        "HUB_REOPENED",
                                        "HUB",
                                        hubId.toString(),
                                        new JsonObject().put("closure", closureId.toString())));
                              }));
            })
        .map(v -> Reply.noContent());
  }

  private static JsonObject closure(Row r, ZoneId zone) {
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put(
            "resource",
            r.getUUID("resource_id") == null
                ? null
                : new JsonObject()
                    .put("id", r.getUUID("resource_id").toString())
                    .put("name", r.getString("resource_name")))
        .put("start", BookingView.local(r.getOffsetDateTime("start_at"), zone))
        .put("end", BookingView.local(r.getOffsetDateTime("end_at"), zone))
        .put("reason", r.getString("reason"))
        .put("cancelledBookings", r.getInteger("cancelled_bookings"))
        .put("createdBy", r.getString("created_by_name"))
        .put("createdAt", BookingView.local(r.getOffsetDateTime("created_at"), zone));
  }
}
