package se.tjanstemobil.availability;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import se.tjanstemobil.http.Times;
import se.tjanstemobil.i18n.Language;

/** An employee's availability as the contract's JSON. */
final class AvailabilityJson {

  private AvailabilityJson() {}

  /** GET /me/availability: the profile, the periods to come, and the answer for now. */
  static JsonObject view(
      Profiles.Profile p, List<AvailabilityStore.OwnPeriod> periods, Instant now) {
    JsonArray items = new JsonArray();
    periods.forEach(period -> items.add(period(period)));
    Instant dnd = p.schedule().dndUntil();
    return new JsonObject()
        .put("timeZone", p.zone().getId())
        .put("mode", p.schedule().mode().name())
        .put("weekly", WeeklyPattern.toJson(p.schedule().weekly()))
        .put("weeklyIsDefault", !p.customWeekly())
        .put("periods", items)
        .put("dndUntil", dnd == null || !dnd.isAfter(now) ? null : time(dnd))
        .put(
            "preferences",
            new JsonObject()
                .put("digest", p.digest())
                .put("hideOutsideHours", p.hideOutsideHours())
                .put(
                    "mutedCategories",
                    new JsonArray(p.mutedCategories().stream().sorted().toList()))
                .put("locale", p.locale()))
        .put("now", now(AvailabilityRules.statusAt(p.schedule(), now), p, now));
  }

  /** The `now` block, also in GET /me as reachableNow. */
  static JsonObject now(Status status, Profiles.Profile p, Instant now) {
    return new JsonObject()
        .put("reachable", status.reachable())
        .put("reason", status.reason().name())
        .put("until", status.until() == null ? null : time(status.until()))
        .put("text", AvailabilityTexts.summary(status, p.zone(), now).in(Language.of(p.locale())));
  }

  static JsonObject period(AvailabilityStore.OwnPeriod p) {
    return new JsonObject()
        .put("id", p.id().toString())
        .put("kind", p.kind())
        .put("absenceType", p.absenceType())
        .put("start", Times.format(p.start()))
        .put("end", Times.format(p.end()))
        .put("source", p.source())
        .put("note", p.note());
  }

  static JsonObject breakThrough(AvailabilityStore.BreakThrough b) {
    return new JsonObject()
        .put("messageId", b.messageId().toString())
        .put("title", b.title())
        .put("category", b.category())
        .put(
            "sender",
            new JsonObject().put("id", b.senderId().toString()).put("name", b.senderName()))
        .put("reason", b.urgentReason())
        .put("passed", b.passed())
        .put("at", Times.format(b.at()));
  }

  private static String time(Instant t) {
    return Times.format(t.atOffset(ZoneOffset.UTC));
  }
}
