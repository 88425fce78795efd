package se.tjanstemobil.hubs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** Hubs, resources, closures and waitlist entries as the API shows them. */
final class HubJson {

  private HubJson() {}

  static JsonObject details(HubStore.Details d) {
    JsonArray resources = new JsonArray();
    d.resources().forEach(r -> resources.add(resource(r)));
    JsonArray admins = new JsonArray();
    d.admins()
        .forEach(
            a ->
                admins.add(
                    new JsonObject()
                        .put("id", a.id().toString())
                        .put("name", a.name())
                        .put("email", a.email())));
    return d.hub().toJson().put("resources", resources).put("admins", admins);
  }

  /** A hub just created: no resources, no administrators yet. */
  static JsonObject created(Hub hub) {
    return hub.toJson().put("resources", new JsonArray()).put("admins", new JsonArray());
  }

  static JsonObject resource(HubStore.Resource r) {
    return new JsonObject()
        .put("id", r.id().toString())
        .put("hubId", r.hubId().toString())
        .put("kind", r.kind())
        .put("name", r.name())
        .put("capacity", r.capacity())
        .put("features", new JsonArray(r.features()))
        .put("active", r.active());
  }

  /** A hub in the list, with what is free on its day {@code d} from {@code now} on. */
  static JsonObject listed(Hub h, LocalDate d, HubDay day, Instant now) {
    JsonObject free = new JsonObject().put("DESK", 0).put("ROOM", 0).put("PHONE_BOOTH", 0);
    int total = 0;
    int freeCount = 0;
    for (HubStore.Resource r : day.resources(h.id())) {
      if (!r.active()) {
        continue;
      }
      total++;
      if (day.hasRoom(h, r, d, now)) {
        freeCount++;
        free.put(r.kind(), free.getInteger(r.kind()) + 1);
      }
    }
    JsonArray open = new JsonArray();
    OpeningHours.openOn(h.openingHours(), h.zone(), d).forEach(s -> open.add(s.toJson(h.zone())));
    return h.toJson()
        .put(
            "day",
            new JsonObject()
                .put("date", d.toString())
                .put("open", open)
                .put("resources", total)
                .put("freeResources", freeCount)
                .put("freeByKind", free));
  }

  /** A closure, its times in the hub's zone. */
  static JsonObject closure(ClosureStore.Closure c, ZoneId zone) {
    return new JsonObject()
        .put("id", c.id().toString())
        .put(
            "resource",
            c.resourceId() == null
                ? null
                : new JsonObject()
                    .put("id", c.resourceId().toString())
                    .put("name", c.resourceName()))
        .put("start", BookingView.local(c.span().start(), zone))
        .put("end", BookingView.local(c.span().end(), zone))
        .put("reason", c.reason())
        .put("cancelledBookings", c.cancelledBookings())
        .put("createdBy", c.createdByName())
        .put("createdAt", BookingView.local(c.createdAt(), zone));
  }

  /**
   * Live bookings a change would cancel (who, which resource, when), times in the hub's zone: a
   * closure's or new opening hours' preview, and the 409 of a change that would leave them outside.
   */
  static JsonArray affected(List<BookingStore.Affected> bookings, ZoneId zone) {
    JsonArray out = new JsonArray();
    for (BookingStore.Affected b : bookings) {
      out.add(
          b.span()
              .toJson(zone)
              .put("id", b.id().toString())
              .put("status", b.status())
              .put(
                  "resource",
                  new JsonObject()
                      .put("id", b.resourceId().toString())
                      .put("name", b.resourceName()))
              .put(
                  "booker",
                  new JsonObject()
                      .put("id", b.employeeId().toString())
                      .put("name", b.employeeName())));
    }
    return out;
  }

  /** A place in line: its position while waiting, its offer's deadline while offered. */
  static JsonObject waitlistEntry(WaitlistStore.Entry e) {
    ZoneId zone = e.zone();
    return new JsonObject()
        .put("id", e.id().toString())
        .put("hub", new JsonObject().put("id", e.hubId().toString()).put("name", e.hubName()))
        .put("kind", e.kind())
        .put("date", e.date().toString())
        .put("start", BookingView.local(e.wanted().start(), zone))
        .put("end", BookingView.local(e.wanted().end(), zone))
        .put("status", e.status().name())
        .put("position", e.status() == WaitlistStatus.WAITING ? (Long) e.position() : null)
        .put("bookingId", e.bookingId() == null ? null : e.bookingId().toString())
        .put(
            "offerExpiresAt",
            e.status() == WaitlistStatus.OFFERED ? BookingView.local(e.offerUntil(), zone) : null)
        .put("joinedAt", BookingView.local(e.joinedAt(), zone));
  }
}
