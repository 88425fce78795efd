package se.tjanstemobil.hubs;

import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import se.tjanstemobil.availability.WeeklyInterval;
import se.tjanstemobil.availability.WeeklyPattern;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.i18n.Text;

/** What a PATCH (or a create) does to a hub: pure, no database. */
final class HubRules {

  static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Stockholm");
  static final List<WeeklyInterval> DEFAULT_OPENING =
      WeeklyPattern.fromConfig(List.of("MONDAY-FRIDAY 07:00-18:00"));
  static final Hub.Rules DEFAULT_RULES = new Hub.Rules(30, 30, 600, 2, 15, 30, 30);
  static final String DEFAULT_OWNER_KIND = "REGION";
  static final String DEFAULT_OWNER_NAME = "Region Jämtland Härjedalen";

  private HubRules() {}

  /** An external id for a hub created without one. */
  static String externalId(JsonObject body, String random) {
    return body.getString("externalId", "HUB-" + random.substring(0, 8).toUpperCase(Locale.ROOT));
  }

  /**
   * The hub with the body's fields applied, checked; a new one (with the defaults for what the body
   * leaves out) when {@code hub} is null. A field the body names replaces the old value, even with
   * null where the contract allows it (location, description); a field it leaves out is kept.
   */
  static Hub merge(Hub hub, JsonObject b) {
    Field f = new Field(b, hub);
    String name = f.text("name", Hub::name, null);
    String municipality = f.text("municipality", Hub::municipality, null);
    if (name == null || name.isBlank()) {
      throw Problem.badRequest("name", Text.of("hubs.field.hubName"));
    }
    if (municipality == null || municipality.isBlank()) {
      throw Problem.badRequest("municipality", Text.of("hubs.field.municipality"));
    }
    JsonObject location = b.getJsonObject("location");
    JsonObject owner = b.getJsonObject("owner");
    Hub.Rules rules =
        rules(b.getJsonObject("rules", new JsonObject()), f.kept(Hub::rules, DEFAULT_RULES));
    return new Hub(
        f.kept(Hub::id, null),
        f.kept(Hub::externalId, null),
        name.strip(),
        municipality.strip(),
        f.text("address", Hub::address, ""),
        f.given(
            "location",
            Hub::latitude,
            null,
            v -> location == null ? null : location.getDouble("latitude")),
        f.given(
            "location",
            Hub::longitude,
            null,
            v -> location == null ? null : location.getDouble("longitude")),
        f.given("timeZone", Hub::zone, DEFAULT_ZONE, v -> zone(b.getString("timeZone"))),
        owner == null ? f.kept(Hub::ownerKind, DEFAULT_OWNER_KIND) : owner.getString("kind"),
        owner == null ? f.kept(Hub::ownerName, DEFAULT_OWNER_NAME) : owner.getString("name"),
        f.given("description", Hub::description, null, v -> b.getString("description")),
        f.given(
            "openingHours",
            Hub::openingHours,
            DEFAULT_OPENING,
            v -> WeeklyPattern.fromJson(b.getJsonArray("openingHours"))),
        rules);
  }

  /** Whether the change moves the hub's opening hours in time: new hours, or a new zone. */
  static boolean hoursMove(Hub old, Hub changed) {
    return !old.openingHours().equals(changed.openingHours()) || !old.zone().equals(changed.zone());
  }

  /**
   * The bookings the hub's opening hours do not hold: each must fit inside its open time (as when
   * it is booked), in the hub's zone.
   */
  static List<BookingStore.Affected> outsideHours(Hub hub, List<BookingStore.Affected> live) {
    return live.stream()
        .filter(
            b -> {
              LocalDate first = b.span().start().atZone(hub.zone()).toLocalDate();
              LocalDate last = b.span().end().atZone(hub.zone()).toLocalDate();
              return OpeningHours.open(hub.openingHours(), hub.zone(), first, last).stream()
                  .noneMatch(o -> o.contains(b.span()));
            })
        .toList();
  }

  /** Each hub's day in its own zone, and the window and dates that cover them all (one load). */
  record Days(Map<UUID, LocalDate> dates, Span window, LocalDate first, LocalDate last) {}

  /** The day {@code rawDate} names (today in each hub's zone when null) for each of the hubs. */
  static Days days(List<Hub> hubs, String rawDate, Instant now) {
    Map<UUID, LocalDate> dates = new HashMap<>();
    Instant from = null;
    Instant to = null;
    LocalDate first = null;
    LocalDate last = null;
    for (Hub h : hubs) {
      LocalDate d = Intervals.date(rawDate, "date", now.atZone(h.zone()).toLocalDate());
      dates.put(h.id(), d);
      first = first == null || d.isBefore(first) ? d : first;
      last = last == null || d.isAfter(last) ? d : last;
      Span day = OpeningHours.day(d, h.zone());
      from = from == null || day.start().isBefore(from) ? day.start() : from;
      to = to == null || day.end().isAfter(to) ? day.end() : to;
    }
    return new Days(dates, new Span(from, to), first, last);
  }

  private static Hub.Rules rules(JsonObject r, Hub.Rules old) {
    Hub.Rules rules =
        new Hub.Rules(
            r.getInteger("bookingHorizonDays", old.horizonDays()),
            r.getInteger("minBookingMinutes", old.minMinutes()),
            r.getInteger("maxBookingMinutes", old.maxMinutes()),
            r.getInteger("maxBookingsPerDay", old.maxPerDay()),
            r.getInteger("checkInOpensMinutesBefore", old.checkInBeforeMinutes()),
            r.getInteger("checkInClosesMinutesAfter", old.checkInAfterMinutes()),
            r.getInteger("waitlistOfferHoldMinutes", old.offerHoldMinutes()));
    if (rules.minMinutes() > rules.maxMinutes()) {
      throw Problem.badRequest(
          "rules.minBookingMinutes", Text.of("hubs.field.minAboveMax", rules.maxMinutes()));
    }
    return rules;
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw Problem.badRequest("timeZone", Text.of("hubs.field.timeZone"));
    }
  }

  /**
   * One field of the merge: given in the body, or kept from the hub, or the default for a new one.
   */
  private record Field(JsonObject body, Hub hub) {

    <T> T kept(Function<Hub, T> old, T otherwise) {
      return hub == null ? otherwise : old.apply(hub);
    }

    <T> T given(String key, Function<Hub, T> old, T otherwise, Function<JsonObject, T> read) {
      return body.containsKey(key) ? read.apply(body) : kept(old, otherwise);
    }

    String text(String key, Function<Hub, String> old, String otherwise) {
      return body.getString(key, kept(old, otherwise));
    }
  }
}
