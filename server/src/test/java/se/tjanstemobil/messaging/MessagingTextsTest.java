package se.tjanstemobil.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
import se.tjanstemobil.http.Times;
import se.tjanstemobil.push.FakeFcm;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Eventually;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestClock;
import se.tjanstemobil.support.TestServer;

/**
 * What messaging writes for a person, in the reader's language (Swedish by default, English for a
 * person with locale en), times as words in the reader's zone: refusals of a send and of the
 * follow-up, the pushes the server words itself (reminder, digest), the held note across the autumn
 * night the clocks go back, and a notice from the service itself. The organisation works weekdays
 * 07:00-16:00; Emily works in London. The test's clock moves forward only, and stays behind the
 * real one (the database's now() decides when a due push is claimed).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MessagingTextsTest {

  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
  private static final String SEND = "/api/v1/messages";

  private static FakeFcm fcm;
  private static TestClock clock;
  private static TestServer server;

  @BeforeAll
  static void start() {
    fcm = FakeFcm.start();
    // Friday 23 October 2026, 10:00 in Stockholm; the clocks go back on Sunday night.
    clock = new TestClock(stockholm(2026, 10, 23, 10, 0));
    server =
        TestServer.start(
            "messaging_texts",
            Map.of(
                "push.fcm.endpoint",
                fcm.endpoint(),
                "push.fcm.projectId",
                "fake-project",
                "availability.defaultWeekly",
                List.of("MONDAY-FRIDAY 07:00-16:00"),
                "messaging.urgent.dailyLimit",
                1),
            clock);
    JsonObject org = Orgs.small();
    org.getJsonArray("employees")
        .add(Orgs.employee("manager-en", "Edward Manager", "WARD-A").put("locale", "en"))
        .add(
            Orgs.employee("nurse-en", "Emily Nurse", "WARD-A")
                .put("locale", "en")
                .put("timeZone", "Europe/London"))
        .add(Orgs.employee("booker-1", "Berit Bokare", "WARD-A"))
        .add(Orgs.employee("booker-2", "Bengt Bokare", "WARD-A"))
        .add(Orgs.employee("hubadmin", "Hilda Hubb", "REG"));
    org.getJsonArray("roleGrants").add(Orgs.grant("manager-en", "MANAGER", "WARD-A"));
    server.importOrganisation(org);
    PushDeliveryTest.register(server.as("nurse-a"), "nurse-a-phone", "tok-nurse-a");
    PushDeliveryTest.register(server.as("nurse-en"), "nurse-en-phone", "tok-nurse-en");
  }

  @AfterAll
  static void stop() {
    server.close();
    fcm.close();
  }

  private static Instant stockholm(int year, int month, int day, int hour, int minute) {
    return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, STOCKHOLM).toInstant();
  }

  private static String id(String externalId) {
    return PushDeliveryTest.queryString(
        server, "SELECT id FROM employees WHERE external_id = '" + externalId + "'");
  }

  private static JsonObject to(String title, JsonObject audience) {
    return new JsonObject()
        .put("title", title)
        .put("body", title + ": läs mer i appen")
        .put("category", "SCHEDULE")
        .put("audience", audience);
  }

  private static JsonObject people(String... who) {
    JsonArray ids = new JsonArray();
    for (String w : who) {
      ids.add(id(w));
    }
    return new JsonObject().put("employees", ids);
  }

  private static String send(Api sender, JsonObject message) {
    Api.Response r = sender.post(SEND, message);
    assertEquals(201, r.status(), r.text());
    return r.json().getString("id");
  }

  private static List<FakeFcm.Received> pushesTo(String who) {
    return fcm.delivered().stream().filter(r -> r.token().equals("tok-" + who)).toList();
  }

  private static String title(FakeFcm.Received push) {
    return push.message().getJsonObject("notification").getString("title");
  }

  private static String body(FakeFcm.Received push) {
    return push.message().getJsonObject("notification").getString("body");
  }

  private static JsonObject entry(String who, String messageId) {
    return server.as(who).get("/api/v1/me/inbox").items().stream()
        .map(JsonObject.class::cast)
        .filter(e -> e.getString("messageId").equals(messageId))
        .findFirst()
        .orElseThrow();
  }

  private static void pushed(String who, String title) {
    Eventually.until(
        title + " pushed to " + who,
        Duration.ofSeconds(30),
        () -> pushesTo(who).stream().filter(p -> title.equals(title(p))).count(),
        n -> n == 1);
  }

  @Test
  @Order(1)
  void aRefusedSendIsExplainedInTheSendersLanguage() {
    Api sv = server.as("manager-a");
    Api en = server.as("manager-en");
    JsonObject wardB = new JsonObject().put("units", new JsonArray().add(unit("WARD-B")));

    Api.Response notMine = sv.post(SEND, to("Till B", wardB));
    JsonObject p = notMine.problem(403);
    assertEquals("sv", notMine.headers().firstValue("Content-Language").orElse(null));
    assertEquals("Du har inte behörighet till detta", p.getString("title"));
    assertEquals(
        "Du är inte chef för Avdelning B; chefer skickar till sina egna enheter",
        p.getString("detail"));
    JsonObject q = en.post(SEND, to("To B", wardB)).problem(403);
    assertEquals("You are not allowed to do this", q.getString("title"));
    assertEquals(
        "You do not manage Avdelning B; managers send to their own units", q.getString("detail"));

    assertEquals(
        "Nora Nurse arbetar på Avdelning B, där du inte är chef",
        sv.post(SEND, to("Till Nora", people("nurse-b"))).problem(403).getString("detail"));
    assertEquals(
        "Nora Nurse works in Avdelning B, which you do not manage",
        en.post(SEND, to("To Nora", people("nurse-b"))).problem(403).getString("detail"));

    JsonObject noReason = to("Larm", people("nurse-a")).put("priority", "URGENT");
    JsonObject svReason = sv.post(SEND, noReason).problem(400);
    assertEquals(
        new JsonObject()
            .put("field", "urgentReason")
            .put(
                "message",
                "ett brådskande meddelande behöver ett skrivet skäl: det når människor utanför deras"
                    + " arbetstid"),
        svReason.getJsonArray("errors").getJsonObject(0));
    assertEquals(
        "urgentReason: an urgent message needs a written reason: it reaches people outside their"
            + " working hours",
        en.post(SEND, noReason).problem(400).getString("detail"));

    JsonObject nowhere =
        new JsonObject()
            .put(
                "units",
                new JsonArray()
                    .add(new JsonObject().put("id", "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a")));
    JsonObject unknown = sv.post(SEND, to("X", nowhere)).problem(422);
    assertEquals("Okänd enhet", unknown.getString("title"));
    assertEquals("En av de valda enheterna finns inte", unknown.getString("detail"));
    JsonObject unknownEn = en.post(SEND, to("X", nowhere)).problem(422);
    assertEquals("Unknown unit", unknownEn.getString("title"));
    assertEquals("One of the units chosen does not exist", unknownEn.getString("detail"));

    // One URGENT a day each here: the second is refused until midnight.
    JsonObject urgent =
        to("Vattenläcka", people("nurse-a"))
            .put("priority", "URGENT")
            .put("urgentReason", "Vattenläcka på plan 3");
    send(sv, urgent);
    send(en, urgent);
    assertEquals(
        "Du har skickat ett brådskande meddelande i dag, så många som reglerna tillåter (1); skicka"
            + " som normalt meddelande, eller be en krisledare",
        sv.post(SEND, urgent).problem(429).getString("detail"));
    assertEquals(
        "You have sent one urgent message today, the most policy allows (1); send it as a normal"
            + " message, or ask a crisis lead",
        en.post(SEND, urgent).problem(429).getString("detail"));
  }

  private static JsonObject unit(String externalId) {
    return new JsonObject()
        .put(
            "id",
            PushDeliveryTest.queryString(
                server, "SELECT id FROM units WHERE external_id = '" + externalId + "'"));
  }

  @Test
  @Order(2)
  void theFollowUpAndTheInboxAnswerInTheReadersLanguageAndTheReminderIsPushedInTheirs() {
    Api sv = server.as("manager-a");
    Api en = server.as("manager-en");
    String rutin = send(sv, to("Ny rutin", people("nurse-a", "nurse-en")).put("requiresAck", true));
    String routine = send(en, to("New routine", people("nurse-en")).put("requiresAck", true));
    pushed("nurse-a", "Ny rutin");
    pushed("nurse-en", "Ny rutin");

    assertEquals(200, sv.post(SEND + "/" + rutin + "/remind", null).status());
    pushed("nurse-a", "Påminnelse: Ny rutin");
    pushed("nurse-en", "Reminder: Ny rutin");
    JsonObject tooSoon = sv.post(SEND + "/" + rutin + "/remind", null).problem(422);
    assertEquals("För tidigt för en ny påminnelse", tooSoon.getString("title"));
    assertEquals(
        "En påminnelse gick ut för mindre än 10 minuter sedan; vänta en stund innan nästa",
        tooSoon.getString("detail"));
    assertEquals(200, en.post(SEND + "/" + routine + "/remind", null).status());
    assertEquals(
        "A reminder went out less than 10 minutes ago; wait a while before the next",
        en.post(SEND + "/" + routine + "/remind", null).problem(422).getString("detail"));

    String info = send(sv, to("Info", people("nurse-a", "nurse-en")));
    assertEquals(
        "Meddelandet ber inte om någon kvittens",
        server
            .as("nurse-a")
            .post("/api/v1/me/inbox/" + info + "/ack", null)
            .problem(422)
            .getString("detail"));
    assertEquals(
        "This message does not ask for an acknowledgement",
        server
            .as("nurse-en")
            .post("/api/v1/me/inbox/" + info + "/ack", null)
            .problem(422)
            .getString("detail"));
    assertEquals(
        "Det finns inget sådant meddelande",
        sv.get(SEND + "/" + routine).problem(404).getString("detail"));
    assertEquals(
        "There is no such message", en.get(SEND + "/" + rutin).problem(404).getString("detail"));
  }

  @Test
  @Order(3)
  void aHeldNoteSaysBothTimesAsWordsInTheReadersZoneAcrossTheNightTheClocksGoBack() {
    // Friday 20:00 in Stockholm (summer time), 19:00 in London.
    clock.set(stockholm(2026, 10, 23, 20, 0));
    Api manager = server.as("manager-a");
    String schema = send(manager, to("Nytt schema", people("nurse-a", "nurse-en")));
    clock.advance(Duration.ofMinutes(5));
    send(manager, to("Julbord", people("nurse-a", "nurse-en")));

    JsonObject sv = entry("nurse-a", schema);
    // Monday 07:00 in Stockholm is winter time again: 06:00 UTC.
    assertEquals("2026-10-26T06:00:00Z", sv.getString("heldUntil"));
    assertEquals(
        "Skickat fredag 23 oktober kl. 20:00, utanför din arbetstid: inget svar väntas före måndag"
            + " 26 oktober kl. 07:00.",
        sv.getString("heldNote"));
    JsonObject en = entry("nurse-en", schema);
    assertEquals("2026-10-26T07:00:00Z", en.getString("heldUntil"));
    assertEquals(
        "Sent Friday 23 October at 19:00, outside your working hours: no answer is expected before"
            + " Monday 26 October at 07:00.",
        en.getString("heldNote"));

    // Monday 07:00 in Stockholm: her two held messages arrive as one push, in Swedish.
    clock.set(stockholm(2026, 10, 26, 7, 0).plusSeconds(1));
    pushed("nurse-a", "2 meddelanden kom medan du var ledig");
    FakeFcm.Received digest =
        pushesTo("nurse-a").stream().filter(p -> title(p).startsWith("2 ")).findFirst().get();
    assertEquals("Senaste: Julbord", body(digest));
    assertEquals(
        0,
        pushesTo("nurse-en").stream().filter(p -> title(p).startsWith("2 ")).count(),
        "not before her 07:00");
    // An hour later it is 07:00 in London: hers, in English.
    clock.set(stockholm(2026, 10, 26, 8, 0).plusSeconds(1));
    pushed("nurse-en", "2 messages arrived while you were off");
    FakeFcm.Received hers =
        pushesTo("nurse-en").stream().filter(p -> title(p).startsWith("2 ")).findFirst().get();
    assertEquals("Latest: Julbord", body(hers));
  }

  @Test
  @Order(4)
  void aNoticeFromTheServiceIsSignedByTheServiceInTheReadersLanguage() {
    clock.set(stockholm(2026, 10, 26, 10, 0));
    Api admin = server.as("admin");
    LocalDate tuesday = LocalDate.of(2026, 10, 27);
    JsonObject wanted =
        new JsonObject()
            .put("kind", "DESK")
            .put("start", Times.format(HubFixture.at(tuesday, 8, 0).toOffsetDateTime()))
            .put("end", Times.format(HubFixture.at(tuesday, 12, 0).toOffsetDateTime()));
    // One desk in each of two hubs, booked; Nils waits for one, Emily for the other.
    String[] offered = {"nurse-a", "nurse-en"};
    String[] bookers = {"booker-1", "booker-2"};
    for (int i = 0; i < 2; i++) {
      String hubId =
          HubFixture.hub(admin, "Arbetshubb " + (i + 1), HubFixture.alwaysOpen(), null)
              .getString("id");
      HubFixture.admin(admin, hubId, id("hubadmin"));
      String desk = HubFixture.resource(server.as("hubadmin"), hubId, "DESK", "Skrivbord 1");
      Api booker = server.as(bookers[i]);
      Api.Response booked =
          HubFixture.book(
              booker, desk, HubFixture.at(tuesday, 8, 0), HubFixture.at(tuesday, 12, 0));
      assertEquals(201, booked.status(), booked.text());
      Api.Response waiting =
          server.as(offered[i]).post("/api/v1/hubs/" + hubId + "/waitlist", wanted);
      assertEquals(201, waiting.status(), waiting.text());
      assertEquals(
          200, booker.delete("/api/v1/bookings/" + booked.json().getString("id")).status());
    }

    JsonObject sv = server.as("nurse-a").get("/api/v1/me/inbox").items().getJsonObject(0);
    JsonObject en = server.as("nurse-en").get("/api/v1/me/inbox").items().getJsonObject(0);
    assertNull(sv.getJsonObject("sender").getString("id"));
    assertEquals(
        "Tjänstemobil (automatiskt meddelande)", sv.getJsonObject("sender").getString("name"));
    assertNull(en.getJsonObject("sender").getString("id"));
    assertEquals("Tjänstemobil (automatic notice)", en.getJsonObject("sender").getString("name"));
    // The same notice, each written in the reader's own language.
    assertNotEquals(sv.getString("title"), en.getString("title"));
  }
}
