package se.tjanstemobil.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.tjanstemobil.support.HubFixture.at;
import static se.tjanstemobil.support.HubFixture.book;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.http.Times;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Eventually;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestClock;
import se.tjanstemobil.support.TestServer;

/**
 * A morning at a hub with two desks, on a clock the test controls: one booker checks in, one does
 * not and is released at the end of the check-in window; the first in the waitlist is offered the
 * freed desk, lets the offer lapse, and the second takes it. Then the hub's occupancy of the day.
 */
class CheckInAndWaitlistTest {

  private static final LocalDate DAY = LocalDate.of(2026, 12, 1);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static TestServer server;
  private static TestClock clock;

  @BeforeAll
  static void start() {
    clock = new TestClock(at(DAY, 6, 0).toInstant());
    server = TestServer.start("checkin", Map.of(), clock);
    JsonObject org = Orgs.small();
    for (String p :
        new String[] {"arrives", "stays-home", "first-in-line", "second-in-line", "hubadmin"}) {
      org.getJsonArray("employees").add(Orgs.employee(p, "Person " + p, "WARD-A"));
    }
    server.importOrganisation(org);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject waitlistEntry(Api who) {
    JsonArray items = who.get("/api/v1/me/waitlist").items();
    return items.isEmpty() ? null : items.getJsonObject(0);
  }

  @Test
  void aMorningOfCheckInsNoShowsAndTheWaitlist() {
    Api admin = server.as("admin");
    String hubId =
        HubFixture.hub(
                admin,
                "Arbetshubb Morgon",
                HubFixture.alwaysOpen(),
                new JsonObject()
                    .put("checkInOpensMinutesBefore", 15)
                    .put("checkInClosesMinutesAfter", 30)
                    .put("waitlistOfferHoldMinutes", 30))
            .getString("id");
    HubFixture.admin(admin, hubId, HubFixture.id(server.as("hubadmin")));
    Api hubAdmin = server.as("hubadmin");
    String desk1 = HubFixture.resource(hubAdmin, hubId, "DESK", "Skrivbord 1");
    String desk2 = HubFixture.resource(hubAdmin, hubId, "DESK", "Skrivbord 2");

    Api arrives = server.as("arrives");
    Api staysHome = server.as("stays-home");
    Api first = server.as("first-in-line");
    // The first in line reads English: the offer they are told of is written in English.
    assertEquals(
        200, first.put("/api/v1/me/preferences", new JsonObject().put("locale", "en")).status());
    Api second = server.as("second-in-line");
    String arrivesBooking =
        book(arrives, desk1, at(DAY, 8, 0), at(DAY, 12, 0)).json().getString("id");
    String noShowBooking =
        book(staysHome, desk2, at(DAY, 8, 0), at(DAY, 12, 0)).json().getString("id");

    // Both desks are taken 08-12: the waitlist is the way. While something is free it is refused.
    JsonObject wanted =
        new JsonObject()
            .put("kind", "DESK")
            .put("start", Times.format(at(DAY, 8, 0).toOffsetDateTime()))
            .put("end", Times.format(at(DAY, 12, 0).toOffsetDateTime()));
    JsonObject afternoon =
        wanted
            .copy()
            .put("start", Times.format(at(DAY, 13, 0).toOffsetDateTime()))
            .put("end", Times.format(at(DAY, 15, 0).toOffsetDateTime()));
    JsonObject notNeeded =
        first.post("/api/v1/hubs/" + hubId + "/waitlist", afternoon).problem(422);
    assertEquals("urn:tjanstemobil:problem:waitlist-not-needed", notNeeded.getString("type"));
    assertEquals(2, notNeeded.getJsonArray("freeResourceIds").size());
    assertEquals(201, first.post("/api/v1/hubs/" + hubId + "/waitlist", wanted).status());
    assertEquals(201, second.post("/api/v1/hubs/" + hubId + "/waitlist", wanted).status());
    assertEquals(
        "urn:tjanstemobil:problem:already-waiting",
        second.post("/api/v1/hubs/" + hubId + "/waitlist", wanted).problem(409).getString("type"));
    assertEquals(1, waitlistEntry(first).getInteger("position"));
    assertEquals(2, waitlistEntry(second).getInteger("position"));

    // 07:40: check-in has not opened (it opens 15 minutes before); said in the reader's language,
    // the time as words in the hub's zone.
    clock.set(at(DAY, 7, 40).toInstant());
    JsonObject notOpen =
        arrives
            .post("/api/v1/bookings/" + arrivesBooking + "/check-in", new JsonObject())
            .problem(422);
    assertEquals("urn:tjanstemobil:problem:check-in-not-open", notOpen.getString("type"));
    assertEquals("Incheckningen har inte öppnat", notOpen.getString("title"));
    assertEquals("Incheckningen öppnar tisdag 1 december kl. 07:45", notOpen.getString("detail"));
    assertEquals(
        200, arrives.put("/api/v1/me/preferences", new JsonObject().put("locale", "en")).status());
    assertEquals(
        "Check-in opens Tuesday 1 December at 07:45",
        arrives
            .post("/api/v1/bookings/" + arrivesBooking + "/check-in", new JsonObject())
            .problem(422)
            .getString("detail"));
    assertEquals(
        200, arrives.put("/api/v1/me/preferences", new JsonObject().put("locale", "sv")).status());
    // 07:50: it has; checking in twice answers the same.
    clock.set(at(DAY, 7, 50).toInstant());
    Api.Response checkedIn =
        arrives.post("/api/v1/bookings/" + arrivesBooking + "/check-in", new JsonObject());
    assertEquals("CHECKED_IN", checkedIn.json().getString("status"), checkedIn.text());
    assertEquals(
        200,
        arrives
            .post("/api/v1/bookings/" + arrivesBooking + "/check-in", new JsonObject())
            .status());
    // Only the booker checks in.
    assertEquals(
        403,
        hubAdmin
            .post("/api/v1/bookings/" + noShowBooking + "/check-in", new JsonObject())
            .status());

    // 08:29 nothing is released yet; at 08:30 the window has closed and the sweep releases it.
    clock.set(at(DAY, 8, 29).toInstant());
    assertEquals(
        "BOOKED", staysHome.get("/api/v1/bookings/" + noShowBooking).json().getString("status"));
    clock.set(at(DAY, 8, 30).toInstant());
    Eventually.until(
        "the no-show released",
        WAIT,
        () -> staysHome.get("/api/v1/bookings/" + noShowBooking).json().getString("status"),
        "NO_SHOW"::equals);
    assertEquals(
        "urn:tjanstemobil:problem:booking-released",
        staysHome
            .post("/api/v1/bookings/" + noShowBooking + "/check-in", new JsonObject())
            .problem(409)
            .getString("type"));
    JsonObject released =
        Eventually.until(
                "the release notice",
                WAIT,
                () -> staysHome.get("/api/v1/me/inbox").items(),
                i -> !i.isEmpty())
            .getJsonObject(0);
    assertEquals("Din bokning släpptes", released.getString("title"));
    assertEquals(null, released.getJsonObject("sender").getString("id"));
    assertEquals(
        "Skrivbord 2, Arbetshubb Morgon, tisdag 1 december kl. 08:00–12:00 släpptes eftersom du"
            + " inte checkade in i tid. Platsen är ledig för andra.",
        released.getString("body"));
    // The checked-in booking stays.
    assertEquals(
        "CHECKED_IN", arrives.get("/api/v1/bookings/" + arrivesBooking).json().getString("status"));

    // The freed desk is offered to the first in line, held for 30 minutes.
    JsonObject offer =
        Eventually.until(
            "the offer to the first in line",
            WAIT,
            () -> waitlistEntry(first),
            e -> "OFFERED".equals(e.getString("status")));
    String offered = offer.getString("bookingId");
    JsonObject offeredBooking = first.get("/api/v1/bookings/" + offered).json();
    assertEquals("OFFERED", offeredBooking.getString("status"));
    assertEquals(desk2, offeredBooking.getJsonObject("resource").getString("id"));
    assertTrue(
        offeredBooking.getString("offerExpiresAt").startsWith(DAY + "T09:00:00"),
        offeredBooking.encode());
    JsonObject offerNotice =
        Eventually.until(
                "the offer notice",
                WAIT,
                () -> first.get("/api/v1/me/inbox").items(),
                i -> !i.isEmpty())
            .getJsonObject(0);
    assertEquals("A place is free for you", offerNotice.getString("title"));
    assertEquals(
        "From the waitlist: Skrivbord 2, Arbetshubb Morgon, Tuesday 1 December 08:00–12:00 is held"
            + " for you. Confirm by Tuesday 1 December at 09:00, or it goes to the next in line.",
        offerNotice.getString("body"));
    // Nobody else can take the held desk meanwhile.
    assertEquals(409, book(hubAdmin, desk2, at(DAY, 9, 0), at(DAY, 10, 0)).status());

    // The first lets it lapse; at 09:00 it goes to the second, who confirms.
    clock.set(at(DAY, 9, 0).toInstant());
    Eventually.until(
        "the offer lapsed",
        WAIT,
        () -> waitlistEntry(first),
        e -> "EXPIRED".equals(e.getString("status")));
    assertEquals(
        "urn:tjanstemobil:problem:offer-expired",
        first
            .post("/api/v1/bookings/" + offered + "/confirm", new JsonObject())
            .problem(409)
            .getString("type"));
    JsonObject secondOffer =
        Eventually.until(
            "the offer to the second in line",
            WAIT,
            () -> waitlistEntry(second),
            e -> "OFFERED".equals(e.getString("status")));
    Api.Response confirmed =
        second.post(
            "/api/v1/bookings/" + secondOffer.getString("bookingId") + "/confirm",
            new JsonObject());
    assertEquals("BOOKED", confirmed.json().getString("status"), confirmed.text());
    assertEquals("BOOKED", waitlistEntry(second).getString("status"));
    // The booking started at 08, but its check-in window runs from the confirmation: 30 minutes
    // to get to the desk, and the sweeps meanwhile leave it booked.
    String secondBooking = secondOffer.getString("bookingId");
    assertTrue(
        confirmed
            .json()
            .getJsonObject("checkIn")
            .getString("closesAt")
            .startsWith(DAY + "T09:30:00"),
        confirmed.text());
    clock.set(at(DAY, 9, 20).toInstant());
    server.runJob("booking-sweeps");
    assertEquals(
        "BOOKED", second.get("/api/v1/bookings/" + secondBooking).json().getString("status"));
    Api.Response secondIn =
        second.post("/api/v1/bookings/" + secondBooking + "/check-in", new JsonObject());
    assertEquals("CHECKED_IN", secondIn.json().getString("status"), secondIn.text());

    // 10:00: the one who checked in leaves early; the booking ends now and desk 1 is free after it.
    clock.set(at(DAY, 10, 0).toInstant());
    JsonObject left = arrives.delete("/api/v1/bookings/" + arrivesBooking).json();
    assertEquals("CHECKED_IN", left.getString("status"));
    assertEquals(DAY + "T10:00:00+01:00", left.getString("end"));
    JsonArray free =
        second
            .get("/api/v1/hubs/" + hubId + "/availability?date=" + DAY)
            .json()
            .getJsonArray("resources")
            .getJsonObject(0)
            .getJsonArray("free");
    assertEquals(DAY + "T10:00:00+01:00", free.getJsonObject(0).getString("start"), free.encode());

    // The day in numbers: desk 1 held 2 h (checked in, left at 10); desk 2 has the second's booking
    // from 08 (the offer covered the wanted 08-12, checked in) and one no-show; two people waited.
    clock.set(at(DAY.plusDays(1), 9, 0).toInstant());
    JsonObject occupancy =
        hubAdmin.get("/api/v1/hubs/" + hubId + "/occupancy?from=" + DAY + "&to=" + DAY).json();
    JsonObject day = occupancy.getJsonArray("days").getJsonObject(0);
    assertEquals(2, day.getLong("waitlist"));
    assertEquals(24.0 * 2, day.getDouble("openHours"));
    assertEquals(6.0, day.getDouble("bookedHours"));
    assertEquals(1, occupancy.getJsonObject("totals").getLong("noShows"));
    String csv =
        hubAdmin
            .send(
                hubAdmin
                    .builder("/api/v1/hubs/" + hubId + "/occupancy?from=" + DAY + "&to=" + DAY)
                    .header("Accept", "text/csv")
                    .GET())
            .text();
    assertTrue(
        csv.startsWith(
            "Datum,Resurs,Typ,Öppet (timmar),Bokat (timmar),Beläggning,Bokningar,Incheckade,"
                + "Uteblivna,Avbokade,Väntelista\r\n"),
        csv);
    assertTrue(csv.contains(DAY + ",Skrivbord 1,Skrivbord,24.0,2.0,0.083,1,1,0,0,2\r\n"), csv);
    assertTrue(csv.contains(DAY + ",Skrivbord 2,Skrivbord,24.0,4.0,0.167,1,1,1,0,2\r\n"), csv);
    // In English for a hub administrator who reads English.
    assertEquals(
        200, hubAdmin.put("/api/v1/me/preferences", new JsonObject().put("locale", "en")).status());
    String english =
        hubAdmin
            .send(
                hubAdmin
                    .builder("/api/v1/hubs/" + hubId + "/occupancy?from=" + DAY + "&to=" + DAY)
                    .header("Accept", "text/csv")
                    .GET())
            .text();
    assertTrue(
        english.startsWith(
            "Date,Resource,Kind,Open hours,Booked hours,Utilisation,Bookings,Checked in,No-shows,"
                + "Cancelled,Waitlist\r\n"),
        english);
    assertTrue(english.contains(DAY + ",Skrivbord 1,Desk,24.0,2.0,0.083,1,1,0,0,2\r\n"), english);
    // Occupancy is for the hub's admins and HR, not for every employee.
    assertEquals(200, server.as("hr").get("/api/v1/hubs/" + hubId + "/occupancy").status());
    assertEquals(403, arrives.get("/api/v1/hubs/" + hubId + "/occupancy").status());
  }

  @Test
  void aHubInAnotherZoneSaysItsTimesInItsOwnZone() {
    // Tuesday 06:00 in Stockholm is 07:00 in Helsinki; the booker lives in Stockholm.
    clock.set(at(DAY, 6, 0).toInstant());
    try {
      Api admin = server.as("admin");
      Api.Response made =
          admin.post(
              "/api/v1/hubs",
              new JsonObject()
                  .put("name", "Arbetshubb Helsingfors")
                  .put("municipality", "Helsingfors")
                  .put("timeZone", "Europe/Helsinki")
                  .put("openingHours", HubFixture.alwaysOpen()));
      assertEquals(201, made.status(), made.text());
      String hubId = made.json().getString("id");
      String desk = HubFixture.resource(admin, hubId, "DESK", "Skrivbord H");
      ZoneId helsinki = ZoneId.of("Europe/Helsinki");
      LocalDate wednesday = DAY.plusDays(1);
      ZonedDateTime start = ZonedDateTime.of(wednesday, LocalTime.of(9, 0), helsinki);
      Api arrives = server.as("arrives");
      String booking = book(arrives, desk, start, start.plusHours(1)).json().getString("id");

      assertEquals(
          "Incheckningen öppnar onsdag 2 december kl. 08:45",
          arrives
              .post("/api/v1/bookings/" + booking + "/check-in", new JsonObject())
              .problem(422)
              .getString("detail"));
      Api other = server.as("stays-home");
      assertEquals(
          "Skrivbord H är bokad onsdag 2 december kl. 09:00–10:00",
          book(other, desk, start, start.plusHours(1)).problem(409).getString("detail"));
      assertEquals(
          200, other.put("/api/v1/me/preferences", new JsonObject().put("locale", "en")).status());
      assertEquals(
          "Skrivbord H is taken Wednesday 2 December 09:00–10:00",
          book(other, desk, start, start.plusHours(1)).problem(409).getString("detail"));
      assertEquals(
          200, other.put("/api/v1/me/preferences", new JsonObject().put("locale", "sv")).status());
    } finally {
      clock.set(at(DAY, 6, 0).toInstant());
    }
  }
}
