package se.tjanstemobil.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.push.FakeFcm;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestClock;
import se.tjanstemobil.support.TestServer;

/**
 * The evening of the issue, on a clock the test controls: Monday 16 November 2026, 21:40 in
 * Östersund. A ward where one nurse works the night shift, two work days (07:00-16:00, the
 * organisation's default) and one is on vacation. What each phone gets, when, the employees'
 * after-hours logs and HR's report for the month.
 */
class EveningMessageTest {

  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
  private static final Instant EVENING =
      ZonedDateTime.of(2026, 11, 16, 21, 40, 0, 0, STOCKHOLM).toInstant();
  private static final Instant TUESDAY_0700 =
      ZonedDateTime.of(2026, 11, 17, 7, 0, 0, 0, STOCKHOLM).toInstant();

  private static FakeFcm fcm;
  private static TestServer server;
  private static TestClock clock;

  @BeforeAll
  static void start() {
    fcm = FakeFcm.start();
    clock = new TestClock(EVENING.minus(Duration.ofHours(3)));
    server =
        TestServer.start(
            "evening",
            Map.of(
                "push.fcm.endpoint",
                fcm.endpoint(),
                "push.fcm.projectId",
                "fake-project",
                "availability.defaultWeekly",
                List.of("MONDAY-FRIDAY 07:00-16:00"),
                "messaging.urgent.dailyLimit",
                2),
            clock);
    JsonObject org = Orgs.small();
    org.getJsonArray("employees")
        .add(Orgs.employee("nurse-night", "Nina Natt", "WARD-A"))
        .add(Orgs.employee("nurse-vac", "Vera Semester", "WARD-A"))
        .add(Orgs.employee("crisis", "Karin Kris", "REG"));
    org.getJsonArray("roleGrants").add(Orgs.grant("crisis", "CRISIS_LEAD", null));
    server.importOrganisation(org);
    // The night nurse works shifts: tonight 21:00-07:00.
    Api night = server.as("nurse-night");
    assertEquals(
        200,
        night
            .put(
                "/api/v1/me/availability/weekly",
                new JsonObject().put("weekly", new JsonArray()).put("mode", "SHIFTS"))
            .status());
    assertEquals(
        201,
        night
            .post(
                "/api/v1/me/availability/periods",
                new JsonObject()
                    .put("kind", "SHIFT")
                    .put("start", "2026-11-16T21:00:00+01:00")
                    .put("end", "2026-11-17T07:00:00+01:00"))
            .status());
    assertEquals(
        201,
        server
            .as("nurse-vac")
            .post(
                "/api/v1/me/availability/periods",
                new JsonObject()
                    .put("kind", "ABSENCE")
                    .put("absenceType", "VACATION")
                    .put("start", "2026-11-14T00:00:00+01:00")
                    .put("end", "2026-11-23T00:00:00+01:00"))
            .status());
    // The ward manager wants each message as its own push.
    assertEquals(
        200,
        server
            .as("manager-a")
            .put("/api/v1/me/preferences", new JsonObject().put("digest", false))
            .status());
    for (String who : List.of("manager-a", "nurse-a", "nurse-night", "nurse-vac")) {
      PushDeliveryTest.register(server.as(who), who + "-phone", "tok-" + who);
    }
    clock.set(EVENING);
  }

  @AfterAll
  static void stop() {
    server.close();
    fcm.close();
  }

  static JsonObject message(String title, String priority, String reason) {
    JsonObject m =
        new JsonObject()
            .put("title", title)
            .put("body", title + ": läs mer i appen")
            .put("category", "SCHEDULE")
            .put("priority", priority)
            .put(
                "audience",
                new JsonObject()
                    .put(
                        "units",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("id", PushDeliveryTest.unitId(server, "WARD-A")))));
    return reason == null ? m : m.put("urgentReason", reason);
  }

  static Api.Response sendWithKey(Api who, String key, JsonObject message) {
    return who.send(
        who.builder("/api/v1/messages")
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(message.encode())));
  }

  static List<String> titlesTo(String token) {
    return fcm.delivered().stream()
        .filter(r -> r.token().equals(token))
        .map(r -> r.message().getJsonObject("notification").getString("title"))
        .toList();
  }

  static void quiet() {
    PushDeliveryTest.awaitOutboxSettled(server);
  }

  @Test
  void theEveningMessageWaitsForMorningTheUrgentOneBreaksThroughAndTheReportShowsIt() {
    Api head = server.as("head");
    // 21:40: two NORMAL messages from the head of department to the ward.
    JsonObject first = head.post("/api/v1/messages", message("Ny rutin", "NORMAL", null)).json();
    assertEquals(4, first.getInteger("recipients"));
    assertEquals(1, first.getInteger("reachableNow"), "only the night nurse is working");
    assertEquals(0, first.getInteger("breakThroughs"), "a NORMAL message wakes nobody");
    JsonArray held = first.getJsonArray("held");
    assertEquals(TUESDAY_0700, Instant.parse(held.getJsonObject(0).getString("until")));
    assertEquals(2, held.getJsonObject(0).getInteger("count"));
    assertEquals(
        ZonedDateTime.of(2026, 11, 23, 7, 0, 0, 0, STOCKHOLM).toInstant(),
        Instant.parse(held.getJsonObject(1).getString("until")),
        "the vacationing nurse: her first morning back");
    assertEquals(
        201, head.post("/api/v1/messages", message("Ändrad bemanning", "NORMAL", null)).status());

    PushDeliveryTest.await(
        "the night nurse's two pushes", () -> titlesTo("tok-nurse-night").size() == 2);
    quiet();
    assertEquals(List.of(), titlesTo("tok-nurse-a"));
    assertEquals(List.of(), titlesTo("tok-manager-a"));
    JsonObject entry =
        server.as("nurse-a").get("/api/v1/me/inbox").json().getJsonArray("items").getJsonObject(0);
    assertEquals(
        "Skickat måndag 16 november kl. 21:40, utanför din arbetstid: inget svar väntas före tisdag 17"
            + " november kl. 07:00.",
        entry.getString("heldNote"));

    // Who may break through, and only with a reason.
    server
        .as("nurse-night")
        .post("/api/v1/messages", message("Hjälp", "URGENT", "Akut"))
        .problem(403);
    assertEquals(
        "urgentReason",
        head.post("/api/v1/messages", message("Hjälp", "URGENT", null))
            .problem(400)
            .getJsonArray("errors")
            .getJsonObject(0)
            .getString("field"));

    // 21:50: a crisis lead's URGENT message reaches the day workers at home, not the vacationing
    // nurse.
    // The preview says so before: three reached now, two of them off duty and woken (the night
    // nurse is on shift), the vacationing nurse held; everyone has a phone. The send says the same.
    clock.set(EVENING.plus(Duration.ofMinutes(10)));
    Api crisis = server.as("crisis");
    JsonObject leak = message("Vattenläcka", "URGENT", "Vattenläcka, plan 3");
    Api.Response preview = crisis.post("/api/v1/messages/preview", leak);
    assertEquals(200, preview.status(), preview.text());
    Api.Response urgent = sendWithKey(crisis, "leak-21-50", leak);
    assertEquals(201, urgent.status(), urgent.text());
    // A retry with the same key (the reply was lost) answers the same, worked out again.
    Api.Response retried = sendWithKey(crisis, "leak-21-50", leak);
    assertEquals(urgent.json().getString("id"), retried.json().getString("id"));
    for (JsonObject said : List.of(preview.json(), urgent.json(), retried.json())) {
      assertEquals(
          List.of(4, 3, 2, 1, 0),
          List.of(
              said.getInteger("recipients"),
              said.getInteger("reachableNow"),
              said.getInteger("breakThroughs"),
              said.getJsonArray("held").getJsonObject(0).getInteger("count"),
              said.getInteger("withoutPhone")),
          said.encode());
    }
    PushDeliveryTest.await(
        "the urgent pushes",
        () ->
            titlesTo("tok-nurse-a").contains("Vattenläcka")
                && titlesTo("tok-manager-a").contains("Vattenläcka")
                && titlesTo("tok-nurse-night").contains("Vattenläcka"));
    quiet();
    assertEquals(List.of(), titlesTo("tok-nurse-vac"));
    JsonObject logged =
        server
            .as("nurse-a")
            .get("/api/v1/me/after-hours-log")
            .json()
            .getJsonArray("items")
            .getJsonObject(0);
    assertEquals("Vattenläcka, plan 3", logged.getString("reason"));
    assertEquals("OFF_HOURS", logged.getString("passed"));
    assertEquals(EVENING.plus(Duration.ofMinutes(10)), Instant.parse(logged.getString("at")));
    assertEquals(
        0,
        server
            .as("nurse-night")
            .get("/api/v1/me/after-hours-log")
            .json()
            .getJsonArray("items")
            .size(),
        "on shift: not a break-through");
    JsonObject audited =
        server.as("admin").get("/api/v1/admin/audit").json().getJsonArray("items").stream()
            .map(JsonObject.class::cast)
            .filter(e -> "BREAK_THROUGH".equals(e.getString("action")))
            .findFirst()
            .orElseThrow();
    assertEquals(2, audited.getJsonObject("details").getInteger("recipients"));

    // 22:00: a crisis is declared; now the vacationing nurse is reached too.
    clock.set(EVENING.plus(Duration.ofMinutes(20)));
    assertEquals(
        200,
        crisis
            .put(
                "/api/v1/admin/crisis-mode",
                new JsonObject().put("active", true).put("reason", "Stabsläge"))
            .status());
    Api.Response stab =
        crisis.post("/api/v1/messages", message("Stabsläge", "URGENT", "Alla behövs"));
    assertEquals(201, stab.status(), stab.text());
    assertEquals(3, stab.json().getInteger("breakThroughs"), "the vacationing nurse too");
    PushDeliveryTest.await(
        "the vacationing nurse", () -> titlesTo("tok-nurse-vac").contains("Stabsläge"));
    assertEquals(
        "ABSENCE",
        server
            .as("nurse-vac")
            .get("/api/v1/me/after-hours-log")
            .json()
            .getJsonArray("items")
            .getJsonObject(0)
            .getString("passed"));
    // The limit here is two URGENT a day.
    Api.Response third = crisis.post("/api/v1/messages", message("Tredje", "URGENT", "Mer"));
    third.problem(429);
    assertTrue(Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow()) > 0);
    assertEquals(
        200,
        crisis.put("/api/v1/admin/crisis-mode", new JsonObject().put("active", false)).status());

    // Tuesday 07:00: the held messages go out; one digest for nurse A, two pushes for her manager.
    clock.set(TUESDAY_0700.plusSeconds(1));
    PushDeliveryTest.await(
        "the morning pushes",
        () -> titlesTo("tok-nurse-a").size() == 3 && titlesTo("tok-manager-a").size() == 4);
    quiet();
    assertEquals(
        List.of("Vattenläcka", "Stabsläge", "2 meddelanden kom medan du var ledig"),
        titlesTo("tok-nurse-a"));
    assertEquals(
        Set.of("Ny rutin", "Ändrad bemanning"),
        new HashSet<>(titlesTo("tok-manager-a").subList(2, 4)));
    assertEquals(
        List.of("Stabsläge"), titlesTo("tok-nurse-vac"), "still on vacation: the rest waits");

    // HR's report for November: per sender, exactly what happened on the ward.
    JsonObject report =
        server
            .as("hr")
            .get(
                "/api/v1/reports/after-hours?month=2026-11&unitId="
                    + PushDeliveryTest.unitId(server, "WARD-A"))
            .json();
    JsonArray rows = report.getJsonArray("rows");
    assertEquals(2, rows.size(), rows.encode());
    JsonObject crisisRow =
        rows.stream()
            .map(JsonObject.class::cast)
            .filter(r -> r.getJsonObject("sender").getString("name").equals("Karin Kris"))
            .findFirst()
            .orElseThrow();
    JsonObject headRow =
        rows.stream()
            .map(JsonObject.class::cast)
            .filter(r -> r.getJsonObject("sender").getString("name").equals("Doris Head"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        new JsonObject()
            .put("messages", 2)
            .put("recipients", 8)
            .put("held", 6)
            .put("breakThroughs", 0)
            .put("breakThroughMessages", 0),
        counts(headRow));
    assertEquals(
        new JsonObject()
            .put("messages", 2)
            .put("recipients", 8)
            .put("held", 1)
            .put("breakThroughs", 5)
            .put("breakThroughMessages", 2),
        counts(crisisRow));
    Api hr = server.as("hr");
    Api.Response csv =
        hr.send(
            hr.builder("/api/v1/reports/after-hours?month=2026-11")
                .header("Accept", "text/csv")
                .GET());
    assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    assertTrue(
        csv.text()
            .startsWith(
                "Enhet,Avsändare,Meddelanden,Mottagare,Väntade till arbetstid,Nådda utanför"
                    + " arbetstid,Brådskande meddelanden\r\n"),
        csv.text());
    assertTrue(csv.text().contains("Avdelning A,Karin Kris,2,8,1,5,2"), csv.text());
    // A manager of another ward may not see this ward's report.
    server
        .as("manager-b")
        .get(
            "/api/v1/reports/after-hours?month=2026-11&unitId="
                + PushDeliveryTest.unitId(server, "WARD-A"))
        .problem(403);
  }

  static JsonObject counts(JsonObject row) {
    JsonObject c = new JsonObject();
    for (String k :
        new String[] {"messages", "recipients", "held", "breakThroughs", "breakThroughMessages"}) {
      c.put(k, row.getInteger(k));
    }
    return c;
  }
}
