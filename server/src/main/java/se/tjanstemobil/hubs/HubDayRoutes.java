package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;

/**
 * A hub's day: what an employee sees before booking (free and taken intervals per resource, never
 * who booked, apart from their own), and the hub administrator's day view of every booking.
 */
final class HubDayRoutes {

  private final Pool pool;
  private final Clock clock;

  HubDayRoutes(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("getHubAvailability").addHandler(Responses.handle(this::availability));
    builder.getRoute("listHubBookings").addHandler(Responses.handle(this::dayView));
  }

  private Future<Reply> availability(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID hubId = Validated.pathUuid(rc, "hubId");
    Instant now = clock.instant();
    return HubStore.load(pool, hubId)
        .compose(
            hub -> {
              LocalDate date = date(rc, hub, now);
              boolean admin = HubAccess.manages(me, hubId);
              return day(hub, date, admin ? HubDay.Detail.LIVE_WITH_NAMES : HubDay.Detail.LIVE)
                  .map(d -> HubDayJson.availability(hub, date, d, me.id(), admin, now));
            })
        .map(Reply::ok);
  }

  /**
   * The hub administrator's day: every booking of every resource, also cancelled and released ones.
   */
  private Future<Reply> dayView(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID hubId = Validated.pathUuid(rc, "hubId");
    Instant now = clock.instant();
    return HubStore.load(pool, hubId)
        .compose(
            hub -> {
              HubAccess.requireManages(me, hubId, hub.name());
              LocalDate date = date(rc, hub, now);
              return day(hub, date, HubDay.Detail.EVERYTHING)
                  .map(d -> HubDayJson.bookings(hub, date, d));
            })
        .map(Reply::ok);
  }

  /** The query's date, or today at the hub. */
  private static LocalDate date(RoutingContext rc, Hub hub, Instant now) {
    return Intervals.date(
        Validated.query(rc, "date"), "date", now.atZone(hub.zone()).toLocalDate());
  }

  /** What touches the hub's local day (23, 24 or 25 hours). */
  private Future<HubDay> day(Hub hub, LocalDate date, HubDay.Detail detail) {
    Span day = OpeningHours.day(date, hub.zone());
    return HubStore.day(pool, new UUID[] {hub.id()}, day.start(), day.end(), date, date, detail);
  }
}
