package se.tjanstemobil.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import se.tjanstemobil.http.Times;
import se.tjanstemobil.push.FakeFcm;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestClock;
import se.tjanstemobil.support.TestServer;

/**
 * The right to disconnect over HTTP, through the real SDK into the fake FCM: a message to a ward
 * where some are on shift and some are off pushes the on-shift phones at once and the others at the
 * start of their next shift (as one digest when several were held); the vacationing get nothing;
 * URGENT from a crisis lead breaks through off-hours (logged for the employee) but not leave until
 * a crisis is declared; the rules on who may send URGENT and how often hold. Shifts are set
 * relative to the server's test clock, which starts a day behind the real one (the worker takes
 * what is due by the database's clock) and is moved to the start of "the next shift", a few seconds
 * on, before the held release runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AfterHoursDeliveryTest {

  private static FakeFcm fcm;
  private static TestServer server;
  private static Instant t0;
  private static TestClock clock;

  @BeforeAll
  static void start() {
    fcm = FakeFcm.start();
    t0 = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    clock = new TestClock(t0);
    server =
        TestServer.start(
            "after_hours",
            Map.of(
                "push.fcm.endpoint",
                fcm.endpoint(),
                "push.fcm.projectId",
                "fake-project",
                "messaging.urgent.dailyLimit",
                3),
            clock);
    JsonObject org = Orgs.small();
    org.getJsonArray("employees")
        .add(Orgs.employee("nurse-off", "Olle Off", "WARD-A"))
        .add(Orgs.employee("nurse-night", "Nina Night", "WARD-A"))
        .add(Orgs.employee("nurse-vac", "Vera Vacation", "WARD-A"))
        .add(Orgs.employee("crisis", "Karin Kris", "REG"));
    org.getJsonArray("roleGrants").add(Orgs.grant("crisis", "CRISIS_LEAD", null));
    server.importOrganisation(org);
    // Everyone in WARD-A works shifts: only their shifts make them reachable.
    shifts("manager-a", t0.minus(Duration.ofHours(1)), t0.plus(Duration.ofHours(8)));
    shifts("nurse-a", t0.minus(Duration.ofHours(1)), t0.plus(Duration.ofHours(8)));
    shifts("nurse-off", t0.plusSeconds(10), t0.plus(Duration.ofHours(8)));
    shifts("nurse-night", t0.plus(Duration.ofHours(3)), t0.plus(Duration.ofHours(11)));
    shifts("nurse-vac", t0.minus(Duration.ofHours(1)), t0.plus(Duration.ofHours(8)));
    assertEquals(
        201,
        server
            .as("nurse-vac")
            .post(
                "/api/v1/me/availability/periods",
                new JsonObject()
                    .put("kind", "ABSENCE")
                    .put("absenceType", "VACATION")
                    .put("start", iso(t0.minus(Duration.ofDays(1))))
                    .put("end", iso(t0.plus(Duration.ofDays(10)))))
            .status());
    for (String who : List.of("manager-a", "nurse-a", "nurse-off", "nurse-night", "nurse-vac")) {
      PushDeliveryTest.register(server.as(who), who + "-phone", "tok-" + who);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
    fcm.close();
  }

  static void shifts(String who, Instant start, Instant end) {
    Api api = server.as(who);
    assertEquals(
        200,
        api.put(
                "/api/v1/me/availability/weekly",
                new JsonObject().put("weekly", new JsonArray()).put("mode", "SHIFTS"))
            .status());
    Api.Response r =
        api.post(
            "/api/v1/me/availability/periods",
            new JsonObject().put("kind", "SHIFT").put("start", iso(start)).put("end", iso(end)));
    assertEquals(201, r.status(), r.text());
  }

  static String iso(Instant t) {
    // With seconds always (toString() drops ":00", which the contract's date-time refuses).
    return Times.format(t.atOffset(ZoneOffset.UTC));
  }

  static JsonObject message(String title, String priority, String reason) {
    JsonObject m =
        new JsonObject()
            .put("title", title)
            .put("body", "Text för " + title)
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

  static long pushesTo(String token) {
    return fcm.delivered().stream().filter(r -> r.token().equals(token)).count();
  }

  @Test
  @Order(1)
  void onShiftPhonesArePushedAtOnceTheOffDutyAtTheirNextShiftAsOneDigestAndTheVacationingNot() {
    Api manager = server.as("manager-a");
    JsonObject preview =
        manager.post("/api/v1/messages/preview", message("Ny rutin", "NORMAL", null)).json();
    assertEquals(5, preview.getInteger("recipients"));
    assertEquals(2, preview.getInteger("reachableNow"), preview.encode());

    Api.Response first = manager.post("/api/v1/messages", message("Ny rutin", "NORMAL", null));
    assertEquals(201, first.status(), first.text());
    Api.Response second =
        manager.post("/api/v1/messages", message("Ändrad bemanning", "NORMAL", null));
    assertEquals(201, second.status(), second.text());
    // The sender sees the consequence: 2 now; the others held, grouped by when they are released;
    // the vacationing nurse has no shift after her leave: no working time known, none made up.
    JsonObject sent = second.json();
    assertEquals(2, sent.getInteger("reachableNow"));
    JsonArray held = sent.getJsonArray("held");
    assertEquals(2, held.size(), held.encode());
    assertEquals(1, sent.getInteger("withoutWorkingTime"), sent.encode());
    assertEquals(
        t0.plusSeconds(10),
        OffsetDateTime.parse(held.getJsonObject(0).getString("until")).toInstant());
    assertEquals(1, held.getJsonObject(0).getInteger("count"));

    PushDeliveryTest.await(
        "the on-shift phones",
        () -> pushesTo("tok-manager-a") == 2 && pushesTo("tok-nurse-a") == 2);
    assertEquals(0, pushesTo("tok-nurse-off"), "nothing before the shift starts");

    // The off-duty nurse sees both, silently, with a note saying no answer is expected yet.
    JsonObject entry =
        server
            .as("nurse-off")
            .get("/api/v1/me/inbox")
            .json()
            .getJsonArray("items")
            .getJsonObject(0);
    assertNotNull(entry.getString("heldNote"));
    assertTrue(entry.getString("heldNote").startsWith("Skickat "), entry.getString("heldNote"));
    assertNotNull(entry.getString("heldUntil"));
    String messageId = sent.getString("id");
    JsonObject stats = manager.get("/api/v1/messages/" + messageId).json().getJsonObject("stats");
    assertEquals(3, stats.getInteger("held"), stats.encode());

    // At the start of the shift: one digest push for the two held messages, not two pushes.
    server.runJob("held-release");
    PushDeliveryTest.awaitOutboxSettled(server);
    assertEquals(0, pushesTo("tok-nurse-off"), "released at the shift start, not before");
    clock.set(t0.plusSeconds(10));
    server.runJob("held-release");
    PushDeliveryTest.await("the digest", () -> pushesTo("tok-nurse-off") >= 1);
    PushDeliveryTest.await(
        "inbox marked delivered",
        () ->
            server.count(
                    "SELECT count(*) FROM inbox_entries i JOIN employees e "
                        + "ON e.id = i.employee_id WHERE e.external_id = 'nurse-off' AND i.delivered_at IS NOT NULL")
                == 2);
    FakeFcm.Received digest =
        fcm.delivered().stream()
            .filter(r -> r.token().equals("tok-nurse-off"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "2 meddelanden kom medan du var ledig",
        digest.message().getJsonObject("notification").getString("title"));
    assertEquals("DIGEST", digest.message().getJsonObject("data").getString("kind"));

    // The vacationing and the night nurse: nothing yet.
    PushDeliveryTest.awaitOutboxSettled(server);
    assertEquals(1, pushesTo("tok-nurse-off"));
    assertEquals(0, pushesTo("tok-nurse-vac"));
    assertEquals(0, pushesTo("tok-nurse-night"));
    assertEquals(
        0,
        server
            .as("nurse-night")
            .get("/api/v1/me/after-hours-log")
            .json()
            .getJsonArray("items")
            .size());
  }

  @Test
  @Order(2)
  void urgentFromACrisisLeadBreaksThroughOffHoursButNotLeaveUntilACrisisIsDeclared() {
    Api crisis = server.as("crisis");
    // Who may send URGENT, and only with a reason.
    assertEquals(
        403,
        server
            .as("nurse-a")
            .post("/api/v1/messages", message("Hjälp", "URGENT", "Akut"))
            .problem(403)
            .getInteger("status"));
    JsonObject noReason =
        server
            .as("manager-a")
            .post("/api/v1/messages", message("Hjälp", "URGENT", null))
            .problem(400);
    assertEquals(
        "urgentReason", noReason.getJsonArray("errors").getJsonObject(0).getString("field"));

    Api.Response urgent =
        crisis.post(
            "/api/v1/messages", message("Vattenläcka", "URGENT", "Vattenläcka på avdelningen"));
    assertEquals(201, urgent.status(), urgent.text());
    PushDeliveryTest.await(
        "the night nurse pushed off-hours",
        () ->
            fcm.delivered().stream()
                .anyMatch(
                    r ->
                        r.token().equals("tok-nurse-night")
                            && "Vattenläcka"
                                .equals(
                                    r.message().getJsonObject("notification").getString("title"))));
    JsonArray log =
        server.as("nurse-night").get("/api/v1/me/after-hours-log").json().getJsonArray("items");
    assertEquals(1, log.size(), log.encode());
    assertEquals("Vattenläcka på avdelningen", log.getJsonObject(0).getString("reason"));
    assertEquals("OFF_HOURS", log.getJsonObject(0).getString("passed"));
    assertEquals("Karin Kris", log.getJsonObject(0).getJsonObject("sender").getString("name"));
    // On shift anyway: no break-through to log.
    assertEquals(
        0,
        server.as("nurse-a").get("/api/v1/me/after-hours-log").json().getJsonArray("items").size());
    assertEquals(
        0,
        fcm.delivered().stream()
            .filter(
                r ->
                    r.token().equals("tok-nurse-vac")
                        && "Vattenläcka"
                            .equals(r.message().getJsonObject("notification").getString("title")))
            .count(),
        "not on vacation");

    // A declared crisis: now the vacationing is reached too, and that is logged and audited.
    assertEquals(
        400,
        crisis.put("/api/v1/admin/crisis-mode", new JsonObject().put("active", true)).status());
    Api.Response declared =
        crisis.put(
            "/api/v1/admin/crisis-mode",
            new JsonObject().put("active", true).put("reason", "Stabsläge"));
    assertEquals(200, declared.status(), declared.text());
    assertTrue(declared.json().getBoolean("active"));
    assertEquals(
        201,
        crisis.post("/api/v1/messages", message("Stabsläge", "URGENT", "Alla behövs")).status());
    PushDeliveryTest.await(
        "the vacationing nurse pushed",
        () ->
            fcm.delivered().stream()
                .anyMatch(
                    r ->
                        r.token().equals("tok-nurse-vac")
                            && "Stabsläge"
                                .equals(
                                    r.message().getJsonObject("notification").getString("title"))));
    JsonObject vac =
        server
            .as("nurse-vac")
            .get("/api/v1/me/after-hours-log")
            .json()
            .getJsonArray("items")
            .getJsonObject(0);
    assertEquals("ABSENCE", vac.getString("passed"));
    assertEquals(
        1, server.count("SELECT count(*) FROM audit_log WHERE action = 'CRISIS_DECLARED'"));
    assertEquals(
        200,
        crisis.put("/api/v1/admin/crisis-mode", new JsonObject().put("active", false)).status());
    assertEquals(403, server.as("nurse-a").get("/api/v1/admin/crisis-mode").status());

    // The daily limit (3 in this test): the fourth URGENT today is refused with Retry-After.
    assertEquals(
        201,
        crisis
            .post("/api/v1/messages", message("Tredje", "URGENT", "Fortfarande läckage"))
            .status());
    Api.Response fourth =
        crisis.post("/api/v1/messages", message("Fjärde", "URGENT", "Mer läckage"));
    assertEquals(
        "urn:tjanstemobil:problem:urgent-daily-limit", fourth.problem(429).getString("type"));
    assertNotNull(fourth.headers().firstValue("Retry-After").orElse(null));
    assertNull(
        fcm.delivered().stream()
            .filter(
                r -> "Fjärde".equals(r.message().getJsonObject("notification").getString("title")))
            .findFirst()
            .orElse(null));
  }
}
