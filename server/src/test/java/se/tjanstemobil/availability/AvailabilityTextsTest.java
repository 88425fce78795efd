package se.tjanstemobil.availability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestClock;
import se.tjanstemobil.support.TestServer;

/**
 * What availability writes for a person, in their language (Swedish by default, English for a
 * person with locale en) with times as words in their own zone: the "now" sentence (across the
 * spring night the clocks go forward), refusals of their own changes, and the scheduling import's
 * rejected rows. The clock only moves forward (GET /me caches its answer until it changes).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AvailabilityTextsTest {

  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

  private static TestClock clock;
  private static TestServer server;

  @BeforeAll
  static void start() {
    // Friday 27 March 2026 20:00 in Stockholm; the clocks go forward on Sunday night.
    clock = new TestClock(stockholm(2026, 3, 27, 20, 0));
    server =
        TestServer.start(
            "availability_texts",
            Map.of("availability.defaultWeekly", List.of("MONDAY-FRIDAY 07:00-16:00")),
            clock);
    JsonObject org = Orgs.small();
    org.getJsonArray("employees")
        .add(
            Orgs.employee("nurse-en", "Emily Nurse", "WARD-A")
                .put("locale", "en")
                .put("timeZone", "Europe/London"))
        .add(Orgs.employee("admin-en", "Alan Admin", "REG").put("locale", "en"));
    org.getJsonArray("roleGrants").add(Orgs.grant("admin-en", "ADMIN", null));
    server.importOrganisation(org);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Instant stockholm(int year, int month, int day, int hour, int minute) {
    return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, STOCKHOLM).toInstant();
  }

  private static JsonObject now(Api who) {
    return who.get("/api/v1/me/availability").json().getJsonObject("now");
  }

  private static String meNow(Api who) {
    return who.get("/api/v1/me").json().getJsonObject("reachableNow").getString("text");
  }

  @Test
  @Order(1)
  void nowSaysUntilWhenInWordsInMyLanguageAndMyZoneAcrossTheSpringNight() {
    Api nurse = server.as("nurse-a");
    JsonObject sv = now(nurse);
    // Monday 07:00 in Stockholm is 05:00 UTC: summer time by then.
    assertEquals("2026-03-30T05:00:00Z", sv.getString("until"));
    assertEquals("Ledig till måndag 30 mars kl. 07:00", sv.getString("text"));
    assertEquals("Ledig till måndag 30 mars kl. 07:00", meNow(nurse));

    Api english = server.as("nurse-en");
    JsonObject en = now(english);
    // Her 07:00 is London's, an hour after Stockholm's.
    assertEquals("2026-03-30T06:00:00Z", en.getString("until"));
    assertEquals("Off until Monday 30 March at 07:00", en.getString("text"));
    assertEquals("Off until Monday 30 March at 07:00", meNow(english));
  }

  @Test
  @Order(2)
  void laterTheSameDayTheClockTimeAloneSaysUntilWhen() {
    clock.set(stockholm(2026, 3, 30, 10, 0));
    Api nurse = server.as("nurse-a");
    assertEquals("I tjänst till kl. 16:00", now(nurse).getString("text"));
    assertEquals("I tjänst till kl. 16:00", meNow(nurse));
    assertEquals("Working until 16:00", now(server.as("nurse-en")).getString("text"));
  }

  @Test
  @Order(3)
  void myRefusedChangesAreExplainedInMyLanguage() {
    JsonObject backwards =
        new JsonObject()
            .put("kind", "SHIFT")
            .put("start", "2026-04-02T16:00:00+02:00")
            .put("end", "2026-04-02T07:00:00+02:00");
    Api.Response svOrder = server.as("nurse-a").post("/api/v1/me/availability/periods", backwards);
    JsonObject sv = svOrder.problem(400);
    assertEquals("sv", svOrder.headers().firstValue("Content-Language").orElse(null));
    assertEquals("Begäran är inte giltig", sv.getString("title"));
    assertEquals("end: måste vara efter start", sv.getString("detail"));
    assertEquals(
        new JsonObject().put("field", "end").put("message", "måste vara efter start"),
        sv.getJsonArray("errors").getJsonObject(0));
    Api.Response enOrder = server.as("nurse-en").post("/api/v1/me/availability/periods", backwards);
    JsonObject en = enOrder.problem(400);
    assertEquals("en", enOrder.headers().firstValue("Content-Language").orElse(null));
    assertEquals("The request is not valid", en.getString("title"));
    assertEquals("end: must be after start", en.getString("detail"));

    JsonObject long30 = new JsonObject().put("until", "2026-04-29T10:00:00+02:00");
    JsonObject svDnd = server.as("nurse-a").put("/api/v1/me/availability/dnd", long30).problem(422);
    assertEquals("urn:tjanstemobil:problem:dnd-too-long", svDnd.getString("type"));
    assertEquals("Stör ej för länge", svDnd.getString("title"));
    assertEquals(
        "Stör ej gäller i högst 14 dagar; lägg in en frånvaro för längre tid",
        svDnd.getString("detail"));
    assertEquals(
        "Do not disturb lasts at most 14 days; register an absence for longer",
        server
            .as("nurse-en")
            .put("/api/v1/me/availability/dnd", long30)
            .problem(422)
            .getString("detail"));

    assertEquals(
        "Du har ingen sådan tillgänglighetsperiod",
        server
            .as("nurse-a")
            .delete("/api/v1/me/availability/periods/6b1d3c1e-2f4a-4b5c-9d6e-7f8091a2b3c4")
            .problem(404)
            .getString("detail"));
    assertEquals(
        "Crisis messages cannot be muted",
        server
            .as("nurse-en")
            .put(
                "/api/v1/me/preferences",
                new JsonObject().put("mutedCategories", new JsonArray().add("CRISIS")))
            .problem(422)
            .getString("detail"));
    JsonObject noReason =
        server
            .as("admin")
            .put("/api/v1/admin/crisis-mode", new JsonObject().put("active", true))
            .problem(400);
    assertEquals("reason: skriv varför krisläget utlyses", noReason.getString("detail"));
  }

  @Test
  @Order(4)
  void theImportSaysWhyARowIsRejectedInTheLanguageOfWhoImports() {
    JsonObject file =
        new JsonObject()
            .put(
                "periods",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("externalId", "TC-9")
                            .put("employeeExternalId", "nobody")
                            .put("kind", "SHIFT")
                            .put("start", "2026-04-02T07:00:00+02:00")
                            .put("end", "2026-04-02T16:00:00+02:00"))
                    .add(
                        new JsonObject()
                            .put("externalId", "TC-10")
                            .put("employeeExternalId", "head")
                            .put("kind", "SHIFT")
                            .put("start", "2026-04-02T16:00:00+02:00")
                            .put("end", "2026-04-02T07:00:00+02:00")));
    JsonArray sv =
        server
            .as("admin")
            .post("/api/v1/admin/availability/import", file)
            .json()
            .getJsonArray("rejected");
    assertEquals(
        List.of("det finns ingen aktiv medarbetare nobody", "end är inte efter start"),
        List.of(sv.getJsonObject(0).getString("reason"), sv.getJsonObject(1).getString("reason")));
    JsonArray en =
        server
            .as("admin-en")
            .post("/api/v1/admin/availability/import", file)
            .json()
            .getJsonArray("rejected");
    assertEquals(
        List.of("there is no active employee nobody", "end is not after start"),
        List.of(en.getJsonObject(0).getString("reason"), en.getJsonObject(1).getString("reason")));
  }
}
