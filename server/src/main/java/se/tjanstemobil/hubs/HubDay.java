package se.tjanstemobil.hubs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One hub-local day of some hubs: their resources, the bookings and closures that touch it (as
 * {@link HubStore#day} loads them), and from those what is free. A day is 23, 24 or 25 hours
 * (OpeningHours.day).
 */
final class HubDay {

  /** A resource as the day view shows it (its hub is the view's). */
  static JsonObject json(HubStore.Resource r) {
    return new JsonObject()
        .put("id", r.id().toString())
        .put("kind", r.kind())
        .put("name", r.name())
        .put("capacity", r.capacity())
        .put("features", new JsonArray(r.features()))
        .put("active", r.active());
  }

  record Booking(
      UUID id,
      UUID resourceId,
      UUID employeeId,
      String employeeName,
      Span span,
      String status,
      String cancelReason) {
    boolean holds() {
      return BookingStatus.isLive(status);
    }
  }

  record Closure(UUID id, UUID resourceId, Span span, String reason) {
    boolean covers(UUID resource) {
      return resourceId == null || resourceId.equals(resource);
    }
  }

  /**
   * What to load of the bookings: those holding a resource, with or without who booked; or all of
   * them, with who.
   */
  enum Detail {
    LIVE,
    LIVE_WITH_NAMES,
    EVERYTHING
  }

  final Map<UUID, List<HubStore.Resource>> resources = new LinkedHashMap<>();

  /** Per resource, in time order. */
  final Map<UUID, List<Booking>> bookings = new HashMap<>();

  final Map<UUID, List<Closure>> closures = new HashMap<>();
  private final Map<String, List<Span>> openings = new HashMap<>();

  static Span span(Row row) {
    return new Span(
        row.getOffsetDateTime("start_at").toInstant(), row.getOffsetDateTime("end_at").toInstant());
  }

  List<HubStore.Resource> resources(UUID hub) {
    return resources.getOrDefault(hub, List.of());
  }

  /** Bookings of one resource, in order. */
  List<Booking> bookingsOf(UUID resource) {
    return bookings.getOrDefault(resource, List.of());
  }

  List<Closure> closuresOf(UUID hub, UUID resource) {
    return closures.getOrDefault(hub, List.of()).stream().filter(c -> c.covers(resource)).toList();
  }

  /** The resource's open time that day, minus closures. */
  List<Span> open(Hub hub, HubStore.Resource r, LocalDate date) {
    List<Span> open =
        openings.computeIfAbsent(
            hub.id() + "/" + date, k -> OpeningHours.openOn(hub.openingHours(), hub.zone(), date));
    List<Closure> closed = closuresOf(hub.id(), r.id());
    return closed.isEmpty() ? open : Span.minus(open, closed.stream().map(Closure::span).toList());
  }

  /** Open and not held by a booking, from `notBefore` on (now, on today). */
  List<Span> free(Hub hub, HubStore.Resource r, LocalDate date, Instant notBefore) {
    List<Span> taken =
        new ArrayList<>(
            bookingsOf(r.id()).stream().filter(Booking::holds).map(Booking::span).toList());
    Span day = OpeningHours.day(date, hub.zone());
    if (notBefore.isAfter(day.start())) {
      taken.add(new Span(day.start(), notBefore.isBefore(day.end()) ? notBefore : day.end()));
    }
    return Span.minus(open(hub, r, date), taken);
  }

  /**
   * Whether a booking of the shortest allowed length still fits somewhere in the resource's day.
   */
  boolean hasRoom(Hub hub, HubStore.Resource r, LocalDate date, Instant notBefore) {
    return r.active()
        && free(hub, r, date, notBefore).stream()
            .anyMatch(s -> s.minutes() >= hub.rules().minMinutes());
  }
}
