package se.tjanstemobil.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.tjanstemobil.support.HubFixture.at;
import static se.tjanstemobil.support.HubFixture.book;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestClock;
import se.tjanstemobil.support.TestServer;

/**
 * The nights the clocks change in Europe/Stockholm, at a hub open around the clock: a booking
 * across the fall-back night is as long as it really is, the day views of the 25-hour and the
 * 23-hour day are right, a weekly series keeps its local 08:00 across the change, and the calendar
 * feed (read with an independent parser) holds the right instants.
 */
class DaylightSavingTest {

  private static final LocalDate FALL_BACK = LocalDate.of(2026, 10, 25);
  private static final LocalDate SPRING_FORWARD = LocalDate.of(2027, 3, 28);

  private static TestServer server;
  private static TestClock clock;
  private static String hubId;
  private static String desk;

  @BeforeAll
  static void start() {
    clock = new TestClock(at(FALL_BACK.minusDays(5), 12, 0).toInstant());
    server = TestServer.start("dst", Map.of(), clock);
    JsonObject org = Orgs.small();
    org.getJsonArray("employees")
        .add(Orgs.employee("night-owl", "Nattuggla", "WARD-A"))
        .add(Orgs.employee("commuter", "Pendlare", "WARD-A"));
    server.importOrganisation(org);
    Api admin = server.as("admin");
    hubId =
        HubFixture.hub(
                admin,
                "Arbetshubb Dygnet Runt",
                HubFixture.alwaysOpen(),
                new JsonObject().put("maxBookingMinutes", 1440).put("bookingHorizonDays", 365))
            .getString("id");
    desk = HubFixture.resource(admin, hubId, "DESK", "Skrivbord 1");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aBookingAcrossTheFallBackNightIsNineHoursLong() {
    Api owl = server.as("night-owl");
    Api.Response r = book(owl, desk, at(FALL_BACK.minusDays(1), 22, 0), at(FALL_BACK, 6, 0));
    assertEquals(201, r.status(), r.text());
    JsonObject b = r.json();
    Instant start = OffsetDateTime.parse(b.getString("start")).toInstant();
    Instant end = OffsetDateTime.parse(b.getString("end")).toInstant();
    assertEquals(Duration.ofHours(9), Duration.between(start, end));
    // Each end carries the offset of its moment: summer time at 22:00, winter time at 06:00.
    assertTrue(b.getString("start").endsWith("+02:00"), b.getString("start"));
    assertTrue(b.getString("end").endsWith("+01:00"), b.getString("end"));
    assertEquals(FALL_BACK.minusDays(1).toString(), b.getString("date"));
    assertEquals(
        1,
        server.count(
            "SELECT count(*) FROM bookings WHERE upper(period) - lower(period) = interval '9 hours'"));
  }

  @Test
  void theDayViewsOfThe25HourAnd23HourDaysAreRight() {
    Api commuter = server.as("commuter");
    JsonObject fallBack =
        commuter.get("/api/v1/hubs/" + hubId + "/availability?date=" + FALL_BACK).json();
    assertEquals(25, fallBack.getInteger("hoursInDay"));
    assertEquals(FALL_BACK + "T00:00:00+02:00", fallBack.getString("dayStart"));
    assertEquals(FALL_BACK.plusDays(1) + "T00:00:00+01:00", fallBack.getString("dayEnd"));

    clock.set(at(SPRING_FORWARD.minusDays(3), 12, 0).toInstant());
    try {
      JsonObject spring =
          commuter.get("/api/v1/hubs/" + hubId + "/availability?date=" + SPRING_FORWARD).json();
      assertEquals(23, spring.getInteger("hoursInDay"));
      // A free desk's free time that day is 23 hours, all of it.
      JsonArray free = spring.getJsonArray("resources").getJsonObject(0).getJsonArray("free");
      assertEquals(1, free.size());
      Duration freeTime =
          Duration.between(
              OffsetDateTime.parse(free.getJsonObject(0).getString("start")),
              OffsetDateTime.parse(free.getJsonObject(0).getString("end")));
      assertEquals(Duration.ofHours(23), freeTime);
      // 02:30 does not exist that night: a booking 01:00-04:00 local is two hours.
      Api.Response r = book(commuter, desk, at(SPRING_FORWARD, 1, 0), at(SPRING_FORWARD, 4, 0));
      assertEquals(
          Duration.ofHours(2),
          Duration.between(
              OffsetDateTime.parse(r.json().getString("start")),
              OffsetDateTime.parse(r.json().getString("end"))));
      JsonObject occupancy =
          server
              .as("admin")
              .get(
                  "/api/v1/hubs/"
                      + hubId
                      + "/occupancy?from="
                      + SPRING_FORWARD
                      + "&to="
                      + SPRING_FORWARD)
              .json()
              .getJsonArray("days")
              .getJsonObject(0);
      assertEquals(23, occupancy.getInteger("hoursInDay"));
      assertEquals(23.0, occupancy.getDouble("openHours"));
      assertEquals(2.0, occupancy.getDouble("bookedHours"));
    } finally {
      clock.set(at(FALL_BACK.minusDays(5), 12, 0).toInstant());
    }
  }

  @Test
  void aWeeklySeriesKeepsItsLocalTimeAcrossTheChangeAndTheFeedHoldsTheRightInstants()
      throws Exception {
    Api commuter = server.as("commuter");
    // Wednesdays 08:00-16:00 from 21 October to 4 November: the 21st and 28th are on either side of
    // the change.
    JsonObject series =
        new JsonObject()
            .put("resourceId", desk)
            .put("weekdays", new JsonArray().add("WEDNESDAY"))
            .put("startTime", "08:00")
            .put("endTime", "16:00")
            .put("from", "2026-10-21")
            .put("to", "2026-11-04");
    Api.Response created = commuter.post("/api/v1/booking-series", series);
    assertEquals(201, created.status(), created.text());
    JsonArray results = created.json().getJsonArray("results");
    assertEquals(3, results.size());
    results.forEach(
        o -> assertEquals("BOOKED", ((JsonObject) o).getString("status"), results.encode()));
    JsonArray bookings = created.json().getJsonArray("bookings");
    assertEquals("2026-10-21T08:00:00+02:00", bookings.getJsonObject(0).getString("start"));
    assertEquals("2026-10-28T08:00:00+01:00", bookings.getJsonObject(1).getString("start"));

    // The feed, read by biweekly: the same instants, in the hub's zone.
    String url =
        commuter.post("/api/v1/me/calendar-feed", new JsonObject()).json().getString("url");
    String path = URI.create(url).getPath();
    Api.Response feed = server.api.get(path);
    assertEquals(200, feed.status(), feed.text());
    assertTrue(feed.contentType().startsWith("text/calendar"), feed.contentType());
    ICalendar ical = Biweekly.parse(feed.text()).first();
    assertTrue(
        ical.getTimezoneInfo().getComponents().stream()
            .anyMatch(tz -> "Europe/Stockholm".equals(tz.getTimezoneId().getValue())),
        feed.text());
    Map<String, VEvent> byUid = new HashMap<>();
    ical.getEvents().forEach(e -> byUid.put(e.getUid().getValue(), e));
    for (Object o : bookings) {
      JsonObject b = (JsonObject) o;
      VEvent e = byUid.get(b.getString("id") + "@tjanstemobil");
      assertEquals(
          OffsetDateTime.parse(b.getString("start")).toInstant(),
          e.getDateStart().getValue().toInstant());
      assertEquals(
          OffsetDateTime.parse(b.getString("end")).toInstant(),
          e.getDateEnd().getValue().toInstant());
      assertEquals("Skrivbord 1, Arbetshubb Dygnet Runt", e.getSummary().getValue());
    }
    // Cancelling the rest from 28 October leaves the first; the feed shows the others as cancelled.
    String seriesId = created.json().getString("id");
    JsonObject after =
        commuter.delete("/api/v1/booking-series/" + seriesId + "?from=2026-10-28").json();
    List<String> statuses =
        after.getJsonArray("bookings").stream()
            .map(x -> ((JsonObject) x).getString("status"))
            .toList();
    assertEquals(List.of("BOOKED", "CANCELLED", "CANCELLED"), statuses);
    ICalendar again = Biweekly.parse(server.api.get(path).text()).first();
    assertEquals(
        "CANCELLED",
        again.getEvents().stream()
            .filter(
                e ->
                    e.getUid()
                        .getValue()
                        .equals(
                            after.getJsonArray("bookings").getJsonObject(1).getString("id")
                                + "@tjanstemobil"))
            .findFirst()
            .orElseThrow()
            .getStatus()
            .getValue());
    // Someone else's series is not there for them; a regenerated feed makes the old URL stop
    // working.
    assertEquals(404, server.as("night-owl").get("/api/v1/booking-series/" + seriesId).status());
    String newUrl =
        commuter.post("/api/v1/me/calendar-feed", new JsonObject()).json().getString("url");
    assertEquals(404, server.api.get(path).status());
    assertEquals(200, server.api.get(URI.create(newUrl).getPath()).status());
    assertEquals(404, server.api.get("/api/v1/calendar/not-a-real-secret-at-all-xx.ics").status());
    assertEquals(400, server.api.get("/api/v1/calendar/short.ics").status());
  }

  @Test
  void aSeriesReportsWhyADateWasNotBooked() {
    Api owl = server.as("night-owl");
    LocalDate sunday = FALL_BACK.plusDays(7);
    // Someone holds the desk Sunday 06:00-08:00, so the series' Sunday 05:00-07:00 cannot be
    // booked.
    assertEquals(201, book(server.as("admin"), desk, at(sunday, 6, 0), at(sunday, 8, 0)).status());
    JsonObject series =
        new JsonObject()
            .put("resourceId", desk)
            .put("weekdays", new JsonArray().add("SUNDAY").add("MONDAY"))
            .put("startTime", "05:00")
            .put("endTime", "07:00")
            .put("from", sunday.toString())
            .put("to", sunday.plusDays(1).toString());
    JsonObject created = owl.post("/api/v1/booking-series", series).json();
    JsonArray results = created.getJsonArray("results");
    assertEquals("SKIPPED", results.getJsonObject(0).getString("status"), results.encode());
    assertEquals(
        "urn:tjanstemobil:problem:resource-taken",
        results.getJsonObject(0).getJsonObject("problem").getString("type"));
    assertEquals("BOOKED", results.getJsonObject(1).getString("status"));
    assertEquals(1, created.getJsonArray("bookings").size());
    assertEquals(
        400, owl.post("/api/v1/booking-series", series.copy().put("endTime", "04:00")).status());
    assertEquals(
        400, owl.post("/api/v1/booking-series", series.copy().put("to", "2026-10-01")).status());
    assertEquals(
        400,
        owl.post("/api/v1/booking-series", series.copy().put("weekdays", new JsonArray()))
            .status());
  }
}
