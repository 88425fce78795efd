package se.tjanstemobil.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.tjanstemobil.support.HubFixture.at;
import static se.tjanstemobil.support.HubFixture.book;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.http.Times;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestClock;
import se.tjanstemobil.support.TestServer;

/**
 * Before a hub administrator closes the hub or changes its opening hours, the server says which
 * bookings that would cancel (who, which resource, when) and changes nothing; the change itself
 * then cancels exactly those in its own transaction and tells each booker, a notice held until
 * their working hours like any other. New opening hours never leave bookings outside them silently.
 */
class HubChangePreviewTest {

  // Tuesday 2026-12-01, 20:00 in Östersund: off duty for a 07-16 weekday worker.
  private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
  private static final LocalDate THURSDAY = TODAY.plusDays(2);
  private static final String HELD_UNTIL = TODAY.plusDays(1) + "T06:00:00Z";

  private static TestServer server;

  @BeforeAll
  static void start() {
    TestClock clock = new TestClock(at(TODAY, 20, 0).toInstant());
    server =
        TestServer.start(
            "hub_change_preview",
            Map.of("availability.defaultWeekly", List.of("MONDAY-FRIDAY 07:00-16:00")),
            clock);
    JsonObject org = Orgs.small();
    for (String p : new String[] {"alice", "bert", "carl", "dora", "erik", "hubadmin", "other"}) {
      org.getJsonArray("employees").add(Orgs.employee(p, "Person " + p, "WARD-A"));
    }
    server.importOrganisation(org);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Monday to Friday 07:00-18:00. */
  private static JsonArray weekdays() {
    JsonArray hours = new JsonArray();
    for (String d : new String[] {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"}) {
      hours.add(new JsonObject().put("day", d).put("start", "07:00").put("end", "18:00"));
    }
    return hours;
  }

  private static String hubWithAdmin(String name) {
    Api admin = server.as("admin");
    String hubId = HubFixture.hub(admin, name, weekdays(), null).getString("id");
    HubFixture.admin(admin, hubId, HubFixture.id(server.as("hubadmin")));
    return hubId;
  }

  private static String booked(String who, String resource, LocalDate day, int from, int to) {
    Api.Response r = book(server.as(who), resource, at(day, from, 0), at(day, to, 0));
    assertEquals(201, r.status(), r.text());
    return r.json().getString("id");
  }

  private static String status(String booking) {
    return server.as("hubadmin").get("/api/v1/bookings/" + booking).json().getString("status");
  }

  private static Api.Response patch(Api who, String path, JsonObject body) {
    return who.send(
        who.builder(path)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  /** The one notice in the person's inbox about a booking at the hub. */
  private static JsonObject noticeAbout(String who, String hub) {
    List<JsonObject> about =
        server.as(who).get("/api/v1/me/inbox").items().stream()
            .map(JsonObject.class::cast)
            .filter(e -> e.getString("body").contains(hub))
            .toList();
    assertEquals(1, about.size(), about.toString());
    return about.get(0);
  }

  private static List<String> ids(JsonArray bookings) {
    return bookings.stream().map(b -> ((JsonObject) b).getString("id")).toList();
  }

  private static JsonObject span(LocalDate from, int fromHour, LocalDate to, int toHour) {
    return new JsonObject()
        .put("start", Times.format(at(from, fromHour, 0).toOffsetDateTime()))
        .put("end", Times.format(at(to, toHour, 0).toOffsetDateTime()));
  }

  @Test
  void aClosurePreviewNamesWhatItWouldCancelAndTheClosureCancelsExactlyThat() {
    String hubId = hubWithAdmin("Arbetshubb Förhand");
    Api hubAdmin = server.as("hubadmin");
    String desk1 = HubFixture.resource(hubAdmin, hubId, "DESK", "Skrivbord 1");
    String desk2 = HubFixture.resource(hubAdmin, hubId, "DESK", "Skrivbord 2");
    String alice = booked("alice", desk1, THURSDAY, 8, 12);
    String dora = booked("dora", desk2, THURSDAY, 8, 12);
    String bert = booked("bert", desk2, THURSDAY, 13, 17);
    String carl = booked("carl", desk1, THURSDAY.plusDays(1), 8, 12);
    // Both desks are taken Thursday morning: Erik waits for one.
    JsonObject wait = span(THURSDAY, 8, THURSDAY, 12).put("kind", "DESK");
    assertEquals(201, server.as("erik").post("/api/v1/hubs/" + hubId + "/waitlist", wait).status());
    String preview = "/api/v1/hubs/" + hubId + "/closures/preview";

    // One desk, Thursday 10-14: Alice's morning, with who, which desk and when (no reason needed).
    JsonObject one =
        hubAdmin.post(preview, span(THURSDAY, 10, THURSDAY, 14).put("resourceId", desk1)).json();
    assertEquals(List.of(alice), ids(one.getJsonArray("bookings")), one.encode());
    JsonObject hit = one.getJsonArray("bookings").getJsonObject(0);
    assertEquals("Person alice", hit.getJsonObject("booker").getString("name"));
    assertEquals("Skrivbord 1", hit.getJsonObject("resource").getString("name"));
    assertEquals(THURSDAY + "T08:00:00+01:00", hit.getString("start"));
    assertEquals(THURSDAY + "T12:00:00+01:00", hit.getString("end"));
    assertEquals("BOOKED", hit.getString("status"));
    assertEquals(0, one.getLong("waitlist"));

    // The whole hub on Thursday: every booking that day, in time order, and the one waiting.
    JsonObject whole = span(THURSDAY, 0, THURSDAY.plusDays(1), 0);
    JsonObject all = hubAdmin.post(preview, whole).json();
    assertEquals(List.of(alice, dora, bert), ids(all.getJsonArray("bookings")), all.encode());
    assertEquals(1, all.getLong("waitlist"));

    // A preview changes nothing, and is for the hub's administrators only.
    for (String b : List.of(alice, dora, bert, carl)) {
      assertEquals("BOOKED", status(b));
    }
    assertEquals(0, server.count("SELECT count(*) FROM closures WHERE hub_id = '" + hubId + "'"));
    assertEquals(0, server.as("alice").get("/api/v1/me/inbox").items().size());
    assertEquals(403, server.as("other").post(preview, whole).status());
    JsonObject unknown =
        hubAdmin
            .post(preview, whole.copy().put("resourceId", "7b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b"))
            .problem(422);
    assertEquals("urn:tjanstemobil:problem:unknown-resource", unknown.getString("type"));
    assertEquals("Resursen finns inte i Arbetshubb Förhand", unknown.getString("detail"));

    // The closure cancels exactly what the preview named, and tells each booker, held until
    // their hours.
    Api.Response closed =
        hubAdmin.post("/api/v1/hubs/" + hubId + "/closures", whole.copy().put("reason", "Städdag"));
    assertEquals(201, closed.status(), closed.text());
    assertEquals(3, closed.json().getInteger("cancelledBookings"));
    for (String b : List.of(alice, dora, bert)) {
      assertEquals("CANCELLED", status(b));
    }
    assertEquals("BOOKED", status(carl));
    JsonObject notice = noticeAbout("bert", "Arbetshubb Förhand");
    assertEquals("Din bokning är avbokad", notice.getString("title"));
    assertEquals(
        "Skrivbord 2, Arbetshubb Förhand, torsdag 3 december kl. 13:00–17:00 är avbokad: stängt."
            + " Skäl: Städdag.",
        notice.getString("body"));
    assertEquals(HELD_UNTIL, notice.getString("heldUntil"));
  }

  @Test
  void newOpeningHoursCancelBookingsOnlyWithTheChangeAndTellTheirBookers() {
    String hubId = hubWithAdmin("Arbetshubb Timmar");
    Api hubAdmin = server.as("hubadmin");
    String desk = HubFixture.resource(hubAdmin, hubId, "DESK", "Skrivbord 1");
    LocalDate tuesday = TODAY.plusDays(7);
    String morning = booked("alice", desk, tuesday, 8, 12);
    String afternoon = booked("bert", desk, tuesday, 13, 17);
    String wednesday = booked("carl", desk, tuesday.plusDays(1), 13, 17);

    // Tuesdays close at noon from now on.
    JsonArray hours = new JsonArray();
    weekdays().stream()
        .map(JsonObject.class::cast)
        .forEach(
            d ->
                hours.add("TUESDAY".equals(d.getString("day")) ? d.copy().put("end", "12:00") : d));
    JsonArray shown =
        hubAdmin
            .post(
                "/api/v1/hubs/" + hubId + "/opening-hours/preview",
                new JsonObject().put("openingHours", hours))
            .json()
            .getJsonArray("bookings");
    assertEquals(List.of(afternoon), ids(shown), shown.encode());
    assertEquals("Person bert", shown.getJsonObject(0).getJsonObject("booker").getString("name"));
    assertEquals(tuesday + "T13:00:00+01:00", shown.getJsonObject(0).getString("start"));

    // Saved without saying what becomes of it: refused, naming the booking; nothing changes.
    String path = "/api/v1/hubs/" + hubId;
    JsonObject refused =
        patch(hubAdmin, path, new JsonObject().put("openingHours", hours)).problem(409);
    assertEquals("urn:tjanstemobil:problem:bookings-outside-hours", refused.getString("type"));
    assertEquals(
        "De nya öppettiderna lämnar en bokning utanför. Avboka dem med ändringen, så får bokarna"
            + " besked.",
        refused.getString("detail"));
    assertEquals(List.of(afternoon), ids(refused.getJsonArray("bookings")));
    assertEquals(weekdays(), hubAdmin.get(path).json().getJsonArray("openingHours"));
    assertEquals("BOOKED", status(afternoon));
    // In English for an administrator who reads English.
    assertEquals(
        200, hubAdmin.put("/api/v1/me/preferences", new JsonObject().put("locale", "en")).status());
    assertEquals(
        "The new opening hours leave one booking outside them. Cancel them with the change, and"
            + " their bookers are told.",
        patch(hubAdmin, path, new JsonObject().put("openingHours", hours))
            .problem(409)
            .getString("detail"));
    assertEquals(
        200, hubAdmin.put("/api/v1/me/preferences", new JsonObject().put("locale", "sv")).status());

    // Saved with cancelAffected: the hours and the cancellation in one step, the booker told.
    Api.Response saved =
        patch(
            hubAdmin,
            path,
            new JsonObject()
                .put("openingHours", hours)
                .put("cancelAffected", true)
                .put("reason", "Personalbrist på tisdagseftermiddagar"));
    assertEquals(200, saved.status(), saved.text());
    assertEquals(1, saved.json().getInteger("cancelledBookings"));
    assertEquals(hours, saved.json().getJsonArray("openingHours"));
    JsonObject cancelled = hubAdmin.get("/api/v1/bookings/" + afternoon).json();
    assertEquals("CANCELLED", cancelled.getString("status"));
    assertEquals("Personalbrist på tisdagseftermiddagar", cancelled.getString("cancelReason"));
    assertEquals(true, cancelled.getBoolean("cancelledByHub"));
    assertEquals("BOOKED", status(morning));
    assertEquals("BOOKED", status(wednesday));
    JsonObject notice = noticeAbout("bert", "Arbetshubb Timmar");
    assertEquals("Din bokning är avbokad", notice.getString("title"));
    assertEquals(
        "Skrivbord 1, Arbetshubb Timmar, tisdag 8 december kl. 13:00–17:00 är avbokad: den ligger"
            + " utanför hubbens nya öppettider. Skäl: Personalbrist på tisdagseftermiddagar.",
        notice.getString("body"));
    assertEquals(HELD_UNTIL, notice.getString("heldUntil"));
    assertTrue(
        server.count(
                "SELECT count(*) FROM audit_log WHERE action = 'HUB_UPDATED' AND object_id = '"
                    + hubId
                    + "' AND details->>'cancelledBookings' = '1'")
            == 1);

    // A change that leaves every booking inside the hours needs nothing more.
    Api.Response longer = patch(hubAdmin, path, new JsonObject().put("openingHours", weekdays()));
    assertEquals(200, longer.status(), longer.text());
    assertEquals(0, longer.json().getInteger("cancelledBookings"));
  }
}
