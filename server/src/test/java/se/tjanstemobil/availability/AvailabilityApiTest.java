package se.tjanstemobil.availability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.http.Times;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/**
 * An employee's own availability over HTTP: what they set is what they see, and bad input changes
 * nothing.
 */
class AvailabilityApiTest {

  private static TestServer server;

  @BeforeAll
  static void start() {
    // The organisation's default here: weekdays 07:00-16:00, as in production.
    server =
        TestServer.start(
            "availability_api",
            Map.of("availability.defaultWeekly", List.of("MONDAY-FRIDAY 07:00-16:00")));
    server.importOrganisation(Orgs.small());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String iso(Instant t) {
    // With seconds always (toString() drops ":00", which the contract's date-time refuses).
    return Times.format(t.atOffset(ZoneOffset.UTC));
  }

  @Test
  void theDefaultPatternAppliesUntilIChangeItAndMyNightPatternCrossesMidnight() {
    Api nurse = server.as("nurse-a");
    JsonObject mine = nurse.get("/api/v1/me/availability").json();
    assertTrue(mine.getBoolean("weeklyIsDefault"));
    assertEquals(5, mine.getJsonArray("weekly").size());
    assertEquals("Europe/Stockholm", mine.getString("timeZone"));
    assertTrue(mine.getJsonObject("preferences").getBoolean("digest"));
    assertTrue(mine.getJsonObject("now").getString("text").length() > 3);

    JsonArray nights = new JsonArray();
    for (String day :
        new String[] {
          "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"
        }) {
      nights.add(new JsonObject().put("day", day).put("start", "22:00").put("end", "22:00"));
    }
    JsonObject after =
        nurse.put("/api/v1/me/availability/weekly", new JsonObject().put("weekly", nights)).json();
    assertFalse(after.getBoolean("weeklyIsDefault"));
    // 22:00 to 22:00 is the whole day: reachable now, whatever the time.
    assertTrue(after.getJsonObject("now").getBoolean("reachable"), after.encode());
    assertEquals("WORKING_HOURS", after.getJsonObject("now").getString("reason"));

    // Back to the organisation's default.
    JsonObject back =
        nurse.put("/api/v1/me/availability/weekly", new JsonObject().putNull("weekly")).json();
    assertTrue(back.getBoolean("weeklyIsDefault"));
  }

  @Test
  void theDefaultHoursHaveAFormThatAGeneratedClientCanSend() {
    Api nurse = server.as("manager-a");
    String weekly = "/api/v1/me/availability/weekly";
    JsonArray mondays =
        new JsonArray()
            .add(new JsonObject().put("day", "MONDAY").put("start", "09:00").put("end", "12:00"));
    assertFalse(
        nurse
            .put(weekly, new JsonObject().put("weekly", mondays))
            .json()
            .getBoolean("weeklyIsDefault"));

    // A generated client leaves nulls out: {useDefault: true} says it without one.
    Api.Response back = nurse.put(weekly, new JsonObject().put("useDefault", true));
    assertEquals(200, back.status(), back.text());
    assertTrue(back.json().getBoolean("weeklyIsDefault"));
    assertEquals(
        5, back.json().getJsonArray("weekly").size(), "the organisation's weekdays 07:00-16:00");
    assertTrue(
        server.count(
                "SELECT count(*) FROM availability_profiles p JOIN employees e ON e.id = p.employee_id "
                    + "WHERE e.external_id = 'manager-a' AND p.weekly IS NULL")
            == 1,
        "no pattern of her own stored");

    // An empty list is a pattern of its own (no working hours at all), not the default.
    JsonObject none = nurse.put(weekly, new JsonObject().put("weekly", new JsonArray())).json();
    assertFalse(none.getBoolean("weeklyIsDefault"));
    assertEquals(0, none.getJsonArray("weekly").size());
    // Neither a list nor the default, or both: 400, and nothing changes.
    assertEquals(
        "weekly",
        nurse
            .put(weekly, new JsonObject())
            .problem(400)
            .getJsonArray("errors")
            .getJsonObject(0)
            .getString("field"));
    assertEquals(
        "weekly",
        nurse
            .put(weekly, new JsonObject().put("useDefault", false))
            .problem(400)
            .getJsonArray("errors")
            .getJsonObject(0)
            .getString("field"));
    assertEquals(
        "useDefault",
        nurse
            .put(weekly, new JsonObject().put("useDefault", true).put("weekly", mondays))
            .problem(400)
            .getJsonArray("errors")
            .getJsonObject(0)
            .getString("field"));
    assertFalse(nurse.get("/api/v1/me/availability").json().getBoolean("weeklyIsDefault"));
    // The older form still works for the apps that send it; with a mode, too.
    JsonObject older =
        nurse.put(weekly, new JsonObject().putNull("weekly").put("mode", "SHIFTS")).json();
    assertTrue(older.getBoolean("weeklyIsDefault"));
    assertEquals("SHIFTS", older.getString("mode"));
    JsonObject explicit =
        nurse.put(weekly, new JsonObject().put("useDefault", true).putNull("weekly")).json();
    assertTrue(explicit.getBoolean("weeklyIsDefault"));
    assertEquals("WEEKLY", explicit.getString("mode"));
  }

  @Test
  void preferencesLeftOutStayAndAnEmptyListUnmutesEverything() {
    Api nurse = server.as("head");
    String prefs = "/api/v1/me/preferences";
    JsonObject muted =
        nurse
            .put(
                prefs,
                new JsonObject()
                    .put("mutedCategories", new JsonArray().add("SOCIAL").add("TRAINING"))
                    .put("digest", false))
            .json();
    assertEquals(
        new JsonArray().add("SOCIAL").add("TRAINING"), muted.getJsonArray("mutedCategories"));
    JsonObject kept = nurse.put(prefs, new JsonObject().put("hideOutsideHours", true)).json();
    assertEquals(
        new JsonArray().add("SOCIAL").add("TRAINING"), kept.getJsonArray("mutedCategories"));
    assertFalse(kept.getBoolean("digest"));
    nurse.put(prefs, new JsonObject().putNull("mutedCategories")).problem(400);
    nurse.put(prefs, new JsonObject().putNull("digest")).problem(400);
    assertEquals(
        2,
        nurse
            .get("/api/v1/me/availability")
            .json()
            .getJsonObject("preferences")
            .getJsonArray("mutedCategories")
            .size());
    JsonObject none =
        nurse.put(prefs, new JsonObject().put("mutedCategories", new JsonArray())).json();
    assertEquals(new JsonArray(), none.getJsonArray("mutedCategories"));
    assertTrue(none.getBoolean("hideOutsideHours"));
    assertFalse(none.getBoolean("digest"));
  }

  @Test
  void anAbsenceAndDoNotDisturbMakeMeUnreachableAndEndingThemIsSeen() {
    Api nurse = server.as("nurse-b");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    nurse.put(
        "/api/v1/me/availability/weekly",
        new JsonObject().put("weekly", new JsonArray()).put("mode", "SHIFTS"));
    Api.Response shift =
        nurse.post(
            "/api/v1/me/availability/periods",
            new JsonObject()
                .put("kind", "SHIFT")
                .put("start", iso(now.minus(Duration.ofHours(1))))
                .put("end", iso(now.plus(Duration.ofHours(7)))));
    assertEquals(201, shift.status(), shift.text());
    JsonObject on = nurse.get("/api/v1/me/availability").json().getJsonObject("now");
    assertEquals("SHIFT", on.getString("reason"));
    assertEquals(now.plus(Duration.ofHours(7)), Instant.parse(on.getString("until")));

    assertEquals(
        "SHIFT", nurse.get("/api/v1/me").json().getJsonObject("reachableNow").getString("reason"));
    JsonObject dnd =
        nurse
            .put(
                "/api/v1/me/availability/dnd",
                new JsonObject().put("until", iso(now.plus(Duration.ofHours(2)))))
            .json();
    assertEquals("DO_NOT_DISTURB", dnd.getJsonObject("now").getString("reason"));
    // GET /me says so at once (its answer is cached, and a change drops it).
    assertEquals(
        "DO_NOT_DISTURB",
        nurse.get("/api/v1/me").json().getJsonObject("reachableNow").getString("reason"));
    assertFalse(dnd.getJsonObject("now").getBoolean("reachable"));
    JsonObject ended = nurse.delete("/api/v1/me/availability/dnd").json();
    assertNull(ended.getString("dndUntil"));
    assertTrue(ended.getJsonObject("now").getBoolean("reachable"));
    assertTrue(
        nurse.get("/api/v1/me").json().getJsonObject("reachableNow").getBoolean("reachable"));

    Api.Response sick =
        nurse.post(
            "/api/v1/me/availability/periods",
            new JsonObject()
                .put("kind", "ABSENCE")
                .put("absenceType", "SICK_LEAVE")
                .put("start", iso(now.minus(Duration.ofMinutes(5))))
                .put("end", iso(now.plus(Duration.ofDays(2)))));
    assertEquals(201, sick.status(), sick.text());
    assertEquals(
        "ABSENCE",
        nurse.get("/api/v1/me/availability").json().getJsonObject("now").getString("reason"));
    assertEquals(
        "ABSENCE",
        nurse.get("/api/v1/me").json().getJsonObject("reachableNow").getString("reason"));
    assertEquals(
        204,
        nurse.delete("/api/v1/me/availability/periods/" + sick.json().getString("id")).status());
    assertEquals(
        "SHIFT",
        nurse.get("/api/v1/me/availability").json().getJsonObject("now").getString("reason"));
  }

  @Test
  void badInputIsRefusedAndChangesNothing() {
    Api nurse = server.as("manager-b");
    Instant now = Instant.now();
    long before = server.count("SELECT count(*) FROM availability_periods");
    // Times in the wrong order, no offset, unknown kind, a DND in the past or too long, a missing
    // field.
    assertEquals(
        "end",
        nurse
            .post(
                "/api/v1/me/availability/periods",
                new JsonObject()
                    .put("kind", "SHIFT")
                    .put("start", iso(now.plus(Duration.ofHours(2))))
                    .put("end", iso(now)))
            .problem(400)
            .getJsonArray("errors")
            .getJsonObject(0)
            .getString("field"));
    nurse
        .post(
            "/api/v1/me/availability/periods",
            new JsonObject()
                .put("kind", "HOLIDAY")
                .put("start", iso(now))
                .put("end", iso(now.plusSeconds(60))))
        .problem(400);
    nurse
        .post(
            "/api/v1/me/availability/periods",
            new JsonObject()
                .put("kind", "SHIFT")
                .put("start", "2026-11-23T07:00:00")
                .put("end", "2026-11-23T16:00:00"))
        .problem(400);
    nurse
        .post(
            "/api/v1/me/availability/periods",
            new JsonObject()
                .put("kind", "SHIFT")
                .put("start", iso(now))
                .put("end", iso(now.plus(Duration.ofDays(500)))))
        .problem(422);
    nurse
        .put(
            "/api/v1/me/availability/dnd", new JsonObject().put("until", iso(now.minusSeconds(60))))
        .problem(400);
    nurse
        .put(
            "/api/v1/me/availability/dnd",
            new JsonObject().put("until", iso(now.plus(Duration.ofDays(30)))))
        .problem(422);
    nurse
        .put(
            "/api/v1/me/availability/weekly",
            new JsonObject()
                .put(
                    "weekly",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("day", "MONDAY")
                                .put("start", "25:00")
                                .put("end", "16:00"))))
        .problem(400);
    nurse
        .raw("POST", "/api/v1/me/availability/periods", "application/json", "{\"kind\": \"SHIFT\",")
        .problem(400);
    // CRISIS cannot be muted.
    assertEquals(
        "urn:tjanstemobil:problem:crisis-not-mutable",
        nurse
            .put(
                "/api/v1/me/preferences",
                new JsonObject()
                    .put("mutedCategories", new JsonArray().add("SOCIAL").add("CRISIS")))
            .problem(422)
            .getString("type"));
    assertEquals(before, server.count("SELECT count(*) FROM availability_periods"));
    assertEquals(
        0,
        nurse
            .get("/api/v1/me/availability")
            .json()
            .getJsonObject("preferences")
            .getJsonArray("mutedCategories")
            .size());

    // Someone else's period is not found; no token is 401.
    Api other = server.as("nurse-a");
    Api.Response theirs =
        other.post(
            "/api/v1/me/availability/periods",
            new JsonObject()
                .put("kind", "ON_CALL")
                .put("start", iso(now))
                .put("end", iso(now.plus(Duration.ofHours(12)))));
    assertEquals(201, theirs.status());
    nurse.delete("/api/v1/me/availability/periods/" + theirs.json().getString("id")).problem(404);
    assertEquals(401, new Api(nurse.base()).get("/api/v1/me/availability").status());
  }

  @Test
  void theSchedulingSystemImportIsIdempotentAndReportsRejectedRows() {
    Api admin = server.as("admin");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    JsonObject file =
        new JsonObject()
            .put(
                "periods",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("externalId", "TC-1")
                            .put("employeeExternalId", "head")
                            .put("kind", "SHIFT")
                            .put("start", iso(now.plus(Duration.ofHours(1))))
                            .put("end", iso(now.plus(Duration.ofHours(9)))))
                    .add(
                        new JsonObject()
                            .put("externalId", "TC-2")
                            .put("employeeExternalId", "head")
                            .put("kind", "ABSENCE")
                            .put("absenceType", "VACATION")
                            .put("start", iso(now.plus(Duration.ofDays(3))))
                            .put("end", iso(now.plus(Duration.ofDays(10)))))
                    .add(
                        new JsonObject()
                            .put("externalId", "TC-3")
                            .put("employeeExternalId", "nobody")
                            .put("kind", "SHIFT")
                            .put("start", iso(now))
                            .put("end", iso(now.plus(Duration.ofHours(8)))))
                    .add(
                        new JsonObject()
                            .put("externalId", "TC-4")
                            .put("employeeExternalId", "head")
                            .put("kind", "SHIFT")
                            .put("start", iso(now.plus(Duration.ofHours(8))))
                            .put("end", iso(now))));
    JsonObject first = admin.post("/api/v1/admin/availability/import", file).json();
    assertEquals(2, first.getInteger("created"), first.encode());
    assertEquals(2, first.getJsonArray("rejected").size());
    assertEquals(1, first.getInteger("shiftWorkers"));
    JsonObject again = admin.post("/api/v1/admin/availability/import", file).json();
    assertEquals(0, again.getInteger("created"));
    assertEquals(2, again.getInteger("unchanged"));

    // The head of department is now a shift worker, off until the imported shift starts.
    JsonObject head = server.as("head").get("/api/v1/me/availability").json();
    assertEquals("SHIFTS", head.getString("mode"));
    assertEquals(
        now.plus(Duration.ofHours(1)), Instant.parse(head.getJsonObject("now").getString("until")));
    // An imported period is changed in the scheduling system, not by the employee.
    String imported = head.getJsonArray("periods").getJsonObject(0).getString("id");
    server.as("head").delete("/api/v1/me/availability/periods/" + imported).problem(409);

    JsonObject cancel =
        new JsonObject()
            .put(
                "periods",
                new JsonArray()
                    .add(new JsonObject().put("externalId", "TC-2").put("cancelled", true)));
    assertEquals(
        1, admin.post("/api/v1/admin/availability/import", cancel).json().getInteger("removed"));
    server.as("nurse-a").post("/api/v1/admin/availability/import", cancel).problem(403);
  }
}
