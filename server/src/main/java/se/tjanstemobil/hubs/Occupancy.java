package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.http.Csv;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.ReaderLanguage;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Text;

/**
 * How much a hub is used, per day and resource: open hours (opening hours minus closures), booked
 * hours (held by a booking that was kept: booked or checked in), utilisation, no-shows, and the
 * waitlist demand of the day, for decisions about premises (lokaloptimering). JSON or CSV.
 */
final class Occupancy {

  static final int LONGEST_DAYS = 366;

  /** The CSV's columns: the headers' keys (hubs.occupancy.*), in the reader's language. */
  private static final List<String> COLUMNS =
      List.of(
          "date",
          "resource",
          "kind",
          "openHours",
          "bookedHours",
          "utilisation",
          "bookings",
          "checkedIn",
          "noShows",
          "cancelled",
          "waitlist");

  private final Pool pool;
  private final Clock clock;

  Occupancy(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("getHubOccupancy").addHandler(Responses.handle(this::occupancy));
  }

  private Future<Reply> occupancy(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID hubId = Validated.pathUuid(rc, "hubId");
    return HubStore.load(pool, hubId)
        .compose(
            hub -> {
              HubAccess.requireSeesOccupancy(me, hubId, hub.name());
              LocalDate today = clock.instant().atZone(hub.zone()).toLocalDate();
              LocalDate from =
                  Intervals.date(Validated.query(rc, "from"), "from", today.minusDays(29));
              LocalDate to = Intervals.date(Validated.query(rc, "to"), "to", today);
              return occupancy(hub, from, to);
            })
        .map(
            body ->
                Csv.wanted(rc)
                    ? Reply.text(Csv.CONTENT_TYPE, csv(body, ReaderLanguage.of(rc)))
                    : Reply.ok(body));
  }

  /** The hub's use per day from..to; 400 when the range runs backwards or is too long. */
  private Future<JsonObject> occupancy(Hub hub, LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      throw Problem.badRequest("to", Text.of("hubs.field.toBeforeFrom"));
    }
    if (ChronoUnit.DAYS.between(from, to) >= LONGEST_DAYS) {
      throw Problem.badRequest("to", Text.of("hubs.field.rangeTooLong", LONGEST_DAYS - 1));
    }
    Span range =
        new Span(
            OpeningHours.day(from, hub.zone()).start(), OpeningHours.day(to, hub.zone()).end());
    Future<HubDay> loaded =
        HubStore.day(
            pool,
            new UUID[] {hub.id()},
            range.start(),
            range.end(),
            from,
            to,
            HubDay.Detail.EVERYTHING);
    Future<Map<LocalDate, Long>> waiting = WaitlistStore.demand(pool, hub.id(), from, to);
    return Future.all(loaded, waiting)
        .map(all -> compute(hub, loaded.result(), waiting.result(), from, to));
  }

  static JsonObject compute(
      Hub hub, HubDay data, Map<LocalDate, Long> waiting, LocalDate from, LocalDate to) {
    JsonArray days = new JsonArray();
    long openTotal = 0;
    long bookedTotal = 0;
    long noShowTotal = 0;
    long waitTotal = 0;
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      Span day = OpeningHours.day(d, hub.zone());
      JsonArray resources = new JsonArray();
      long dayOpen = 0;
      long dayBooked = 0;
      for (HubStore.Resource r : data.resources(hub.id())) {
        List<Span> open = data.open(hub, r, d);
        long openMin = Span.minutes(open);
        List<HubDay.Booking> that =
            data.bookingsOf(r.id()).stream().filter(b -> b.span().overlaps(day)).toList();
        List<Span> kept =
            that.stream()
                .filter(
                    b ->
                        BookingStatus.BOOKED.is(b.status())
                            || BookingStatus.CHECKED_IN.is(b.status()))
                .map(HubDay.Booking::span)
                .toList();
        List<Span> keptOpen = Span.minus(open, Span.minus(open, kept));
        long bookedMin = Span.minutes(keptOpen);
        long noShows = that.stream().filter(b -> BookingStatus.NO_SHOW.is(b.status())).count();
        if (openMin == 0 && that.isEmpty()) {
          continue;
        }
        dayOpen += openMin;
        dayBooked += bookedMin;
        noShowTotal += noShows;
        resources.add(
            new JsonObject()
                .put("id", r.id().toString())
                .put("name", r.name())
                .put("kind", r.kind())
                .put("openHours", hours(openMin))
                .put("bookedHours", hours(bookedMin))
                .put("utilisation", ratio(bookedMin, openMin))
                .put("bookings", kept.size())
                .put(
                    "checkedIn",
                    that.stream().filter(b -> BookingStatus.CHECKED_IN.is(b.status())).count())
                .put("noShows", noShows)
                .put(
                    "cancelled",
                    that.stream().filter(b -> BookingStatus.CANCELLED.is(b.status())).count()));
      }
      long w = waiting.getOrDefault(d, 0L);
      waitTotal += w;
      openTotal += dayOpen;
      bookedTotal += dayBooked;
      days.add(
          new JsonObject()
              .put("date", d.toString())
              .put("hoursInDay", Duration.between(day.start(), day.end()).toHours())
              .put("openHours", hours(dayOpen))
              .put("bookedHours", hours(dayBooked))
              .put("utilisation", ratio(dayBooked, dayOpen))
              .put("waitlist", w)
              .put("resources", resources));
    }
    return new JsonObject()
        .put(
            "hub",
            new JsonObject()
                .put("id", hub.id().toString())
                .put("name", hub.name())
                .put("timeZone", hub.zone().getId()))
        .put("from", from.toString())
        .put("to", to.toString())
        .put(
            "totals",
            new JsonObject()
                .put("openHours", hours(openTotal))
                .put("bookedHours", hours(bookedTotal))
                .put("utilisation", ratio(bookedTotal, openTotal))
                .put("noShows", noShowTotal)
                .put("waitlist", waitTotal))
        .put("days", days);
  }

  private static double hours(long minutes) {
    return Math.round(minutes / 60.0 * 100) / 100.0;
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? 0.0 : Math.round((double) part / whole * 1000) / 1000.0;
  }

  /** One row per day and resource, headers and kinds in the reader's language. */
  static String csv(JsonObject body, Language language) {
    StringBuilder out =
        new StringBuilder(
            Csv.line(
                COLUMNS.stream()
                    .map(c -> new Text("hubs.occupancy." + c, List.of()).in(language))
                    .toList()));
    for (Object o : body.getJsonArray("days")) {
      JsonObject day = (JsonObject) o;
      for (Object x : day.getJsonArray("resources")) {
        JsonObject r = (JsonObject) x;
        out.append(
            Csv.line(
                List.of(
                    day.getString("date"),
                    r.getString("name"),
                    BookingTexts.kind(r.getString("kind")).in(language),
                    r.getDouble("openHours"),
                    r.getDouble("bookedHours"),
                    r.getDouble("utilisation"),
                    r.getLong("bookings"),
                    r.getLong("checkedIn"),
                    r.getLong("noShows"),
                    r.getLong("cancelled"),
                    day.getLong("waitlist"))));
      }
    }
    return out.toString();
  }
}
