package se.tjanstemobil.hubs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A hub's day as the API shows it: what an employee sees before booking (free, taken and closed
 * intervals per resource, never who booked, apart from their own; a hub administrator sees who),
 * and the administrator's day view of every booking.
 */
final class HubDayJson {

  private HubDayJson() {}

  /**
   * The day's availability for {@code viewer}; {@code admin} when they administer the hub (they
   * also see resources out of use, and who booked what).
   */
  static JsonObject availability(
      Hub hub, LocalDate date, HubDay d, UUID viewer, boolean admin, Instant now) {
    JsonArray resources = new JsonArray();
    for (HubStore.Resource r : d.resources(hub.id())) {
      if (!r.active() && !admin) {
        continue;
      }
      JsonArray taken = new JsonArray();
      for (HubDay.Booking b : d.bookingsOf(r.id())) {
        taken.add(taken(hub, b, viewer, admin));
      }
      JsonArray free = new JsonArray();
      if (r.active()) {
        d.free(hub, r, date, now).forEach(s -> free.add(s.toJson(hub.zone())));
      }
      resources.add(
          HubDay.json(r).put("free", free).put("taken", taken).put("closed", closed(hub, d, r)));
    }
    return header(hub, date).put("resources", resources);
  }

  private static JsonObject taken(Hub hub, HubDay.Booking b, UUID viewer, boolean admin) {
    JsonObject t = b.span().toJson(hub.zone());
    if (admin) {
      t.put("bookingId", b.id().toString()).put("status", b.status()).put("booker", booker(b));
    }
    if (b.employeeId().equals(viewer)) {
      t.put("mine", true).put("bookingId", b.id().toString());
    }
    return t;
  }

  /** The administrator's day: every booking of every resource, also cancelled and released ones. */
  static JsonObject bookings(Hub hub, LocalDate date, HubDay d) {
    JsonArray resources = new JsonArray();
    int count = 0;
    for (HubStore.Resource r : d.resources(hub.id())) {
      JsonArray bookings = new JsonArray();
      for (HubDay.Booking b : d.bookingsOf(r.id())) {
        bookings.add(
            b.span()
                .toJson(hub.zone())
                .put("id", b.id().toString())
                .put("status", b.status())
                .put("booker", booker(b))
                .put("cancelReason", b.cancelReason()));
        count++;
      }
      resources.add(HubDay.json(r).put("bookings", bookings).put("closed", closed(hub, d, r)));
    }
    return header(hub, date).put("bookingCount", count).put("resources", resources);
  }

  private static JsonObject booker(HubDay.Booking b) {
    return new JsonObject().put("id", b.employeeId().toString()).put("name", b.employeeName());
  }

  private static JsonArray closed(Hub hub, HubDay d, HubStore.Resource r) {
    JsonArray closed = new JsonArray();
    d.closuresOf(hub.id(), r.id())
        .forEach(c -> closed.add(c.span().toJson(hub.zone()).put("reason", c.reason())));
    return closed;
  }

  /** The day's frame: its length (23, 24 or 25 hours) and the opening hours that day. */
  private static JsonObject header(Hub hub, LocalDate date) {
    Span day = OpeningHours.day(date, hub.zone());
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
