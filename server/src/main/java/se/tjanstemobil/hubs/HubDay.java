package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One hub-local day of some hubs: their resources, the bookings and closures that touch it, and
 * from those what is free. A day is 23, 24 or 25 hours (OpeningHours.day).
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

  static final String RESOURCES =
      """
    SELECT id, hub_id, kind, name, capacity, features, active FROM resources WHERE hub_id = ANY($1::uuid[])
    ORDER BY hub_id, CASE kind WHEN 'DESK' THEN 1 WHEN 'ROOM' THEN 2 ELSE 3 END, name
    """;

  /**
   * What to load of the bookings: those holding a resource, with or without who booked; or all of
   * them, with who.
   */
  enum Detail {
    LIVE,
    LIVE_WITH_NAMES,
    EVERYTHING
  }

  // A booking is at most a day long, so one touching the window starts on its first local date,
  // the day before, or a date inside: the (hub_id, local_date) index finds them.
  private static final String BOOKINGS =
      """
    SELECT b.id, b.resource_id, b.hub_id, b.employee_id, %s AS employee_name, lower(b.period) AS start_at,
           upper(b.period) AS end_at, b.status, b.cancel_reason
    FROM bookings b %s
    WHERE b.hub_id = ANY($1::uuid[]) AND b.local_date BETWEEN $4 AND $5 AND b.period && tstzrange($2, $3) %s
    ORDER BY lower(b.period), b.id
    """;
  private static final String LIVE =
      String.format(BOOKINGS, "NULL::text", "", "AND b.status IN " + BookingStatus.LIVE_SQL);
  private static final String LIVE_WITH_NAMES =
      String.format(
          BOOKINGS,
          "e.name",
          "JOIN employees e ON e.id = b.employee_id",
          "AND b.status IN " + BookingStatus.LIVE_SQL);
  private static final String EVERYTHING =
      String.format(BOOKINGS, "e.name", "JOIN employees e ON e.id = b.employee_id", "");
  private static final String CLOSURES =
      """
    SELECT id, hub_id, resource_id, lower(period) AS start_at, upper(period) AS end_at, reason FROM closures
    WHERE hub_id = ANY($1::uuid[]) AND period && tstzrange($2, $3) ORDER BY lower(period)
    """;

  final Map<UUID, List<HubStore.Resource>> resources = new LinkedHashMap<>();

  /** Per resource, in time order. */
  final Map<UUID, List<Booking>> bookings = new HashMap<>();

  final Map<UUID, List<Closure>> closures = new HashMap<>();
  private final Map<String, List<Span>> openings = new HashMap<>();

  /**
   * Loads what touches [from, to) at these hubs, whose local dates there run from firstDate to
   * lastDate (inclusive).
   */
  static Future<HubDay> load(
      SqlClient db,
      UUID[] hubs,
      Instant from,
      Instant to,
      LocalDate firstDate,
      LocalDate lastDate,
      Detail detail) {
    Tuple window =
        Tuple.tuple()
            .addValue(hubs)
            .addValue(from.atOffset(ZoneOffset.UTC))
            .addValue(to.atOffset(ZoneOffset.UTC))
            .addValue(firstDate.minusDays(1))
            .addValue(lastDate);
    String bookings =
        switch (detail) {
          case LIVE -> LIVE;
          case LIVE_WITH_NAMES -> LIVE_WITH_NAMES;
          case EVERYTHING -> EVERYTHING;
        };
    HubDay day = new HubDay();
    Future<Void> r =
        db.preparedQuery(RESOURCES)
            .execute(Tuple.of((Object) hubs))
            .map(
                rows -> {
                  for (Row row : rows) {
                    day.resources
                        .computeIfAbsent(row.getUUID("hub_id"), k -> new ArrayList<>())
                        .add(HubStore.Resource.of(row));
                  }
                  return null;
                });
    Future<Void> b =
        db.preparedQuery(bookings)
            .execute(window)
            .map(
                rows -> {
                  for (Row row : rows) {
                    day.bookings
                        .computeIfAbsent(row.getUUID("resource_id"), k -> new ArrayList<>())
                        .add(
                            new Booking(
                                row.getUUID("id"),
                                row.getUUID("resource_id"),
                                row.getUUID("employee_id"),
                                row.getString("employee_name"),
                                span(row),
                                row.getString("status"),
                                row.getString("cancel_reason")));
                  }
                  return null;
                });
    Tuple closureArgs =
        Tuple.tuple()
            .addValue(hubs)
            .addValue(from.atOffset(ZoneOffset.UTC))
            .addValue(to.atOffset(ZoneOffset.UTC));
    Future<Void> c =
        db.preparedQuery(CLOSURES)
            .execute(closureArgs)
            .map(
                rows -> {
                  for (Row row : rows) {
                    day.closures
                        .computeIfAbsent(row.getUUID("hub_id"), k -> new ArrayList<>())
                        .add(
                            new Closure(
                                row.getUUID("id"),
                                row.getUUID("resource_id"),
                                span(row),
                                row.getString("reason")));
                  }
                  return null;
                });
    return Future.all(r, b, c).map(day);
  }

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
