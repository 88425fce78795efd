package se.tjanstemobil.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.tjanstemobil.support.HubFixture.at;
import static se.tjanstemobil.support.HubFixture.book;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.http.Times;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/** Booking over HTTP, with the database as the guard: contention, rules, privacy, bad input. */
class BookingTest {

  private static final int CROWD = 100;

  private static TestServer server;
  private static Api admin;
  private static String hubId;
  private static String desk1;
  private static String desk2;
  private static String desk3;
  private static String room;
  private static LocalDate tomorrow;

  @BeforeAll
  static void start() {
    server = TestServer.start("booking");
    JsonObject org = Orgs.small();
    for (int i = 0; i < CROWD; i++) {
      org.getJsonArray("employees").add(Orgs.employee("crowd-" + i, "Person " + i, "WARD-A"));
    }
    org.getJsonArray("employees").add(Orgs.employee("hubadmin", "Hugo Hubb", "REG"));
    server.importOrganisation(org);
    admin = server.as("admin");
    JsonObject hub =
        HubFixture.hub(
            admin,
            "Arbetshubb Test",
            HubFixture.alwaysOpen(),
            new JsonObject()
                .put("maxBookingsPerDay", 2)
                .put("maxBookingMinutes", 600)
                .put("bookingHorizonDays", 30));
    hubId = hub.getString("id");
    HubFixture.admin(admin, hubId, HubFixture.id(server.as("hubadmin")));
    Api hubAdmin = server.as("hubadmin");
    desk1 = HubFixture.resource(hubAdmin, hubId, "DESK", "Skrivbord 1");
    desk2 = HubFixture.resource(hubAdmin, hubId, "DESK", "Skrivbord 2");
    desk3 = HubFixture.resource(hubAdmin, hubId, "DESK", "Skrivbord 3");
    room = HubFixture.resource(hubAdmin, hubId, "ROOM", "Mötesrum Storsjön");
    tomorrow = ZonedDateTime.now(HubFixture.STOCKHOLM).toLocalDate().plusDays(1);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static long liveBookings(String resourceId) {
    return server.count(
        "SELECT count(*) FROM bookings WHERE resource_id = '"
            + resourceId
            + "' AND status IN ('OFFERED', 'BOOKED', 'CHECKED_IN')");
  }

  @Test
  void hundredPeopleAtOnceForOneDeskGetOneBooking() throws Exception {
    List<Api> crowd = new ArrayList<>();
    for (int i = 0; i < CROWD; i++) {
      crowd.add(server.as("crowd-" + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(CROWD);
    try {
      List<Callable<Api.Response>> calls = new ArrayList<>();
      for (Api who : crowd) {
        calls.add(() -> book(who, desk1, at(tomorrow, 8, 0), at(tomorrow, 12, 0)));
      }
      List<Future<Api.Response>> results = pool.invokeAll(calls);
      int created = 0;
      int conflicts = 0;
      for (Future<Api.Response> f : results) {
        Api.Response r = f.get();
        if (r.status() == 201) {
          created++;
        } else {
          JsonObject p = r.problem(409);
          assertEquals("urn:tjanstemobil:problem:resource-taken", p.getString("type"));
          assertTrue(
              p.getString("detail").startsWith("Skrivbord 1 är bokad ")
                  && p.getString("detail").endsWith(" kl. 08:00–12:00"),
              p.getString("detail"));
          assertEquals(
              at(tomorrow, 8, 0).toOffsetDateTime().toInstant(),
              OffsetDateTime.parse(p.getJsonObject("taken").getString("start")).toInstant());
          conflicts++;
        }
      }
      assertEquals(1, created);
      assertEquals(CROWD - 1, conflicts);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, liveBookings(desk1));
  }

  @Test
  void oneEmployeeAskingForTwoDesksAtOnceGetsOne() throws Exception {
    Api nurse = server.as("nurse-b");
    LocalDate day = tomorrow.plusDays(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Api.Response> a = pool.submit(() -> book(nurse, desk2, at(day, 9, 0), at(day, 11, 0)));
      Future<Api.Response> b =
          pool.submit(() -> book(nurse, desk3, at(day, 10, 0), at(day, 12, 0)));
      List<Integer> statuses = new ArrayList<>(List.of(a.get().status(), b.get().status()));
      statuses.sort(null);
      assertEquals(List.of(201, 409), statuses);
      Api.Response lost = a.get().status() == 409 ? a.get() : b.get();
      assertEquals("urn:tjanstemobil:problem:already-booked", lost.problem(409).getString("type"));
    } finally {
      pool.shutdownNow();
    }
    assertEquals(
        1,
        server.count(
            "SELECT count(*) FROM bookings b JOIN employees e ON e.id = b.employee_id "
                + "WHERE e.external_id = 'nurse-b' AND b.local_date = '"
                + day
                + "' AND b.status = 'BOOKED'"));
  }

  @Test
  void backToBackBookingsBothSucceed() {
    LocalDate day = tomorrow.plusDays(2);
    Api first = server.as("crowd-1");
    Api second = server.as("crowd-2");
    assertEquals(201, book(first, room, at(day, 8, 0), at(day, 10, 0)).status());
    Api.Response next = book(second, room, at(day, 10, 0), at(day, 12, 0));
    assertEquals(201, next.status(), next.text());
    // One minute into the first one is a conflict.
    assertEquals(409, book(server.as("crowd-3"), room, at(day, 9, 59), at(day, 10, 30)).status());
  }

  @Test
  void theHubsRulesAreNamedWhenBroken() {
    Api nurse = server.as("nurse-a");
    LocalDate day = tomorrow.plusDays(3);
    assertEquals(
        "urn:tjanstemobil:problem:booking-too-far-ahead",
        book(nurse, desk2, at(day.plusDays(40), 8, 0), at(day.plusDays(40), 10, 0))
            .problem(422)
            .getString("type"));
    assertEquals(
        "urn:tjanstemobil:problem:booking-too-long",
        book(nurse, desk2, at(day, 6, 0), at(day, 17, 0)).problem(422).getString("type"));
    assertEquals(
        "urn:tjanstemobil:problem:booking-too-short",
        book(nurse, desk2, at(day, 8, 0), at(day, 8, 10)).problem(422).getString("type"));
    assertEquals(
        "urn:tjanstemobil:problem:booking-in-the-past",
        book(nurse, desk2, at(day.minusDays(10), 8, 0), at(day.minusDays(10), 10, 0))
            .problem(422)
            .getString("type"));
    assertEquals(201, book(nurse, desk2, at(day, 8, 0), at(day, 9, 0)).status());
    assertEquals(201, book(nurse, desk2, at(day, 10, 0), at(day, 11, 0)).status());
    JsonObject tooMany = book(nurse, desk3, at(day, 13, 0), at(day, 14, 0)).problem(422);
    assertEquals("urn:tjanstemobil:problem:too-many-bookings", tooMany.getString("type"));
    assertTrue(
        tooMany.getString("detail").startsWith("Du har 2 bokningar i ")
            && tooMany.getString("detail").endsWith("; hubben tillåter 2 om dagen"),
        tooMany.getString("detail"));
  }

  @Test
  void anIdempotencyKeyAnswersTheRetryAsTheFirstTime() {
    Api nurse = server.as("crowd-5");
    LocalDate day = tomorrow.plusDays(4);
    JsonObject body =
        new JsonObject()
            .put("resourceId", desk3)
            .put("start", Times.format(at(day, 8, 0).toOffsetDateTime()))
            .put("end", Times.format(at(day, 9, 0).toOffsetDateTime()));
    Api.Response first =
        nurse.send(
            nurse
                .builder("/api/v1/bookings")
                .header("Idempotency-Key", "booking-retry-1")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    Api.Response again =
        nurse.send(
            nurse
                .builder("/api/v1/bookings")
                .header("Idempotency-Key", "booking-retry-1")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    assertEquals(201, first.status(), first.text());
    assertEquals(201, again.status(), again.text());
    assertEquals(first.json().getString("id"), again.json().getString("id"));
    assertEquals(
        1,
        server.count(
            "SELECT count(*) FROM bookings b JOIN employees e ON e.id = b.employee_id "
                + "WHERE e.external_id = 'crowd-5' AND b.local_date = '"
                + day
                + "'"));
    // The same key with another body is refused, not a second booking.
    JsonObject other = body.copy().put("end", Times.format(at(day, 10, 0).toOffsetDateTime()));
    Api.Response reused =
        nurse.send(
            nurse
                .builder("/api/v1/bookings")
                .header("Idempotency-Key", "booking-retry-1")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(other.encode())));
    assertEquals(
        "urn:tjanstemobil:problem:idempotency-key-reused", reused.problem(422).getString("type"));
  }

  @Test
  void employeesSeeTakenAndFreeButNotWhoOnlyHubAdminsDo() {
    LocalDate day = tomorrow.plusDays(5);
    Api booker = server.as("crowd-7");
    String bookingId = book(booker, desk2, at(day, 8, 0), at(day, 12, 0)).json().getString("id");

    JsonObject seenByOther =
        server.as("crowd-8").get("/api/v1/hubs/" + hubId + "/availability?date=" + day).json();
    JsonObject desk = resource(seenByOther, desk2);
    JsonObject taken = desk.getJsonArray("taken").getJsonObject(0);
    assertFalse(taken.containsKey("booker"));
    assertFalse(taken.containsKey("bookingId"));
    assertEquals(24, seenByOther.getInteger("hoursInDay"));
    // Free: the day minus 08:00-12:00.
    JsonArray free = desk.getJsonArray("free");
    assertEquals(2, free.size());
    assertTrue(free.getJsonObject(0).getString("end").startsWith(day + "T08:00:00"), free.encode());

    JsonObject seenByBooker =
        server.as("crowd-7").get("/api/v1/hubs/" + hubId + "/availability?date=" + day).json();
    assertEquals(
        true,
        resource(seenByBooker, desk2).getJsonArray("taken").getJsonObject(0).getBoolean("mine"));

    JsonObject seenByHubAdmin =
        server.as("hubadmin").get("/api/v1/hubs/" + hubId + "/availability?date=" + day).json();
    assertEquals(
        "Person 7",
        resource(seenByHubAdmin, desk2)
            .getJsonArray("taken")
            .getJsonObject(0)
            .getJsonObject("booker")
            .getString("name"));

    // The booking itself: the booker and the hub admin see it; anyone else is told it does not
    // exist.
    assertEquals(200, booker.get("/api/v1/bookings/" + bookingId).status());
    assertEquals(200, server.as("hubadmin").get("/api/v1/bookings/" + bookingId).status());
    assertEquals(404, server.as("crowd-8").get("/api/v1/bookings/" + bookingId).status());
    assertEquals(404, server.as("crowd-8").delete("/api/v1/bookings/" + bookingId).status());
    assertEquals(
        403, server.as("crowd-8").get("/api/v1/hubs/" + hubId + "/bookings?date=" + day).status());
  }

  @Test
  void aHubAdminCancelsWithAReasonAndTheBookerIsTold() {
    LocalDate day = tomorrow.plusDays(6);
    Api booker = server.as("crowd-9");
    String id = book(booker, room, at(day, 13, 0), at(day, 15, 0)).json().getString("id");
    Api hubAdmin = server.as("hubadmin");
    assertEquals(
        "reason",
        hubAdmin
            .delete("/api/v1/bookings/" + id)
            .problem(400)
            .getJsonArray("errors")
            .getJsonObject(0)
            .getString("field"));
    Api.Response cancelled =
        hubAdmin.delete(
            "/api/v1/bookings/" + id + "?reason=Rummet%20beh%C3%B6vs%20f%C3%B6r%20krisledning");
    assertEquals(200, cancelled.status(), cancelled.text());
    assertEquals("CANCELLED", cancelled.json().getString("status"));
    assertEquals(true, cancelled.json().getBoolean("cancelledByHub"));
    JsonArray inbox = booker.get("/api/v1/me/inbox").items();
    assertEquals(1, inbox.size(), inbox.encode());
    JsonObject notice = inbox.getJsonObject(0);
    assertEquals("Din bokning är avbokad", notice.getString("title"));
    assertTrue(
        notice.getString("body").contains("Rummet behövs för krisledning"),
        notice.getString("body"));
    assertEquals("Hugo Hubb", notice.getJsonObject("sender").getString("name"));
    // The room is free again.
    assertEquals(201, book(server.as("crowd-10"), room, at(day, 13, 0), at(day, 15, 0)).status());
    // Cancelling again is a conflict, the data unchanged.
    assertEquals(409, booker.delete("/api/v1/bookings/" + id).status());
  }

  @Test
  void theBookerCancelsAndSeesItInTheirList() {
    LocalDate day = tomorrow.plusDays(7);
    Api booker = server.as("crowd-11");
    String id = book(booker, desk1, at(day, 8, 0), at(day, 9, 0)).json().getString("id");
    Api.Response mine = booker.get("/api/v1/me/bookings?from=" + day + "&to=" + day);
    assertEquals(1, mine.items().size());
    assertEquals("BOOKED", mine.items().getJsonObject(0).getString("status"));
    assertNotNull(mine.items().getJsonObject(0).getJsonObject("checkIn").getString("opensAt"));
    Api.Response cancelled = booker.delete("/api/v1/bookings/" + id);
    assertEquals("CANCELLED", cancelled.json().getString("status"));
    assertEquals(false, cancelled.json().getBoolean("cancelledByHub"));
    assertNull(cancelled.json().getString("cancelReason"));
    assertEquals(0, booker.get("/api/v1/me/inbox").items().size());
  }

  @Test
  void badInputIsRefusedAndNothingIsStored() {
    Api nurse = server.as("crowd-12");
    long before = server.count("SELECT count(*) FROM bookings");
    LocalDate day = tomorrow.plusDays(8);
    JsonObject backwards = book(nurse, desk1, at(day, 10, 0), at(day, 8, 0)).problem(400);
    assertEquals("end", backwards.getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(
        400,
        nurse.raw("POST", "/api/v1/bookings", "application/json", "{\"resourceId\":").status());
    assertEquals(
        400,
        nurse
            .post(
                "/api/v1/bookings",
                new JsonObject().put("resourceId", 42).put("start", "x").put("end", "y"))
            .status());
    assertEquals(
        400,
        nurse
            .post(
                "/api/v1/bookings",
                new JsonObject()
                    .put("resourceId", desk1)
                    .put("start", "2026-12-01T08:00:00")
                    .put("end", "2026-12-01T09:00:00"))
            .status());
    assertEquals(
        "urn:tjanstemobil:problem:unknown-resource",
        book(nurse, "7b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b", at(day, 8, 0), at(day, 9, 0))
            .problem(422)
            .getString("type"));
    assertEquals(
        413,
        nurse
            .raw(
                "POST",
                "/api/v1/bookings",
                "application/json",
                "{\"resourceId\":\"" + desk1 + "\",\"start\":\"" + "x".repeat(300_000) + "\"}")
            .status());
    assertEquals(before, server.count("SELECT count(*) FROM bookings"));
  }

  private static JsonObject resource(JsonObject day, String id) {
    for (Object o : day.getJsonArray("resources")) {
      JsonObject r = (JsonObject) o;
      if (r.getString("id").equals(id)) {
        return r;
      }
    }
    throw new AssertionError("no resource " + id + " in " + day.encode());
  }
}
