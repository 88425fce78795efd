package se.tjanstemobil.hubs;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import se.tjanstemobil.http.Times;

/** A booking as the API shows it, read with {@link #SELECT}; times in the hub's zone. */
final class BookingView {

  /** Add a WHERE on `b`. */
  static final String SELECT =
      """
    SELECT b.id, b.status, b.employee_id, e.name AS employee_name, lower(b.period) AS start_at, upper(b.period) AS end_at,
           b.local_date, b.series_id, b.offer_until, b.checked_in_at, b.cancelled_at, b.cancel_reason, b.released_at,
           b.cancelled_by, b.created_at, b.request_hash,
           r.id AS resource_id, r.name AS resource_name, r.kind AS resource_kind,
           h.id AS hub_id, h.name AS hub_name, h.municipality, h.address, h.time_zone,
           h.check_in_before_minutes, h.check_in_after_minutes, greatest(lower(b.period), b.confirmed_at) AS check_in_from
    FROM bookings b JOIN resources r ON r.id = b.resource_id JOIN hubs h ON h.id = b.hub_id
    JOIN employees e ON e.id = b.employee_id
    """;

  static final String BY_ID = SELECT + " WHERE b.id = $1";

  private BookingView() {}

  /**
   * @param withBooker whether to name the booker (the booker themself, a hub admin)
   */
  static JsonObject of(Row r, boolean withBooker) {
    ZoneId zone = ZoneId.of(r.getString("time_zone"));
    OffsetDateTime start = r.getOffsetDateTime("start_at");
    JsonObject json =
        new JsonObject()
            .put("id", r.getUUID("id").toString())
            .put("status", r.getString("status"))
            .put("start", local(start, zone))
            .put("end", local(r.getOffsetDateTime("end_at"), zone))
            .put("date", r.getLocalDate("local_date").toString())
            .put(
                "resource",
                new JsonObject()
                    .put("id", r.getUUID("resource_id").toString())
                    .put("name", r.getString("resource_name"))
                    .put("kind", r.getString("resource_kind")))
            .put(
                "hub",
                new JsonObject()
                    .put("id", r.getUUID("hub_id").toString())
                    .put("name", r.getString("hub_name"))
                    .put("municipality", r.getString("municipality"))
                    .put("address", r.getString("address"))
                    .put("timeZone", zone.getId()))
            .put(
                "checkIn",
                new JsonObject()
                    .put(
                        "opensAt",
                        local(start.minusMinutes(r.getInteger("check_in_before_minutes")), zone))
                    .put("closesAt", local(checkInCloses(r), zone))
                    .put("checkedInAt", local(r.getOffsetDateTime("checked_in_at"), zone)))
            .put(
                "seriesId",
                r.getUUID("series_id") == null ? null : r.getUUID("series_id").toString())
            .put(
                "offerExpiresAt",
                BookingStatus.OFFERED.is(r.getString("status"))
                    ? local(r.getOffsetDateTime("offer_until"), zone)
                    : null)
            .put("cancelledAt", local(r.getOffsetDateTime("cancelled_at"), zone))
            .put("cancelReason", r.getString("cancel_reason"))
            .put(
                "cancelledByHub",
                r.getUUID("cancelled_by") != null
                    && !r.getUUID("cancelled_by").equals(r.getUUID("employee_id")))
            .put("releasedAt", local(r.getOffsetDateTime("released_at"), zone))
            .put("createdAt", local(r.getOffsetDateTime("created_at"), zone));
    if (withBooker) {
      json.put(
          "booker",
          new JsonObject()
              .put("id", r.getUUID("employee_id").toString())
              .put("name", r.getString("employee_name")));
    }
    return json;
  }

  /**
   * When the check-in window closes: some minutes after the start, or after the confirmation of a
   * waitlist offer taken once the booking had started (see {@link #SELECT}'s check_in_from).
   */
  static OffsetDateTime checkInCloses(Row r) {
    return r.getOffsetDateTime("check_in_from").plusMinutes(r.getInteger("check_in_after_minutes"));
  }

  static String local(OffsetDateTime t, ZoneId zone) {
    return t == null ? null : Times.format(t.atZoneSameInstant(zone).toOffsetDateTime());
  }

  static String local(Instant t, ZoneId zone) {
    return t == null ? null : local(t.atOffset(ZoneOffset.UTC), zone);
  }
}
