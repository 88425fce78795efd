package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import se.tjanstemobil.audit.AuditLog;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.events.Events;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.messaging.Notices;

/**
 * Closures of a hub or of one resource over a period, with a reason: the bookings that overlap are
 * cancelled in the same transaction and their bookers told (a push that respects their hours), and
 * those waiting for that time are taken off the waitlist and told too.
 */
final class Closures {

  private final Pool pool;
  private final Notices notices;
  private final Clock clock;

  Closures(Pool pool, Notices notices, Clock clock) {
    this.pool = pool;
    this.notices = notices;
    this.clock = clock;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("previewClosure").addHandler(Responses.handle(this::preview));
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
   * What a closure would do, changing nothing: the bookings it would cancel (who, which resource,
   * when) and, for the whole hub, how many wait for that time there. The same checks as the closure
   * itself; the reason may be left out.
   */
  private Future<Reply> preview(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID hubId = Validated.pathUuid(rc, "hubId");
    JsonObject body = Validated.body(rc);
    Span span = Intervals.of(body);
    UUID resource = resource(body);
    return HubStore.load(pool, hubId)
        .compose(
            hub -> {
              HubAccess.requireManages(me, hubId, hub.name());
              return requireResource(pool, hub, resource)
                  .compose(
                      name ->
                          Future.all(
                              BookingStore.overlapping(pool, hubId, resource, span),
                              resource == null
                                  ? WaitlistStore.waitingOver(pool, hubId, span)
                                  : Future.succeededFuture(0L)))
                  .map(
                      all ->
                          new JsonObject()
                              .put("bookings", HubJson.affected(all.resultAt(0), hub.zone()))
                              .put("waitlist", all.<Long>resultAt(1)));
            })
        .map(Reply::ok);
  }

  private static UUID resource(JsonObject body) {
    String raw = body.getString("resourceId");
    return raw == null ? null : UUID.fromString(raw);
  }

  /** The resource's name; 422 when the hub has no such resource; null for the whole hub. */
  private static Future<String> requireResource(SqlClient db, Hub hub, UUID resource) {
    if (resource == null) {
      return Future.succeededFuture();
    }
    return HubStore.resourceName(db, hub.id(), resource)
        .map(
            name -> {
              if (name == null) {
                throw Problem.rule(
                    "unknown-resource", Text.of("hubs.rule.unknownResourceAt", hub.name()));
              }
              return name;
            });
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
        throw Problem.badRequest("reason", Text.of("hubs.field.closureReason"));
      }
      this.resource = resource(body);
    }

    Future<JsonObject> run(SqlConnection tx) {
      return HubStore.loadForUpdate(tx, hubId)
          .compose(h -> resourceName(tx, h))
          .compose(
              v ->
                  ClosureStore.insert(
                      tx, new ClosureStore.NewClosure(hubId, resource, span, reason, me.id())))
          .compose(
              closure -> {
                id = closure;
                return cancelOverlapping(tx, hub, resource, span, me.id(), reason);
              })
          .compose(n -> ClosureStore.setCancelledCount(tx, id, n))
          .compose(v -> audit(tx))
          .compose(v -> ClosureStore.one(tx, hubId, id))
          .map(c -> HubJson.closure(c, hub.zone()));
    }

    private Future<Void> resourceName(SqlConnection tx, Hub h) {
      hub = h;
      HubAccess.requireManages(me, hubId, hub.name());
      return requireResource(tx, hub, resource)
          .map(
              name -> {
                resourceName = name;
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
      SqlClient tx, Hub hub, UUID resource, Span span, UUID actor, String reason) {
    Instant now = clock.instant();
    return new Cancellation(tx, hub, actor, now, what -> BookingTexts.closedBody(what, reason))
        .run(
            BookingStore.cancelOverlapping(tx, hub.id(), resource, span, now, actor, reason),
            resource == null ? new Ending(span, reason) : null);
  }

  /**
   * Cancels these bookings of the hub, which its new opening hours leave outside them, and tells
   * their bookers (with the reason, when one was given); the number cancelled.
   */
  Future<Integer> cancelOutsideHours(
      SqlClient tx, Hub hub, List<UUID> bookings, UUID actor, String reason) {
    Instant now = clock.instant();
    return new Cancellation(
            tx, hub, actor, now, what -> BookingTexts.outsideHoursBody(what, reason))
        .run(BookingStore.cancelThese(tx, bookings, now, actor, reason), null);
  }

  /** The waits a whole-hub closure ends: those over its span, told the reason. */
  private record Ending(Span span, String reason) {}

  /**
   * One change's cancellations: the bookings cancelled and their bookers told (each notice's body
   * from what was booked), the offers among them back in line, and (when the whole hub closes) the
   * waits over the span ended and those waiting told; the apps of the bookers told on commit.
   */
  private final class Cancellation {
    private final SqlClient tx;
    private final Hub hub;
    private final UUID actor;
    private final Instant now;
    private final Function<BookingTexts.What, Text> body;
    private final List<Notices.Notice> told = new ArrayList<>();
    private final List<UUID> cancelled = new ArrayList<>();

    Cancellation(
        SqlClient tx, Hub hub, UUID actor, Instant now, Function<BookingTexts.What, Text> body) {
      this.tx = tx;
      this.hub = hub;
      this.actor = actor;
      this.now = now;
      this.body = body;
    }

    Future<Integer> run(Future<List<BookingStore.Cancelled>> cancelling, Ending ending) {
      return cancelling
          .compose(this::tellBookers)
          .compose(v -> WaitlistStore.backInLine(tx, cancelled))
          .compose(v -> ending == null ? Future.succeededFuture() : endWaiting(ending))
          .compose(v -> notices.send(tx, told))
          .compose(v -> Events.publish(tx, Events.Type.BOOKING, cancelled))
          .map(v -> cancelled.size());
    }

    private Future<Void> tellBookers(List<BookingStore.Cancelled> bookings) {
      for (BookingStore.Cancelled b : bookings) {
        cancelled.add(b.id());
        BookingTexts.What what =
            new BookingTexts.What(
                b.resourceName(), hub.name(), b.span().start(), b.span().end(), hub.zone(), now);
        told.add(
            new Notices.Notice(
                b.employeeId(), actor, BookingTexts.cancelledTitle(), body.apply(what)));
      }
      return Future.succeededFuture();
    }

    /** The whole hub closes: nobody waits for that time there any more, and they are told. */
    private Future<Void> endWaiting(Ending ending) {
      return WaitlistStore.endWaiting(tx, hub.id(), ending.span())
          .map(
              waiting -> {
                waiting.forEach(
                    employee ->
                        told.add(
                            new Notices.Notice(
                                employee,
                                actor,
                                BookingTexts.waitlistEndedTitle(),
                                BookingTexts.waitlistClosedBody(hub.name(), ending.reason()))));
                return null;
              });
    }
  }

  private Future<Reply> list(RoutingContext rc) {
    UUID hubId = Validated.pathUuid(rc, "hubId");
    return HubStore.load(pool, hubId)
        .compose(
            hub ->
                ClosureStore.notEnded(pool, hubId, clock.instant())
                    .map(
                        list -> {
                          JsonArray items = new JsonArray();
                          list.forEach(c -> items.add(HubJson.closure(c, hub.zone())));
                          return Reply.ok(new JsonObject().put("items", items));
                        }));
  }

  private Future<Reply> delete(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID hubId = Validated.pathUuid(rc, "hubId");
    UUID closureId = Validated.pathUuid(rc, "closureId");
    return HubStore.load(pool, hubId)
        .compose(
            hub -> {
              HubAccess.requireManages(me, hubId, hub.name());
              return pool.withTransaction(tx -> reopen(tx, me, hub, closureId));
            })
        .map(v -> Reply.noContent());
  }

  /** The closure deleted (404 when the hub has none by that id), audited. */
  private static Future<Void> reopen(SqlConnection tx, Principal me, Hub hub, UUID closureId) {
    return ClosureStore.delete(tx, closureId, hub.id())
        .compose(
            deleted -> {
              if (!deleted) {
                throw Problem.notFound(Text.of("hubs.notFound.closure", hub.name()));
              }
              return AuditLog.write(
                  tx,
                  new AuditLog.Entry(
                      me.id(),
                      "HUB_REOPENED",
                      "HUB",
                      hub.id().toString(),
                      new JsonObject().put("closure", closureId.toString())));
            });
  }
}
