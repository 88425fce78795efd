package se.tjanstemobil.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Words;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestClock;
import se.tjanstemobil.support.TestServer;

/**
 * Personal data: an employee's export holds what the service has about them (and nothing about
 * others beyond the names that come with it); the retention job removes what is older than its
 * period and anonymises a leaver after theirs, and keeps the audit log.
 */
class PersonalDataTest {

  private static final Instant START = HubFixture.at(LocalDate.of(2026, 12, 1), 10, 0).toInstant();

  private static final String ANONYMISED =
      "SELECT count(*) FROM employees WHERE name = 'Anonymiserad'";

  private static TestServer server;
  private static TestClock clock;

  @BeforeAll
  static void start() {
    clock = new TestClock(START);
    server =
        TestServer.start(
            "personal_data",
            Map.of(
                "retention.inboxDays",
                30,
                "retention.deliveryDays",
                30,
                "retention.availabilityDays",
                30,
                "retention.bookingDays",
                30,
                "retention.breakThroughDays",
                60,
                "retention.leaverDays",
                90),
            clock);
    server.importOrganisation(Orgs.small());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anEmployeesExportHoldsTheirDataAndNobodyElses() {
    Api nurse = server.as("nurse-a");
    String wardA = nurse.get("/api/v1/me").json().getJsonObject("unit").getString("id");
    assertEquals(
        201,
        nurse
            .put(
                "/api/v1/me/devices/export-phone",
                new JsonObject()
                    .put("platform", "ANDROID")
                    .put("pushToken", "tok-export")
                    .put("appVersion", "1.0")
                    .put("model", "Pixel"))
            .status());
    assertEquals(
        201,
        server
            .as("manager-a")
            .post(
                "/api/v1/messages",
                new JsonObject()
                    .put("title", "Fika")
                    .put("body", "Kl 15")
                    .put("category", "SOCIAL")
                    .put(
                        "audience",
                        new JsonObject()
                            .put("units", new JsonArray().add(new JsonObject().put("id", wardA)))))
            .status());
    String hub =
        HubFixture.hub(server.as("admin"), "Arbetshubb Export", HubFixture.alwaysOpen(), null)
            .getString("id");
    String desk = HubFixture.resource(server.as("admin"), hub, "DESK", "Skrivbord 1");
    LocalDate day = LocalDate.of(2026, 12, 3);
    assertEquals(
        201,
        HubFixture.book(nurse, desk, HubFixture.at(day, 8, 0), HubFixture.at(day, 12, 0)).status());
    assertEquals(
        201,
        HubFixture.book(
                server.as("nurse-b"), desk, HubFixture.at(day, 13, 0), HubFixture.at(day, 15, 0))
            .status());

    Api.Response r = nurse.get("/api/v1/me/export");
    assertEquals(200, r.status(), r.text());
    assertTrue(r.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
    JsonObject export = r.json();
    assertEquals("Nils Nurse", export.getJsonObject("employee").getString("name"));
    assertEquals("Pixel", export.getJsonArray("devices").getJsonObject(0).getString("model"));
    assertEquals(
        "Fika", export.getJsonArray("messagesReceived").getJsonObject(0).getString("title"));
    assertEquals(
        "Maja Manager",
        export.getJsonArray("messagesReceived").getJsonObject(0).getString("sender"));
    assertEquals(1, export.getJsonArray("bookings").size(), "only the nurse's own booking");
    assertEquals(
        "Skrivbord 1", export.getJsonArray("bookings").getJsonObject(0).getString("resource"));
    assertFalse(r.text().contains("Nora Nurse"), "another employee's data is in the export");
    assertEquals(401, server.api.get("/api/v1/me/export").status());

    // What the export is, whose and when, and what each section holds, in the person's language,
    // the time in words in their zone.
    Instant at = OffsetDateTime.parse(export.getString("exportedAt")).toInstant();
    assertEquals(
        "Allt som Tjänstemobil har om Nils Nurse (nurse-a), uttaget "
            + Words.at(at, HubFixture.STOCKHOLM, at).in(Language.SV)
            + ". Uppgifter äldre än lagringstiden finns inte kvar och därför inte heller här.",
        export.getString("about"));
    assertTrue(export.getString("about").contains(" kl. "), export.getString("about"));
    assertEquals(
        "Dina telefoner och appinstallationer",
        export.getJsonObject("contents").getString("devices"));
    assertEquals(
        export.fieldNames().stream()
            .filter(f -> !Set.of("exportedAt", "about", "contents").contains(f))
            .collect(Collectors.toSet()),
        export.getJsonObject("contents").fieldNames(),
        "every section is explained");
    server.sql("UPDATE employees SET locale = 'en' WHERE external_id = 'nurse-a'");
    try {
      Api.Response en = nurse.get("/api/v1/me/export");
      assertEquals("en", en.headers().firstValue("Content-Language").orElse(null));
      Instant enAt = OffsetDateTime.parse(en.json().getString("exportedAt")).toInstant();
      assertEquals(
          "All that Tjänstemobil holds about Nils Nurse (nurse-a), exported "
              + Words.at(enAt, HubFixture.STOCKHOLM, enAt).in(Language.EN)
              + ". Data older than its retention period is no longer held, so it is not here"
              + " either.",
          en.json().getString("about"));
      assertEquals(
          "Your phones and app installations",
          en.json().getJsonObject("contents").getString("devices"));
    } finally {
      server.sql("UPDATE employees SET locale = 'sv' WHERE external_id = 'nurse-a'");
    }
  }

  @Test
  void retentionRemovesWhatIsOldAndAnonymisesALeaverButKeepsTheAuditLog() {
    Api nurse = server.as("nurse-b");
    String wardB = nurse.get("/api/v1/me").json().getJsonObject("unit").getString("id");
    assertEquals(
        201,
        server
            .as("manager-b")
            .post(
                "/api/v1/messages",
                new JsonObject()
                    .put("title", "Gammalt")
                    .put("body", "x")
                    .put("category", "INFO")
                    .put(
                        "audience",
                        new JsonObject()
                            .put("units", new JsonArray().add(new JsonObject().put("id", wardB)))))
            .status());
    assertEquals(
        201,
        nurse
            .post(
                "/api/v1/me/availability/periods",
                new JsonObject()
                    .put("kind", "ABSENCE")
                    .put("absenceType", "VACATION")
                    .put("start", "2026-12-02T00:00:00+01:00")
                    .put("end", "2026-12-05T00:00:00+01:00"))
            .status());
    long auditBefore = server.count("SELECT count(*) FROM audit_log");

    // 40 days on: inbox entries and periods past 30 days go; the after-hours log (60 days) would
    // stay.
    long entriesBefore = server.count("SELECT count(*) FROM inbox_entries");
    long periodsBefore = server.count("SELECT count(*) FROM availability_periods");
    clock.set(START.plus(Duration.ofDays(40)));
    server.runJob("retention");
    assertTrue(
        entriesBefore - server.count("SELECT count(*) FROM inbox_entries") >= 2,
        "inbox entries removed");
    assertTrue(
        periodsBefore - server.count("SELECT count(*) FROM availability_periods") >= 1,
        "availability periods removed");
    assertEquals(
        0,
        server.count(
            "SELECT count(*) FROM inbox_entries i JOIN messages m ON m.id = i.message_id WHERE m.title = 'Gammalt'"));
    assertTrue(
        nurse.get("/api/v1/me/inbox").items().stream()
            .noneMatch(e -> "Gammalt".equals(((JsonObject) e).getString("title"))));
    // The message itself is kept as long as the longest period that may point at it (60 days).
    assertEquals(1, server.count("SELECT count(*) FROM messages WHERE title = 'Gammalt'"));

    // A leaver: anonymised 90 days after leaving, not before; the audit log keeps its entries.
    server.sql(
        "UPDATE employees SET status = 'LEFT', left_at = '"
            + START.plus(Duration.ofDays(10))
            + "' WHERE external_id = 'manager-b'");
    clock.set(START.plus(Duration.ofDays(50)));
    server.runJob("retention");
    assertEquals(1, server.count("SELECT count(*) FROM employees WHERE name = 'Bo Manager'"));
    long anonymisedBefore = server.count(ANONYMISED);
    clock.set(START.plus(Duration.ofDays(101)));
    server.runJob("retention");
    assertEquals(1, server.count(ANONYMISED) - anonymisedBefore, "leavers anonymised");
    assertEquals(0, server.count("SELECT count(*) FROM messages WHERE title = 'Gammalt'"));
    assertEquals(
        0,
        server.count(
            "SELECT count(*) FROM employees WHERE name = 'Bo Manager' OR external_id = 'manager-b'"));
    assertEquals(
        1,
        server.count(
            "SELECT count(*) FROM employees WHERE name = 'Anonymiserad' AND email IS NULL"));
    assertTrue(server.count("SELECT count(*) FROM audit_log") >= auditBefore + 1);
    assertEquals(
        1, server.count("SELECT count(*) FROM audit_log WHERE action = 'EMPLOYEE_ANONYMISED'"));
    // A second run finds nothing more to do.
    long anonymisedOnce = server.count(ANONYMISED);
    server.runJob("retention");
    assertEquals(anonymisedOnce, server.count(ANONYMISED));
    assertEquals(
        1, server.count("SELECT count(*) FROM audit_log WHERE action = 'EMPLOYEE_ANONYMISED'"));
    clock.set(START);
  }
}
