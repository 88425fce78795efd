package se.tjanstemobil.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import se.tjanstemobil.push.FakeFcm;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Eventually;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestClock;
import se.tjanstemobil.support.TestServer;

/**
 * Held delivery on a clock the test drives (Stockholm, the organisation's weekdays 07:00-16:00),
 * through the real SDK into the fake FCM: what waits, until when, what the person reads about it
 * and what the sender is told. A digest holds only what is still to be read; nobody is given a
 * made-up time; an URGENT message held by a leave waits for the next working time after it; a date
 * in another year says its year. The clock stays in the past of the real one (the database's now()
 * still decides when a due push is claimed), and the tests run in its order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeldDeliveryTest {

  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
  private static final List<String> PEOPLE =
      List.of(
          "vac-nurse",
          "booker",
          "hubadmin",
          "nurse-one",
          "nurse-two",
          "nurse-three",
          "shift-one",
          "shift-two",
          "shift-three",
          "shift-none",
          "leave-nurse",
          "sentinel",
          "moves-zone",
          "default-hours",
          "own-hours");

  /** People whose phones the tests register themselves. */
  private static final List<String> OWN_PHONES =
      List.of("two-phones", "signs-out", "loses-phone", "dead-token", "gives-phone", "takes-phone");

  private static FakeFcm fcm;
  private static TestServer server;
  private static TestClock clock;

  @BeforeAll
  static void start() {
    fcm = FakeFcm.start();
    clock = new TestClock(stockholm(2025, 12, 15, 20, 0));
    server =
        TestServer.start(
            "held_delivery", settings(List.of("MONDAY-FRIDAY 07:00-16:00"), null), clock);
    JsonObject org = Orgs.small();
    for (String who : PEOPLE) {
      org.getJsonArray("employees").add(Orgs.employee(who, "Person " + who, "WARD-A"));
    }
    for (String who : OWN_PHONES) {
      org.getJsonArray("employees").add(Orgs.employee(who, "Person " + who, "WARD-A"));
    }
    org.getJsonArray("employees").add(Orgs.employee("crisis", "Karin Kris", "REG"));
    org.getJsonArray("roleGrants").add(Orgs.grant("crisis", "CRISIS_LEAD", null));
    server.importOrganisation(org);
    for (String who : PEOPLE) {
      PushDeliveryTest.register(server.as(who), who + "-phone", "tok-" + who);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
    fcm.close();
  }

  /**
   * The server's settings: the organisation's default hours, and the database to use (null: a fresh
   * one).
   */
  private static Map<String, Object> settings(List<String> defaultWeekly, String databaseUrl) {
    Map<String, Object> settings =
        new HashMap<>(
            Map.of(
                "push.fcm.endpoint",
                fcm.endpoint(),
                "push.fcm.projectId",
                "fake-project",
                "availability.defaultWeekly",
                defaultWeekly));
    if (databaseUrl != null) {
      settings.put("database.url", databaseUrl);
    }
    return settings;
  }

  private static Instant stockholm(int year, int month, int day, int hour, int minute) {
    return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, STOCKHOLM).toInstant();
  }

  private static String id(String externalId) {
    return PushDeliveryTest.queryString(
        server, "SELECT id FROM employees WHERE external_id = '" + externalId + "'");
  }

  private static JsonObject message(String title, String... to) {
    JsonArray employees = new JsonArray();
    for (String who : to) {
      employees.add(id(who));
    }
    return new JsonObject()
        .put("title", title)
        .put("body", title + ": läs mer i appen")
        .put("category", "SCHEDULE")
        .put("audience", new JsonObject().put("employees", employees));
  }

  private static String send(Api sender, JsonObject message) {
    Api.Response r = sender.post("/api/v1/messages", message);
    assertEquals(201, r.status(), r.text());
    return r.json().getString("id");
  }

  private static List<FakeFcm.Received> pushesTo(String who) {
    return fcm.delivered().stream().filter(r -> r.token().equals("tok-" + who)).toList();
  }

  private static String title(FakeFcm.Received push) {
    return push.message().getJsonObject("notification").getString("title");
  }

  private static JsonObject entry(String who, String messageId) {
    return server.as(who).get("/api/v1/me/inbox").items().stream()
        .map(JsonObject.class::cast)
        .filter(e -> e.getString("messageId").equals(messageId))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, String> recipientStates(Api sender, String messageId) {
    return sender.get("/api/v1/messages/" + messageId + "/recipients").items().stream()
        .map(JsonObject.class::cast)
        .collect(
            Collectors.toMap(
                r -> r.getJsonObject("employee").getString("name"), r -> r.getString("state")));
  }

  /**
   * Waits until none of these messages' pushes is waiting, due or in flight: what went out has been
   * recorded.
   */
  private static void settled(String... messageIds) {
    String ids = String.join("','", messageIds);
    Eventually.until(
        "the pushes of " + ids + " settled",
        Duration.ofSeconds(30),
        () ->
            server.count(
                "SELECT count(*) FROM deliveries WHERE message_id::text IN ('"
                    + ids
                    + "') AND status IN ('PENDING', 'HELD')"),
        n -> n == 0);
  }

  /**
   * The state of the push of this message to this person's phone (a digest is a row of its own).
   */
  private static String deliveryStatus(String who, String messageId) {
    return PushDeliveryTest.queryString(
        server,
        "SELECT string_agg(d.status, ',') FROM deliveries d JOIN employees e ON e.id = d.employee_id "
            + "WHERE e.external_id = '"
            + who
            + "' AND d.message_id = '"
            + messageId
            + "' AND d.kind = 'MESSAGE'");
  }

  /** The states of this message's pushes to one phone (not its digests), in order. */
  private static String onPhone(String deviceKey, String messageId) {
    return PushDeliveryTest.queryString(
        server,
        "SELECT string_agg(d.status, ',' ORDER BY d.id) FROM deliveries d "
            + "JOIN devices v ON v.id = d.device_id WHERE v.device_key = '"
            + deviceKey
            + "' AND d.message_id = '"
            + messageId
            + "' AND d.kind = 'MESSAGE'");
  }

  /** The states of the digests made for one phone, in order. */
  private static String digestsOn(String deviceKey) {
    return PushDeliveryTest.queryString(
        server,
        "SELECT string_agg(d.status, ',' ORDER BY d.id) FROM deliveries d "
            + "JOIN devices v ON v.id = d.device_id WHERE v.device_key = '"
            + deviceKey
            + "' AND d.kind = 'DIGEST'");
  }

  private static JsonObject stats(Api sender, String messageId) {
    return sender.get("/api/v1/messages/" + messageId).json().getJsonObject("stats");
  }

  @Test
  @Order(1)
  void aHeldNoteAndABookingNoticeForADayInAnotherYearSayTheYearAndTheNoteNamesTheAbsence() {
    // Monday 15 December 2025, 20:00: she is on leave until Monday 12 January.
    Api vac = server.as("vac-nurse");
    assertEquals(
        201,
        vac.post(
                "/api/v1/me/availability/periods",
                new JsonObject()
                    .put("kind", "ABSENCE")
                    .put("absenceType", "VACATION")
                    .put("start", "2025-12-13T00:00:00+01:00")
                    .put("end", "2026-01-12T00:00:00+01:00"))
            .status());
    String julschema = send(server.as("manager-a"), message("Julschema", "vac-nurse"));
    JsonObject held = entry("vac-nurse", julschema);
    assertEquals("2026-01-12T06:00:00Z", held.getString("heldUntil"));
    assertEquals(
        "Skickat måndag 15 december kl. 20:00, under din frånvaro: inget svar väntas före måndag 12"
            + " januari 2026 kl. 07:00.",
        held.getString("heldNote"));
    assertEquals(
        "Frånvarande till måndag 12 januari 2026 kl. 07:00",
        vac.get("/api/v1/me/availability").json().getJsonObject("now").getString("text"));

    // A hub administrator cancels a booking for Monday 5 January: the notice says which year.
    Api admin = server.as("admin");
    String hubId =
        HubFixture.hub(admin, "Arbetshubb Nyår", HubFixture.alwaysOpen(), null).getString("id");
    HubFixture.admin(admin, hubId, HubFixture.id(server.as("hubadmin")));
    String desk = HubFixture.resource(server.as("hubadmin"), hubId, "DESK", "Skrivbord 1");
    LocalDate monday = LocalDate.of(2026, 1, 5);
    Api.Response booked =
        HubFixture.book(
            server.as("booker"), desk, HubFixture.at(monday, 8, 0), HubFixture.at(monday, 12, 0));
    assertEquals(201, booked.status(), booked.text());
    Api.Response cancelled =
        server
            .as("hubadmin")
            .delete("/api/v1/bookings/" + booked.json().getString("id") + "?reason=Vattenskada");
    assertEquals(200, cancelled.status(), cancelled.text());
    JsonObject notice = server.as("booker").get("/api/v1/me/inbox").items().getJsonObject(0);
    assertEquals(
        "Skrivbord 1, Arbetshubb Nyår, måndag 5 januari 2026 kl. 08:00–12:00 är avbokad av hubbens administratör. "
            + "Skäl: Vattenskada.",
        notice.getString("body"));
  }

  @Test
  @Order(2)
  void aDigestCountsAndNamesOnlyMessagesStillValidAndEveryValidMessageIsPushed() {
    Api manager = server.as("manager-a");
    // Monday 2 March 2026, evening: everyone is off until Tuesday 07:00.
    clock.set(stockholm(2026, 3, 2, 21, 0));
    // The booker's notice, held since December, goes out now, before her two messages below are
    // held (else it is folded into their digest at 07:00, depending on when the sweep runs).
    Eventually.until(
        "the booking notice held since December",
        Duration.ofSeconds(30),
        () -> pushesTo("booker").size(),
        n -> n == 1);
    String rutin = send(manager, message("Ny rutin", "nurse-one", "nurse-two", "nurse-three"));
    clock.set(stockholm(2026, 3, 2, 21, 5));
    // Tonight's alarm test is over before anyone is back: it expires at 23:00.
    String larm =
        send(
            manager,
            message("Larmtest i kväll", "nurse-one", "nurse-two")
                .put("expiresAt", "2026-03-02T23:00:00+01:00"));
    clock.set(stockholm(2026, 3, 2, 21, 10));
    String bemanning = send(manager, message("Ändrad bemanning", "nurse-two"));
    // Valid at the morning's fold by the server's clock, already expired by the database's when the
    // worker claims the digest: a message that expires between the fold and the push.
    String enkat =
        send(
            manager,
            message("Enkät", "nurse-three", "booker")
                .put("expiresAt", "2026-06-01T00:00:00+02:00"));
    String enkat2 =
        send(
            manager,
            message("Enkät, del 2", "booker").put("expiresAt", "2026-06-01T00:00:00+02:00"));
    assertEquals(
        3,
        manager.get("/api/v1/messages/" + rutin).json().getJsonObject("stats").getInteger("held"));

    clock.set(stockholm(2026, 3, 3, 7, 0).plusSeconds(1));
    settled(rutin, larm, bemanning, enkat, enkat2);

    // Nurse one: the expired message leaves before the fold; the valid one is pushed as itself.
    assertEquals(
        List.of("Ny rutin"), pushesTo("nurse-one").stream().map(HeldDeliveryTest::title).toList());
    assertEquals(
        "MESSAGE", pushesTo("nurse-one").get(0).message().getJsonObject("data").getString("kind"));
    // Nurse two: one digest of the two still valid, named after the latest of them.
    List<FakeFcm.Received> two = pushesTo("nurse-two");
    assertEquals(1, two.size());
    assertEquals("2 meddelanden kom medan du var ledig", title(two.get(0)));
    assertEquals(
        "Senaste: Ändrad bemanning",
        two.get(0).message().getJsonObject("notification").getString("body"));
    assertEquals(bemanning, two.get(0).message().getJsonObject("data").getString("messageId"));
    // Nurse three: her digest's latest expired before it went out; the one left goes as itself.
    assertEquals(
        List.of("Ny rutin"),
        pushesTo("nurse-three").stream().map(HeldDeliveryTest::title).toList());
    assertEquals(
        rutin,
        pushesTo("nurse-three").get(0).message().getJsonObject("data").getString("messageId"));
    // The booker: both messages of her digest expired before it went out; nothing is pushed.
    assertEquals(
        List.of("Din bokning är avbokad"),
        pushesTo("booker").stream().map(HeldDeliveryTest::title).toList());
    assertEquals(
        "EXPIRED",
        PushDeliveryTest.queryString(
            server,
            "SELECT string_agg(d.status, ',') FROM deliveries d "
                + "JOIN employees e ON e.id = d.employee_id WHERE e.external_id = 'booker' AND d.kind = 'DIGEST'"));

    // What is delivered is what was pushed; an expired message is never marked delivered.
    for (String who : List.of("nurse-one", "nurse-two", "nurse-three")) {
      assertNotNull(entry(who, rutin).getString("deliveredAt"), who);
    }
    assertNotNull(entry("nurse-two", bemanning).getString("deliveredAt"));
    assertNull(entry("nurse-one", larm).getString("deliveredAt"));
    assertNull(entry("nurse-two", larm).getString("deliveredAt"));
    assertNull(entry("nurse-three", enkat).getString("deliveredAt"));
    assertEquals("EXPIRED", deliveryStatus("nurse-one", larm));
    assertEquals("EXPIRED", deliveryStatus("nurse-three", enkat));
    assertEquals("EXPIRED", deliveryStatus("booker", enkat));
    assertEquals("EXPIRED", deliveryStatus("booker", enkat2));

    // The sender's figures: the valid message reached all three, the expired one is counted as
    // such.
    JsonObject rutinStats = manager.get("/api/v1/messages/" + rutin).json().getJsonObject("stats");
    assertEquals(3, rutinStats.getInteger("delivered"), rutinStats.encode());
    assertEquals(0, rutinStats.getInteger("held"));
    assertEquals(
        Map.of(
            "Person nurse-one",
            "DELIVERED",
            "Person nurse-two",
            "DELIVERED",
            "Person nurse-three",
            "DELIVERED"),
        recipientStates(manager, rutin));
    JsonObject larmStats = manager.get("/api/v1/messages/" + larm).json().getJsonObject("stats");
    assertEquals(0, larmStats.getInteger("delivered"));
    assertEquals(0, larmStats.getInteger("held"));
    assertEquals(2, larmStats.getInteger("expired"), larmStats.encode());
    assertEquals(
        Map.of("Person nurse-one", "EXPIRED", "Person nurse-two", "EXPIRED"),
        recipientStates(manager, larm));
  }

  @Test
  @Order(3)
  void aShiftWorkerWithNoShiftsIsNotGivenAMadeUpTimeAndIsPushedWhenAWorkingTimeIsKnown() {
    // Wednesday 4 March 2026, 10:00. Three shift workers with no shifts ahead; nurse one is at
    // work.
    clock.set(stockholm(2026, 3, 4, 10, 0));
    for (String who : List.of("shift-one", "shift-two", "shift-three", "shift-none")) {
      assertEquals(
          200,
          server
              .as(who)
              .put(
                  "/api/v1/me/availability/weekly",
                  new JsonObject().put("weekly", new JsonArray()).put("mode", "SHIFTS"))
              .status());
    }
    Api manager = server.as("manager-a");
    JsonObject draft =
        message("Utbildningsdag", "shift-one", "shift-two", "shift-three", "nurse-one");
    JsonObject preview = manager.post("/api/v1/messages/preview", draft).json();
    Api.Response sent = manager.post("/api/v1/messages", draft);
    assertEquals(201, sent.status(), sent.text());
    for (JsonObject consequence : List.of(preview, sent.json())) {
      assertEquals(4, consequence.getInteger("recipients"), consequence.encode());
      assertEquals(1, consequence.getInteger("reachableNow"), consequence.encode());
      assertEquals(new JsonArray(), consequence.getJsonArray("held"), consequence.encode());
      assertEquals(3, consequence.getInteger("withoutWorkingTime"), consequence.encode());
    }
    String utbildning = sent.json().getString("id");

    JsonObject entry = entry("shift-one", utbildning);
    assertNull(entry.getString("heldUntil"));
    assertEquals(
        "Skickat onsdag 4 mars kl. 10:00, utanför din arbetstid. Ingen kommande arbetstid är känd för dig:"
            + " inget svar väntas, och "
            + "notisen kommer när ett pass eller dina arbetstider läggs in.",
        entry.getString("heldNote"));
    JsonObject stats = manager.get("/api/v1/messages/" + utbildning).json().getJsonObject("stats");
    assertEquals(3, stats.getInteger("held"), stats.encode());
    assertEquals(3, stats.getInteger("devicesHeld"), stats.encode());
    JsonObject shown =
        manager.get("/api/v1/messages/" + utbildning + "/recipients").items().stream()
            .map(JsonObject.class::cast)
            .filter(r -> r.getJsonObject("employee").getString("name").equals("Person shift-one"))
            .findFirst()
            .orElseThrow();
    assertEquals("HELD", shown.getString("state"));
    assertNull(shown.getString("heldUntil"));
    assertEquals("OFF_HOURS", shown.getString("heldReason"));
    assertEquals("HELD", deliveryStatus("shift-one", utbildning));
    // Held with no time, such a push can still be cancelled, or expire.
    String installt = send(manager, message("Inställt möte", "shift-none"));
    assertEquals(200, manager.post("/api/v1/messages/" + installt + "/cancel", null).status());
    assertEquals("CANCELLED", deliveryStatus("shift-none", installt));
    String besked =
        send(
            manager,
            message("Kort besked", "shift-none").put("expiresAt", "2026-03-04T11:00:00+01:00"));

    // A working time becomes known, three ways: a shift tonight (across midnight), a weekly
    // pattern, a shift from the scheduling system.
    assertEquals(
        201,
        server
            .as("shift-one")
            .post(
                "/api/v1/me/availability/periods",
                new JsonObject()
                    .put("kind", "SHIFT")
                    .put("start", "2026-03-04T22:00:00+01:00")
                    .put("end", "2026-03-05T07:00:00+01:00"))
            .status());
    assertEquals(
        200,
        server
            .as("shift-two")
            .put(
                "/api/v1/me/availability/weekly",
                new JsonObject()
                    .put("mode", "WEEKLY")
                    .put(
                        "weekly",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("day", "WEDNESDAY")
                                    .put("start", "12:00")
                                    .put("end", "20:00"))))
            .status());
    Api.Response imported =
        server
            .as("admin")
            .post(
                "/api/v1/admin/availability/import",
                new JsonObject()
                    .put(
                        "periods",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("externalId", "TC-1")
                                    .put("employeeExternalId", "shift-three")
                                    .put("kind", "SHIFT")
                                    .put("start", "2026-03-05T06:00:00+01:00")
                                    .put("end", "2026-03-05T14:00:00+01:00"))));
    assertEquals(200, imported.status(), imported.text());
    assertEquals("2026-03-04T21:00:00Z", entry("shift-one", utbildning).getString("heldUntil"));
    assertEquals(
        "Skickat onsdag 4 mars kl. 10:00, utanför din arbetstid: inget svar väntas före onsdag 4 mars kl."
            + " 22:00.",
        entry("shift-one", utbildning).getString("heldNote"));
    assertEquals("2026-03-04T11:00:00Z", entry("shift-two", utbildning).getString("heldUntil"));
    assertEquals("2026-03-05T05:00:00Z", entry("shift-three", utbildning).getString("heldUntil"));

    clock.set(stockholm(2026, 3, 4, 12, 0).plusSeconds(1));
    Eventually.until(
        "the push at her first working hour",
        Duration.ofSeconds(30),
        () -> pushesTo("shift-two").size(),
        n -> n == 1);
    assertEquals("HELD", deliveryStatus("shift-one", utbildning));
    settled(besked);
    assertEquals("EXPIRED", deliveryStatus("shift-none", besked));
    JsonObject expired = manager.get("/api/v1/messages/" + besked).json().getJsonObject("stats");
    assertEquals(1, expired.getInteger("expired"), expired.encode());
    assertEquals(0, expired.getInteger("held"), expired.encode());
    clock.set(stockholm(2026, 3, 4, 22, 0).plusSeconds(1));
    Eventually.until(
        "the push at the night shift",
        Duration.ofSeconds(30),
        () -> pushesTo("shift-one").size(),
        n -> n == 1);
    assertEquals("HELD", deliveryStatus("shift-three", utbildning));
    clock.set(stockholm(2026, 3, 5, 6, 0).plusSeconds(1));
    settled(utbildning);
    assertEquals(
        List.of("Utbildningsdag"),
        pushesTo("shift-three").stream().map(HeldDeliveryTest::title).toList());
    assertEquals(
        4,
        manager
            .get("/api/v1/messages/" + utbildning)
            .json()
            .getJsonObject("stats")
            .getInteger("delivered"));
  }

  @Test
  @Order(4)
  void anUrgentMessageHeldByALeaveIsPushedAtTheNextWorkingTimeNotWhenTheLeaveEndsAtMidnight() {
    // Friday 27 March 2026, 10:00. Her leave ends at midnight on Sunday 29 March, the night the
    // clocks go forward; she works Monday from 07:00 summer time.
    clock.set(stockholm(2026, 3, 27, 10, 0));
    assertEquals(
        201,
        server
            .as("leave-nurse")
            .post(
                "/api/v1/me/availability/periods",
                new JsonObject()
                    .put("kind", "ABSENCE")
                    .put("absenceType", "VACATION")
                    .put("start", "2026-03-16T00:00:00+01:00")
                    .put("end", "2026-03-29T00:00:00+01:00"))
            .status());
    // A night worker whose shift starts at that midnight: her push shows when the midnight sweep
    // ran.
    Api sentinel = server.as("sentinel");
    assertEquals(
        200,
        sentinel
            .put(
                "/api/v1/me/availability/weekly",
                new JsonObject().put("weekly", new JsonArray()).put("mode", "SHIFTS"))
            .status());
    assertEquals(
        201,
        sentinel
            .post(
                "/api/v1/me/availability/periods",
                new JsonObject()
                    .put("kind", "SHIFT")
                    .put("start", "2026-03-29T00:00:00+01:00")
                    .put("end", "2026-03-29T06:00:00+02:00"))
            .status());
    Api crisis = server.as("crisis");
    String natt = send(crisis, message("Nattens bemanning", "sentinel"));

    JsonObject urgent =
        message("Vattenläcka", "leave-nurse", "nurse-one")
            .put("priority", "URGENT")
            .put("urgentReason", "Vattenläcka på plan 3");
    Api.Response sent = crisis.post("/api/v1/messages", urgent);
    assertEquals(201, sent.status(), sent.text());
    String vatten = sent.json().getString("id");
    assertEquals(1, sent.json().getInteger("reachableNow"));
    assertEquals(
        new JsonArray().add(new JsonObject().put("until", "2026-03-30T05:00:00Z").put("count", 1)),
        sent.json().getJsonArray("held"));
    JsonObject entry = entry("leave-nurse", vatten);
    assertEquals("2026-03-30T05:00:00Z", entry.getString("heldUntil"));
    assertEquals(
        "Skickat fredag 27 mars kl. 10:00, under din frånvaro: inget svar väntas före måndag 30 mars kl."
            + " 07:00.",
        entry.getString("heldNote"));
    // Read in English, the same times, as words in her zone across the night the clocks go forward.
    Api leave = server.as("leave-nurse");
    JsonObject english = new JsonObject().put("locale", "en");
    assertEquals(200, leave.put("/api/v1/me/preferences", english).status());
    assertEquals(
        "Sent Friday 27 March at 10:00, during your absence: no answer is expected before Monday 30"
            + " March at 07:00.",
        entry("leave-nurse", vatten).getString("heldNote"));
    JsonObject swedish = new JsonObject().put("locale", "sv");
    assertEquals(200, leave.put("/api/v1/me/preferences", swedish).status());

    // Midnight: the leave is over, the night worker is pushed, she is not (she is off duty).
    clock.set(stockholm(2026, 3, 29, 0, 0).plusSeconds(1));
    settled(natt);
    assertEquals(1, pushesTo("sentinel").size());
    assertEquals("HELD", deliveryStatus("leave-nurse", vatten));
    assertEquals(0, pushesTo("leave-nurse").size());

    // Monday 07:00 summer time: her working day starts, and the message reaches her.
    clock.set(stockholm(2026, 3, 30, 7, 0).plusSeconds(1));
    settled(vatten);
    assertEquals(
        List.of("Vattenläcka"),
        pushesTo("leave-nurse").stream().map(HeldDeliveryTest::title).toList());
    assertEquals(
        0,
        server.as("leave-nurse").get("/api/v1/me/after-hours-log").items().size(),
        "not a break-through");
  }

  @Test
  @Order(5)
  void
      aPhoneThatSignsOutIsRetiredOrHandedOnTakesItsHeldPushesAndDigestsAlongAndTheOtherPhoneStillGetsThem() {
    // Tuesday 14 April 2026, evening: everyone is off until Wednesday 07:00. FCM keeps failing for
    // the phones whose tokens start with down- (their digests wait to be tried again), and knows no
    // phone whose token starts with dead-.
    clock.set(stockholm(2026, 4, 14, 20, 0));
    fcm.failTokens("down-", FakeFcm.Fault.INTERNAL);
    fcm.failTokens("dead-", FakeFcm.Fault.UNREGISTERED);
    PushDeliveryTest.register(server.as("two-phones"), "two-phones-a", "down-two-phones-a");
    PushDeliveryTest.register(server.as("two-phones"), "two-phones-b", "tok-two-phones-b");
    PushDeliveryTest.register(server.as("signs-out"), "signs-out-phone", "tok-signs-out");
    PushDeliveryTest.register(server.as("loses-phone"), "lost-phone", "down-lost-phone");
    PushDeliveryTest.register(server.as("dead-token"), "dead-phone", "dead-phone-token");
    PushDeliveryTest.register(server.as("gives-phone"), "shared-phone", "tok-shared-phone");
    String[] to = {"two-phones", "signs-out", "loses-phone", "dead-token", "gives-phone"};
    Api manager = server.as("manager-a");
    clock.set(stockholm(2026, 4, 14, 21, 0));
    String kvall = send(manager, message("Kvällsinfo", to));
    clock.set(stockholm(2026, 4, 14, 21, 5));
    String schema = send(manager, message("Morgondagens schema", to));
    assertEquals(6, stats(manager, kvall).getInteger("devicesHeld"));

    // 22:00: she signs out of her phone; what waited for it goes with it, and is no longer counted
    // as held.
    clock.set(stockholm(2026, 4, 14, 22, 0));
    assertEquals(204, server.as("signs-out").delete("/api/v1/me/devices/signs-out-phone").status());
    assertEquals("CANCELLED", onPhone("signs-out-phone", kvall));
    assertEquals("CANCELLED", onPhone("signs-out-phone", schema));
    assertEquals(5, stats(manager, kvall).getInteger("devicesHeld"));
    // 22:10: a colleague takes over the shared phone (its token in hand): what waited for its
    // holder must not reach the colleague at 07:00.
    clock.set(stockholm(2026, 4, 14, 22, 10));
    Api.Response taken =
        server
            .as("takes-phone")
            .put(
                "/api/v1/me/devices/shared-phone",
                new JsonObject().put("platform", "ANDROID").put("pushToken", "tok-shared-phone"));
    assertEquals(200, taken.status(), taken.text());
    assertEquals("CANCELLED", onPhone("shared-phone", kvall));
    assertEquals(4, stats(manager, schema).getInteger("devicesHeld"));

    // Wednesday 07:00: one digest a phone. Phone B's goes out; the dead token's is dropped; the
    // failing phones' wait, and the messages folded into them are counted as waiting to go.
    clock.set(stockholm(2026, 4, 15, 7, 0).plusSeconds(1));
    Eventually.until(
        "the digest on phone B",
        Duration.ofSeconds(30),
        () -> fcm.delivered().stream().filter(r -> r.token().equals("tok-two-phones-b")).count(),
        n -> n == 1);
    Eventually.until(
        "the digest on phone B recorded",
        Duration.ofSeconds(30),
        () -> digestsOn("two-phones-b"),
        "SENT"::equals);
    Eventually.until(
        "the dead phone's digest dropped",
        Duration.ofSeconds(30),
        () -> digestsOn("dead-phone"),
        "DROPPED"::equals);
    Eventually.until(
        "the failing phones' digests tried",
        Duration.ofSeconds(30),
        () ->
            server.count(
                "SELECT count(*) FROM deliveries d "
                    + "JOIN devices v ON v.id = d.device_id WHERE v.device_key IN ('two-phones-a', 'lost-phone') AND d.kind = 'DIGEST' "
                    + "AND d.status = 'PENDING' AND d.attempts > 0"),
        n -> n == 2);
    for (String id : List.of(kvall, schema)) {
      JsonObject waiting = stats(manager, id);
      assertEquals(2, waiting.getInteger("devicesPending"), waiting.encode());
      assertEquals(1, waiting.getInteger("devicesFailed"), waiting.encode());
      assertEquals("DROPPED", onPhone("dead-phone", id));
    }

    // She signs out of phone A; the admin retires the lost phone. Their digests go, with what is in
    // them.
    assertEquals(204, server.as("two-phones").delete("/api/v1/me/devices/two-phones-a").status());
    String lost =
        PushDeliveryTest.queryString(
            server, "SELECT id FROM devices WHERE device_key = 'lost-phone'");
    Api.Response retired =
        server
            .as("admin")
            .post(
                "/api/v1/admin/devices/" + lost + "/retire",
                new JsonObject().put("reason", "LOST"));
    assertEquals(200, retired.status(), retired.text());
    settled(kvall, schema);
    for (String phone : List.of("two-phones-a", "lost-phone")) {
      assertEquals("CANCELLED", digestsOn(phone), phone);
      assertEquals("CANCELLED", onPhone(phone, kvall), phone);
      assertEquals("CANCELLED", onPhone(phone, schema), phone);
    }
    assertEquals(
        0,
        server.count(
            "SELECT count(*) FROM deliveries f JOIN deliveries g ON g.id = f.digest_id "
                + "WHERE f.status = 'DIGESTED' AND g.status <> 'SENT' AND f.message_id::text IN ('"
                + kvall
                + "', '"
                + schema
                + "')"),
        "no message stays folded into a digest that will not go");
    assertNull(digestsOn("signs-out-phone"), "no digest for a phone that signed out");

    // Her other phone got both, as one digest; both are delivered to her.
    List<FakeFcm.Received> onB =
        fcm.delivered().stream().filter(r -> r.token().equals("tok-two-phones-b")).toList();
    assertEquals(1, onB.size());
    assertEquals("2 meddelanden kom medan du var ledig", title(onB.get(0)));
    assertNotNull(entry("two-phones", kvall).getString("deliveredAt"));
    assertNotNull(entry("two-phones", schema).getString("deliveredAt"));
    // Nothing of the previous holder's reached the colleague who took over the shared phone.
    assertEquals(
        0, fcm.delivered().stream().filter(r -> r.token().equals("tok-shared-phone")).count());

    for (String id : List.of(kvall, schema)) {
      JsonObject after = stats(manager, id);
      assertEquals(1, after.getInteger("delivered"), after.encode());
      assertEquals(0, after.getInteger("devicesPending"), after.encode());
      assertEquals(0, after.getInteger("devicesHeld"), after.encode());
      assertEquals(1, after.getInteger("devicesFailed"), after.encode());
      assertEquals("DELIVERED", recipientStates(manager, id).get("Person two-phones"));
    }
  }

  @Test
  @Order(6)
  void aNewTimeZoneFromTheImportMovesHerHeldPushToHerHoursThere() {
    // Thursday 16 April 2026, 20:00 in Stockholm: held until Friday 07:00 there.
    clock.set(stockholm(2026, 4, 16, 20, 0));
    String rapport = send(server.as("manager-a"), message("Veckorapport", "moves-zone"));
    assertEquals("2026-04-17T05:00:00Z", entry("moves-zone", rapport).getString("heldUntil"));

    // The HR system says she works in London now: her 07:00 is an hour later.
    JsonObject file =
        new JsonObject()
            .put(
                "employees",
                new JsonArray()
                    .add(
                        Orgs.employee("moves-zone", "Person moves-zone", "WARD-A")
                            .put("timeZone", "Europe/London")));
    Api.Response imported = server.as("admin").post("/api/v1/admin/org/import", file);
    assertEquals(200, imported.status(), imported.text());
    assertEquals(
        1, imported.json().getJsonObject("employees").getInteger("updated"), imported.text());
    JsonObject moved = entry("moves-zone", rapport);
    assertEquals("2026-04-17T06:00:00Z", moved.getString("heldUntil"));
    assertEquals(
        "Skickat torsdag 16 april kl. 19:00, utanför din arbetstid: inget svar väntas före fredag 17"
            + " april kl. 07:00.",
        moved.getString("heldNote"));

    clock.set(stockholm(2026, 4, 17, 8, 0).plusSeconds(1));
    settled(rapport);
    assertEquals(
        List.of("Veckorapport"),
        pushesTo("moves-zone").stream().map(HeldDeliveryTest::title).toList());
  }

  @Test
  @Order(7)
  void newDefaultHoursAtAStartMoveThePushesHeldForThoseOnThem() {
    // Friday 17 April 2026, 20:00: both are off until Monday 07:00, one by the organisation's
    // hours,
    // one by her own.
    clock.set(stockholm(2026, 4, 17, 20, 0));
    assertEquals(
        200,
        server
            .as("own-hours")
            .put(
                "/api/v1/me/availability/weekly",
                new JsonObject()
                    .put(
                        "weekly",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("day", "MONDAY")
                                    .put("start", "07:00")
                                    .put("end", "16:00"))))
            .status());
    String helg =
        send(server.as("manager-a"), message("Helgläsning", "default-hours", "own-hours"));
    assertEquals("2026-04-20T05:00:00Z", entry("default-hours", helg).getString("heldUntil"));
    assertEquals("2026-04-20T05:00:00Z", entry("own-hours", helg).getString("heldUntil"));

    // Over the weekend the organisation's hours become 08:00-17:00, and the server is restarted
    // with them.
    String database = server.databaseUrl();
    server.close();
    server =
        TestServer.start(
            "held_delivery", settings(List.of("MONDAY-FRIDAY 08:00-17:00"), database), clock);
    JsonObject moved = entry("default-hours", helg);
    assertEquals("2026-04-20T06:00:00Z", moved.getString("heldUntil"));
    assertEquals(
        "Skickat fredag 17 april kl. 20:00, utanför din arbetstid: inget svar väntas före måndag 20 april"
            + " kl. 08:00.",
        moved.getString("heldNote"));
    assertEquals(
        "2026-04-20T05:00:00Z",
        entry("own-hours", helg).getString("heldUntil"),
        "her own hours did not change");

    clock.set(stockholm(2026, 4, 20, 8, 0).plusSeconds(1));
    settled(helg);
    assertEquals(
        List.of("Helgläsning"),
        pushesTo("default-hours").stream().map(HeldDeliveryTest::title).toList());
    assertEquals(
        List.of("Helgläsning"),
        pushesTo("own-hours").stream().map(HeldDeliveryTest::title).toList());
  }

  @Test
  @Order(8)
  void aPushHeldWithNoKnownWorkingTimeIsToldTrulyWhenReadRemindedExpiredOrGivenUpAfterTheHorizon() {
    // Monday 20 April 2026, 09:00. Two shift workers with no shifts ahead; one reads English.
    clock.set(stockholm(2026, 4, 20, 9, 0));
    Api none = server.as("shift-none");
    assertEquals(
        200, none.put("/api/v1/me/preferences", new JsonObject().put("locale", "en")).status());
    Api manager = server.as("manager-a");
    // Valid until 1 June by the server's clock (the real one is past it: the test's clock stays
    // behind it).
    String info =
        send(
            manager,
            message("Sommarinfo", "shift-none", "shift-three")
                .put("expiresAt", "2026-06-01T00:00:00+02:00"));
    String arsmote = send(manager, message("Årsmöte", "shift-none"));
    assertEquals(
        "Sent Monday 20 April at 09:00, outside your working hours. No upcoming working time of yours is"
            + " known: no answer is expected, "
            + "and the notification comes when a shift or your working hours are registered.",
        entry("shift-none", arsmote).getString("heldNote"));

    // She reads it in her inbox; the other is reminded, since the message is still valid.
    assertEquals(200, none.post("/api/v1/me/inbox/" + info + "/read", null).status());
    Api.Response reminded = manager.post("/api/v1/messages/" + info + "/remind", null);
    assertEquals(200, reminded.status(), reminded.text());
    assertEquals(1, reminded.json().getInteger("reminded"), reminded.text());
    assertEquals(0, reminded.json().getInteger("reachableNow"), reminded.text());
    assertEquals(1, reminded.json().getInteger("withoutWorkingTime"), "no time is made up for her");

    // 1 June: expired. The one who read it is READ, not "expired before it reached them"; the other
    // was never reached.
    clock.set(stockholm(2026, 6, 1, 0, 0).plusSeconds(1));
    settled(info);
    JsonObject stats = stats(manager, info);
    assertEquals(1, stats.getInteger("expired"), stats.encode());
    assertEquals(1, stats.getInteger("read"), stats.encode());
    assertEquals(0, stats.getInteger("devicesHeld"), stats.encode());
    assertEquals(
        Map.of("Person shift-none", "READ", "Person shift-three", "EXPIRED"),
        recipientStates(manager, info));
    assertEquals("EXPIRED", deliveryStatus("shift-three", info));

    // A push that waited the rules' horizon (400 days) for a working time is given up, so what it
    // holds can be deleted in time.
    assertEquals("HELD", deliveryStatus("shift-none", arsmote));
    clock.set(stockholm(2027, 5, 25, 9, 0).plusSeconds(1));
    settled(arsmote);
    assertEquals("EXPIRED", deliveryStatus("shift-none", arsmote));
    assertEquals(0, pushesTo("shift-none").size());
  }

  @Test
  @Order(9)
  void aReminderAnswersWhoIsPushedNowAndWhoWaitsUntilWhenAsTheSendDid() {
    // Tuesday 25 May 2027, 20:00 in Stockholm; the organisation works 08:00-17:00 by now. Nurse one
    // is in Stockholm, moves-zone in London, signs-out has no phone since she signed it out.
    clock.set(stockholm(2027, 5, 25, 20, 0));
    Api manager = server.as("manager-a");
    JsonObject kvall =
        message("Kvällsinfo", "nurse-one", "moves-zone", "signs-out").put("requiresAck", true);
    Api.Response sent = manager.post("/api/v1/messages", kvall);
    assertEquals(201, sent.status(), sent.text());
    JsonArray byMorning =
        new JsonArray()
            .add(new JsonObject().put("until", "2027-05-26T06:00:00Z").put("count", 2))
            .add(new JsonObject().put("until", "2027-05-26T07:00:00Z").put("count", 1));
    assertEquals(byMorning, sent.json().getJsonArray("held"));
    assertEquals(1, sent.json().getInteger("withoutPhone"), sent.text());

    Api.Response reminded =
        manager.post("/api/v1/messages/" + sent.json().getString("id") + "/remind", null);
    assertEquals(200, reminded.status(), reminded.text());
    assertEquals(
        new JsonObject()
            .put("reminded", 3)
            .put("reachableNow", 0)
            .put("held", byMorning)
            .put("withoutWorkingTime", 0)
            .put("devices", 2)
            .put("withoutPhone", 1),
        reminded.json());
  }
}
