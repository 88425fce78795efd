package se.tjanstemobil.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.tjanstemobil.support.HubFixture.at;
import static se.tjanstemobil.support.HubFixture.book;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/**
 * Running hubs: ADMIN creates them and names their administrators; a HUB_ADMIN edits their own hub
 * and its resources (and no other), takes a resource out of use, and messages the people booked at
 * their hub on a day.
 */
class HubAdministrationTest {

  private static TestServer server;
  private static Api admin;
  private static String hubA;
  private static String hubB;
  private static String adminA;
  private static LocalDate tomorrow;

  @BeforeAll
  static void start() {
    server = TestServer.start("hub_admin");
    JsonObject org = Orgs.small();
    for (String p : new String[] {"admin-a", "admin-b", "visitor-1", "visitor-2", "visitor-3"}) {
      org.getJsonArray("employees").add(Orgs.employee(p, "Person " + p, "WARD-B"));
    }
    server.importOrganisation(org);
    admin = server.as("admin");
    hubA = HubFixture.hub(admin, "Arbetshubb A", HubFixture.alwaysOpen(), null).getString("id");
    hubB = HubFixture.hub(admin, "Arbetshubb B", HubFixture.alwaysOpen(), null).getString("id");
    adminA = HubFixture.id(server.as("admin-a"));
    HubFixture.admin(admin, hubA, adminA);
    HubFixture.admin(admin, hubB, HubFixture.id(server.as("admin-b")));
    tomorrow = ZonedDateTime.now(HubFixture.STOCKHOLM).toLocalDate().plusDays(1);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void onlyAdminsCreateHubsAndTheDetailsAreChecked() {
    JsonObject body =
        new JsonObject().put("name", "Arbetshubb Föllinge").put("municipality", "Krokom");
    assertEquals(403, server.as("admin-a").post("/api/v1/hubs", body).status());
    assertEquals(403, server.as("visitor-1").post("/api/v1/hubs", body).status());
    JsonObject badZone =
        admin.post("/api/v1/hubs", body.copy().put("timeZone", "Europe/Östersund")).problem(400);
    assertEquals("timeZone", badZone.getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(
        400,
        admin
            .post(
                "/api/v1/hubs",
                body.copy()
                    .put(
                        "rules",
                        new JsonObject()
                            .put("minBookingMinutes", 120)
                            .put("maxBookingMinutes", 60)))
            .status());
    assertEquals(
        400,
        admin
            .post(
                "/api/v1/hubs",
                body.copy().put("rules", new JsonObject().put("bookingHorizonDays", -1)))
            .status());
    assertEquals(
        400,
        admin
            .post(
                "/api/v1/hubs",
                body.copy()
                    .put(
                        "openingHours",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("day", "MONDAY")
                                    .put("start", "25:00")
                                    .put("end", "16:00"))))
            .status());
    assertEquals(
        400, admin.post("/api/v1/hubs", new JsonObject().put("name", "Utan kommun")).status());
    long hubs = server.count("SELECT count(*) FROM hubs");

    Api.Response created =
        admin.post(
            "/api/v1/hubs",
            body.copy()
                .put("externalId", "HUB-FOLLINGE")
                .put(
                    "owner",
                    new JsonObject().put("kind", "MUNICIPALITY").put("name", "Krokoms kommun"))
                .put(
                    "location",
                    new JsonObject().put("latitude", 63.6667).put("longitude", 14.6167)));
    assertEquals(201, created.status(), created.text());
    JsonObject hub = created.json();
    assertEquals("MUNICIPALITY", hub.getJsonObject("owner").getString("kind"));
    assertEquals("Europe/Stockholm", hub.getString("timeZone"));
    assertEquals(5, hub.getJsonArray("openingHours").size());
    assertEquals(30, hub.getJsonObject("rules").getInteger("bookingHorizonDays"));
    assertEquals(hubs + 1, server.count("SELECT count(*) FROM hubs"));
    assertEquals(
        409, admin.post("/api/v1/hubs", body.copy().put("externalId", "HUB-FOLLINGE")).status());
    assertEquals(
        1,
        server.count(
            "SELECT count(*) FROM audit_log WHERE action = 'HUB_CREATED' AND object_id = '"
                + hub.getString("id")
                + "'"));
  }

  @Test
  void aPatchTellsAFieldLeftOutFromAnEmptyListAndFromNull() {
    JsonObject created =
        admin
            .post(
                "/api/v1/hubs",
                new JsonObject()
                    .put("name", "Arbetshubb Hammarstrand")
                    .put("municipality", "Ragunda")
                    .put("description", "Plan 2")
                    .put("openingHours", HubFixture.alwaysOpen())
                    .put("location", new JsonObject().put("latitude", 63.1).put("longitude", 16.3)))
            .json();
    String hub = created.getString("id");
    String desk = HubFixture.resource(admin, hub, "DESK", "Skrivbord 1");
    String path = "/api/v1/hubs/" + hub;

    // Left out: unchanged, whatever else the patch changes.
    JsonObject renamed =
        patch(path, new JsonObject().put("name", "Arbetshubb Hammarstrand C")).json();
    assertEquals(7, renamed.getJsonArray("openingHours").size());
    assertEquals("Plan 2", renamed.getString("description"));
    assertEquals(63.1, renamed.getJsonObject("location").getDouble("latitude"));

    // Null where it may be: removed; where it may not: 400 and nothing changes.
    assertEquals(
        "openingHours",
        patch(path, new JsonObject().putNull("openingHours"))
            .problem(400)
            .getJsonArray("errors")
            .getJsonObject(0)
            .getString("field"));
    patch(path, new JsonObject().putNull("rules")).problem(400);
    patch(path, new JsonObject().putNull("name")).problem(400);
    assertEquals(7, admin.get(path).json().getJsonArray("openingHours").size());
    JsonObject cleared =
        patch(path, new JsonObject().putNull("description").putNull("location")).json();
    assertTrue(
        cleared.getValue("description") == null && cleared.getValue("location") == null,
        cleared.encode());
    assertEquals(7, cleared.getJsonArray("openingHours").size());

    // An empty list: the hub is closed, and nothing can be booked there.
    JsonObject closed = patch(path, new JsonObject().put("openingHours", new JsonArray())).json();
    assertEquals(new JsonArray(), closed.getJsonArray("openingHours"));
    assertEquals(new JsonArray(), admin.get(path).json().getJsonArray("openingHours"));
    assertEquals(
        "urn:tjanstemobil:problem:hub-closed",
        book(server.as("visitor-3"), desk, at(tomorrow, 10, 0), at(tomorrow, 11, 0))
            .problem(422)
            .getString("type"));
    assertEquals(
        new JsonArray(),
        patch(path, new JsonObject().put("rules", new JsonObject().put("maxBookingsPerDay", 3)))
            .json()
            .getJsonArray("openingHours"),
        "a later patch without it keeps it closed");

    // The same for a resource's features.
    String res = "/api/v1/resources/" + desk;
    assertEquals(
        new JsonArray().add("SCREEN"),
        patch(res, new JsonObject().put("features", new JsonArray().add("SCREEN")))
            .json()
            .getJsonArray("features"));
    assertEquals(
        new JsonArray().add("SCREEN"),
        patch(res, new JsonObject().put("capacity", 2)).json().getJsonArray("features"));
    patch(res, new JsonObject().putNull("features")).problem(400);
    patch(res, new JsonObject().putNull("name")).problem(400);
    JsonObject bare = patch(res, new JsonObject().put("features", new JsonArray())).json();
    assertEquals(new JsonArray(), bare.getJsonArray("features"));
    assertEquals(2, bare.getInteger("capacity"));
  }

  private static Api.Response patch(String path, JsonObject body) {
    return admin.raw("PATCH", path, "application/json", body.encode());
  }

  @Test
  void aHubAdminEditsTheirOwnHubAndNoOther() {
    Api a = server.as("admin-a");
    JsonObject change =
        new JsonObject()
            .put("description", "Plan 2, ring på klockan")
            .put("rules", new JsonObject().put("maxBookingsPerDay", 1));
    Api.Response patched =
        a.send(
            a.builder("/api/v1/hubs/" + hubA)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(change.encode())));
    assertEquals(200, patched.status(), patched.text());
    assertEquals("Plan 2, ring på klockan", patched.json().getString("description"));
    assertEquals(1, patched.json().getJsonObject("rules").getInteger("maxBookingsPerDay"));
    // Other rules are unchanged.
    assertEquals(30, patched.json().getJsonObject("rules").getInteger("checkInClosesMinutesAfter"));
    Api.Response other =
        a.send(
            a.builder("/api/v1/hubs/" + hubB)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(change.encode())));
    assertEquals(403, other.status());
    assertEquals(
        403,
        a.post(
                "/api/v1/hubs/" + hubB + "/resources",
                new JsonObject().put("kind", "DESK").put("name", "X"))
            .status());
    assertEquals(
        404,
        a.post(
                "/api/v1/hubs/7b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b/resources",
                new JsonObject().put("kind", "DESK").put("name", "X"))
            .status());
    assertEquals(
        403,
        a.post("/api/v1/hubs/" + hubA + "/admins", new JsonObject().put("employeeId", adminA))
            .status());

    String desk = HubFixture.resource(a, hubA, "DESK", "Skrivbord Fönster");
    assertEquals(
        409,
        a.post(
                "/api/v1/hubs/" + hubA + "/resources",
                new JsonObject().put("kind", "DESK").put("name", "Skrivbord Fönster"))
            .status());
    assertEquals(
        400,
        a.post(
                "/api/v1/hubs/" + hubA + "/resources",
                new JsonObject().put("kind", "SOFA").put("name", "Soffa"))
            .status());
    JsonObject got = server.as("visitor-1").get("/api/v1/hubs/" + hubA).json();
    assertEquals("Person admin-a", got.getJsonArray("admins").getJsonObject(0).getString("name"));
    assertTrue(
        got.getJsonArray("resources").stream()
            .anyMatch(
                r ->
                    desk.equals(((JsonObject) r).getString("id"))
                        && "Skrivbord Fönster".equals(((JsonObject) r).getString("name"))),
        got.encode());
  }

  @Test
  void takingAResourceOutOfUseCancelsItsBookingsAndTellsTheBookers() {
    Api b = server.as("admin-b");
    String booth = HubFixture.resource(b, hubB, "PHONE_BOOTH", "Telefonbås 1");
    String id =
        book(server.as("visitor-2"), booth, at(tomorrow, 9, 0), at(tomorrow, 10, 0))
            .json()
            .getString("id");
    JsonObject off = new JsonObject().put("active", false);
    Api.Response noReason =
        b.send(
            b.builder("/api/v1/resources/" + booth)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(off.encode())));
    assertEquals(400, noReason.status());
    Api.Response done =
        b.send(
            b.builder("/api/v1/resources/" + booth)
                .header("Content-Type", "application/json")
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofString(
                        off.copy().put("reason", "Ventilationen är trasig").encode())));
    assertEquals(200, done.status(), done.text());
    assertEquals(false, done.json().getBoolean("active"));
    assertEquals(1, done.json().getInteger("cancelledBookings"));
    assertEquals(
        "CANCELLED",
        server.as("visitor-2").get("/api/v1/bookings/" + id).json().getString("status"));
    assertTrue(
        server
            .as("visitor-2")
            .get("/api/v1/me/inbox")
            .items()
            .getJsonObject(0)
            .getString("body")
            .contains("Ventilationen är trasig"));
    assertEquals(
        "urn:tjanstemobil:problem:resource-inactive",
        book(server.as("visitor-3"), booth, at(tomorrow, 11, 0), at(tomorrow, 12, 0))
            .problem(422)
            .getString("type"));
    // Another hub's admin cannot touch it.
    Api a = server.as("admin-a");
    assertEquals(
        403,
        a.send(
                a.builder("/api/v1/resources/" + booth)
                    .header("Content-Type", "application/json")
                    .method(
                        "PATCH",
                        HttpRequest.BodyPublishers.ofString(
                            new JsonObject().put("active", true).encode())))
            .status());
  }

  @Test
  void aHubAdminMessagesThePeopleBookedAtTheirHubThatDay() {
    Api a = server.as("admin-a");
    String desk1 = HubFixture.resource(a, hubA, "DESK", "Skrivbord Hörn");
    String desk2 = HubFixture.resource(a, hubA, "DESK", "Skrivbord Mitt");
    LocalDate day = tomorrow.plusDays(2);
    book(server.as("visitor-1"), desk1, at(day, 8, 0), at(day, 12, 0));
    book(server.as("visitor-2"), desk2, at(day, 13, 0), at(day, 15, 0));
    // visitor-3 is booked the day after: not in the audience.
    book(server.as("visitor-3"), desk1, at(day.plusDays(1), 8, 0), at(day.plusDays(1), 12, 0));
    JsonObject message =
        new JsonObject()
            .put("title", "Hissen är avstängd")
            .put("body", "Använd trappan vid entré B.")
            .put("category", "OPERATIONS")
            .put(
                "audience",
                new JsonObject()
                    .put(
                        "hubs",
                        new JsonArray()
                            .add(new JsonObject().put("id", hubA).put("date", day.toString()))));
    JsonObject preview = a.post("/api/v1/messages/preview", message).json();
    assertEquals(2, preview.getInteger("recipients"));
    Api.Response sent = a.post("/api/v1/messages", message);
    assertEquals(201, sent.status(), sent.text());
    for (String who : new String[] {"visitor-1", "visitor-2"}) {
      assertTrue(
          server.as(who).get("/api/v1/me/inbox").items().stream()
              .anyMatch(e -> "Hissen är avstängd".equals(((JsonObject) e).getString("title"))),
          who);
    }
    assertTrue(
        server.as("visitor-3").get("/api/v1/me/inbox").items().stream()
            .noneMatch(e -> "Hissen är avstängd".equals(((JsonObject) e).getString("title"))));
    // Not another hub's people, not units, and not as a plain employee.
    JsonObject otherHub =
        message
            .copy()
            .put(
                "audience",
                new JsonObject()
                    .put(
                        "hubs",
                        new JsonArray()
                            .add(new JsonObject().put("id", hubB).put("date", day.toString()))));
    assertEquals(403, a.post("/api/v1/messages", otherHub).status());
    String unit =
        server.as("visitor-1").get("/api/v1/me").json().getJsonObject("unit").getString("id");
    assertEquals(
        403,
        a.post(
                "/api/v1/messages",
                message
                    .copy()
                    .put(
                        "audience",
                        new JsonObject()
                            .put("units", new JsonArray().add(new JsonObject().put("id", unit)))))
            .status());
    assertEquals(403, server.as("visitor-1").post("/api/v1/messages", message).status());
    // A hub that does not exist is not theirs either.
    JsonObject unknown =
        message
            .copy()
            .put(
                "audience",
                new JsonObject()
                    .put(
                        "hubs",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("id", "7b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b")
                                    .put("date", day.toString()))));
    assertEquals(403, a.post("/api/v1/messages", unknown).status());
  }

  @Test
  void theHubListShowsWhatIsFreeAndAnAdminCanBeRemoved() {
    Api admin = HubAdministrationTest.admin;
    String hubC =
        HubFixture.hub(admin, "Arbetshubb C", HubFixture.alwaysOpen(), null).getString("id");
    String d1 = HubFixture.resource(admin, hubC, "DESK", "Skrivbord 1");
    HubFixture.resource(admin, hubC, "ROOM", "Rum 1");
    // Desk 1 taken all day (the longest booking is 10 h, so two of them plus the rest taken too).
    LocalDate day = tomorrow.plusDays(3);
    assertEquals(201, book(server.as("visitor-1"), d1, at(day, 0, 0), at(day, 10, 0)).status());
    assertEquals(201, book(server.as("visitor-2"), d1, at(day, 10, 0), at(day, 20, 0)).status());
    assertEquals(
        201, book(server.as("visitor-3"), d1, at(day, 20, 0), at(day.plusDays(1), 0, 0)).status());
    JsonObject listed =
        server.as("visitor-1").get("/api/v1/hubs?municipality=krokom&date=" + day).items().stream()
            .map(JsonObject.class::cast)
            .filter(h -> hubC.equals(h.getString("id")))
            .findFirst()
            .orElseThrow();
    assertEquals(2, listed.getJsonObject("day").getInteger("resources"));
    assertEquals(1, listed.getJsonObject("day").getInteger("freeResources"));
    assertEquals(0, listed.getJsonObject("day").getJsonObject("freeByKind").getInteger("DESK"));
    assertEquals(1, listed.getJsonObject("day").getJsonObject("freeByKind").getInteger("ROOM"));
    assertEquals(
        0, server.as("visitor-1").get("/api/v1/hubs?municipality=Strömsund").items().size());

    String visitor = HubFixture.id(server.as("visitor-3"));
    HubFixture.admin(admin, hubC, visitor);
    assertEquals(
        200, server.as("visitor-3").get("/api/v1/hubs/" + hubC + "/bookings?date=" + day).status());
    assertEquals(204, admin.delete("/api/v1/hubs/" + hubC + "/admins/" + visitor).status());
    assertEquals(
        403, server.as("visitor-3").get("/api/v1/hubs/" + hubC + "/bookings?date=" + day).status());
    assertEquals(404, admin.delete("/api/v1/hubs/" + hubC + "/admins/" + visitor).status());
  }
}
