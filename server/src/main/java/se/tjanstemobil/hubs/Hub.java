package se.tjanstemobil.hubs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.availability.WeeklyInterval;
import se.tjanstemobil.availability.WeeklyPattern;

/** A work hub with its opening hours (in its own time zone) and its booking rules. */
public record Hub(
    UUID id,
    String externalId,
    String name,
    String municipality,
    String address,
    Double latitude,
    Double longitude,
    ZoneId zone,
    String ownerKind,
    String ownerName,
    String description,
    List<WeeklyInterval> openingHours,
    Rules rules) {

  /** How a hub may be booked; minutes unless named otherwise. */
  public record Rules(
      int horizonDays,
      int minMinutes,
      int maxMinutes,
      int maxPerDay,
      int checkInBeforeMinutes,
      int checkInAfterMinutes,
      int offerHoldMinutes) {

    JsonObject toJson() {
      return new JsonObject()
          .put("bookingHorizonDays", horizonDays)
          .put("minBookingMinutes", minMinutes)
          .put("maxBookingMinutes", maxMinutes)
          .put("maxBookingsPerDay", maxPerDay)
          .put("checkInOpensMinutesBefore", checkInBeforeMinutes)
          .put("checkInClosesMinutesAfter", checkInAfterMinutes)
          .put("waitlistOfferHoldMinutes", offerHoldMinutes);
    }
  }

  /** The columns {@link #of(Row)} reads, for `FROM hubs h`. */
  static final String COLUMNS =
      """
    h.id, h.external_id, h.name, h.municipality, h.address, h.latitude, h.longitude, h.time_zone, h.owner_kind,
    h.owner_name, h.description, h.opening_hours, h.horizon_days, h.min_minutes, h.max_minutes, h.max_per_day,
    h.check_in_before_minutes, h.check_in_after_minutes, h.offer_hold_minutes""";

  static Hub of(Row r) {
    Object hours = r.getValue("opening_hours");
    JsonArray opening = hours instanceof JsonArray a ? a : new JsonArray(String.valueOf(hours));
    return new Hub(
        r.getUUID("id"),
        r.getString("external_id"),
        r.getString("name"),
        r.getString("municipality"),
        r.getString("address"),
        r.getDouble("latitude"),
        r.getDouble("longitude"),
        ZoneId.of(r.getString("time_zone")),
        r.getString("owner_kind"),
        r.getString("owner_name"),
        r.getString("description"),
        WeeklyPattern.fromJson(opening),
        new Rules(
            r.getInteger("horizon_days"),
            r.getInteger("min_minutes"),
            r.getInteger("max_minutes"),
            r.getInteger("max_per_day"),
            r.getInteger("check_in_before_minutes"),
            r.getInteger("check_in_after_minutes"),
            r.getInteger("offer_hold_minutes")));
  }

  /** The hub as the API shows it (without resources). */
  JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("externalId", externalId)
        .put("name", name)
        .put("municipality", municipality)
        .put("address", address)
        .put(
            "location",
            latitude == null || longitude == null
                ? null
                : new JsonObject().put("latitude", latitude).put("longitude", longitude))
        .put("timeZone", zone.getId())
        .put("owner", new JsonObject().put("kind", ownerKind).put("name", ownerName))
        .put("description", description)
        .put("openingHours", WeeklyPattern.toJson(openingHours))
        .put("rules", rules.toJson());
  }
}
