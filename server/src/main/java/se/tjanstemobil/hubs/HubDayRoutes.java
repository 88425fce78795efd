package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
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
              LocalDate date =
                  Intervals.date(
                      Validated.query(rc, "date"), "date", now.atZone(hub.zone()).toLocalDate());
              Span day = OpeningHours.day(date, hub.zone());
              boolean admin = HubAccess.manages(me, hubId);
              return HubDay.load(
                      pool,
                      new UUID[] {hubId},
                      day.start(),
                      day.end(),
                      date,
                      date,
                      admin ? HubDay.Detail.LIVE_WITH_NAMES : HubDay.Detail.LIVE)
                  .map(
                      d -> {
                        JsonArray resources = new JsonArray();
                        for (HubStore.Resource r : d.resources(hubId)) {
                          if (!r.active() && !admin) {
                            continue;
                          }
                          JsonArray taken = new JsonArray();
                          for (HubDay.Booking b : d.bookingsOf(r.id())) {
                            JsonObject t = b.span().toJson(hub.zone());
                            if (admin) {
                              t.put("bookingId", b.id().toString())
                                  .put("status", b.status())
                                  .put(
                                      "booker",
                                      new JsonObject()
                                          .put("id", b.employeeId().toString())
                                          .put("name", b.employeeName()));
                            }
                            if (b.employeeId().equals(me.id())) {
                              t.put("mine", true).put("bookingId", b.id().toString());
                            }
                            taken.add(t);
                          }
                          JsonArray free = new JsonArray();
                          if (r.active()) {
                            d.free(hub, r, date, now).forEach(s -> free.add(s.toJson(hub.zone())));
                          }
                          JsonArray closed = new JsonArray();
                          d.closuresOf(hubId, r.id())
                              .forEach(
                                  c ->
                                      closed.add(
                                          c.span().toJson(hub.zone()).put("reason", c.reason())));
                          resources.add(
                              HubDay.json(r)
                                  .put("free", free)
                                  .put("taken", taken)
                                  .put("closed", closed));
                        }
                        return Reply.ok(header(hub, date, day).put("resources", resources));
                      });
            });
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
              LocalDate date =
                  Intervals.date(
                      Validated.query(rc, "date"), "date", now.atZone(hub.zone()).toLocalDate());
              Span day = OpeningHours.day(date, hub.zone());
              return HubDay.load(
                      pool,
                      new UUID[] {hubId},
                      day.start(),
                      day.end(),
                      date,
                      date,
                      HubDay.Detail.EVERYTHING)
                  .map(
                      d -> {
                        JsonArray resources = new JsonArray();
                        int count = 0;
                        for (HubStore.Resource r : d.resources(hubId)) {
                          JsonArray bookings = new JsonArray();
                          for (HubDay.Booking b : d.bookingsOf(r.id())) {
                            bookings.add(
                                b.span()
                                    .toJson(hub.zone())
                                    .put("id", b.id().toString())
                                    .put("status", b.status())
                                    .put(
                                        "booker",
                                        new JsonObject()
                                            .put("id", b.employeeId().toString())
                                            .put("name", b.employeeName()))
                                    .put("cancelReason", b.cancelReason()));
                            count++;
                          }
                          JsonArray closed = new JsonArray();
                          d.closuresOf(hubId, r.id())
                              .forEach(
                                  c ->
                                      closed.add(
                                          c.span().toJson(hub.zone()).put("reason", c.reason())));
                          resources.add(
                              HubDay.json(r).put("bookings", bookings).put("closed", closed));
                        }
                        return Reply.ok(
                            header(hub, date, day)
                                .put("bookingCount", count)
                                .put("resources", resources));
                      });
            });
  }

  /** The day's frame: its length (23, 24 or 25 hours) and the opening hours that day. */
  private static JsonObject header(Hub hub, LocalDate date, Span day) {
    JsonArray open = new JsonArray();
    OpeningHours.openOn(hub.openingHours(), hub.zone(), date)
        .forEach(s -> open.add(s.toJson(hub.zone())));
    JsonObject bounds = day.toJson(hub.zone());
    return new JsonObject()
        .put(
            "hub",
            new JsonObject()
                .put("id", hub.id().toString())
                .put("name", hub.name())
                .put("timeZone", hub.zone().getId()))
        .put("date", date.toString())
        .put("dayStart", bounds.getString("start"))
        .put("dayEnd", bounds.getString("end"))
        .put("hoursInDay", Duration.between(day.start(), day.end()).toHours())
        .put("open", open);
  }
}
