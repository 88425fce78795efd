package se.tjanstemobil.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.tjanstemobil.support.HubFixture.at;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/**
 * The calendar feed as an app and a calendar use it: the app shows the address it already has
 * without breaking the calendars subscribed to it, and the feed itself, read byte by byte and by an
 * independent parser (biweekly), keeps RFC 5545's 75-octet lines with Swedish text in them.
 */
class CalendarFeedTest {

  private static final String MINE = "/api/v1/me/calendar-feed";
  private static final String HUB =
      "Arbetshubb Hälsans hus på Östersunds sjukhusområde, våning två";
  private static final String ADDRESS =
      "Lasarettsvägen 1, entré Ö, hiss C till våning två, därefter höger förbi köket";
  private static final String DESK =
      "Skrivbord vid fönstret mot Storsjön, närmast köket (höj- och sänkbart)";

  private static TestServer server;
  private static String desk;

  @BeforeAll
  static void start() {
    server = TestServer.start("calendar_feed");
    server.importOrganisation(Orgs.small());
    Api admin = server.as("admin");
    Api.Response hub =
        admin.post(
            "/api/v1/hubs",
            new JsonObject()
                .put("name", HUB)
                .put("municipality", "Östersund")
                .put("address", ADDRESS)
                .put("openingHours", HubFixture.alwaysOpen()));
    assertEquals(201, hub.status(), hub.text());
    desk = HubFixture.resource(admin, hub.json().getString("id"), "DESK", DESK);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String path(String url) {
    return URI.create(url).getPath();
  }

  @Test
  void theAppShowsTheAddressItHasWithoutBreakingSubscriptions() {
    Api nurse = server.as("nurse-a");
    JsonObject none = nurse.get(MINE).problem(404);
    assertEquals(
        "Du har ingen kalenderlänk än; skapa en så visas den här", none.getString("detail"));

    Api.Response made = nurse.post(MINE, new JsonObject());
    assertEquals(201, made.status(), made.text());
    String url = made.json().getString("url");
    assertNull(made.json().getValue("lastUsedAt"));

    Api.Response shown = nurse.get(MINE);
    assertEquals(200, shown.status(), shown.text());
    assertEquals(url, shown.json().getString("url"), "the same address, not a new one");
    assertEquals(made.json().getString("createdAt"), shown.json().getString("createdAt"));
    assertEquals(url, nurse.get(MINE).json().getString("url"), "looking again changes nothing");
    assertEquals(200, server.api.get(path(url)).status(), "the subscribed calendar still reads it");
    assertNotNull(
        nurse.get(MINE).json().getString("lastUsedAt"), "and the app sees that it was read");
    server.as("nurse-b").get(MINE).problem(404);

    // A new one replaces it: the old address stops working, and GET shows the new one.
    String renewed = nurse.post(MINE, new JsonObject()).json().getString("url");
    assertNotEquals(url, renewed);
    assertEquals(404, server.api.get(path(url)).status());
    assertEquals(renewed, nurse.get(MINE).json().getString("url"));

    // A feed made before the server kept its address still works, but has none to show.
    server.sql("UPDATE calendar_feeds SET secret = NULL");
    JsonObject old = nurse.get(MINE).problem(404);
    assertTrue(
        old.getString("detail").startsWith("Din kalenderlänk skapades innan adressen sparades"),
        old.encode());
    assertEquals(200, server.api.get(path(renewed)).status());

    assertEquals(204, nurse.delete(MINE).status());
    nurse.get(MINE).problem(404);
    assertEquals(404, server.api.get(path(renewed)).status());
  }

  @Test
  void theFeedIsFoldedAt75OctetsNeverInsideACharacter() throws Exception {
    Api manager = server.as("manager-a");
    LocalDate day = LocalDate.now(HubFixture.STOCKHOLM).plusDays(2);
    Api.Response booked = HubFixture.book(manager, desk, at(day, 9, 0), at(day, 11, 0));
    assertEquals(201, booked.status(), booked.text());
    String url = manager.post(MINE, new JsonObject()).json().getString("url");

    HttpResponse<byte[]> feed =
        HttpClient.newHttpClient()
            .send(
                server.api.builder(path(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, feed.statusCode());
    List<byte[]> lines = lines(feed.body());
    int folded = 0;
    for (byte[] line : lines) {
      String text = strictUtf8(line);
      assertTrue(line.length <= 75, line.length + " octets: " + text);
      folded += text.startsWith(" ") ? 1 : 0;
    }
    assertTrue(folded >= 3, "the long Swedish lines were folded: " + folded);

    // Unfolded by another parser, every text comes back exactly.
    ICalendar ical = Biweekly.parse(new String(feed.body(), StandardCharsets.UTF_8)).first();
    VEvent event =
        ical.getEvents().stream()
            .filter(
                e -> e.getUid().getValue().equals(booked.json().getString("id") + "@tjanstemobil"))
            .findFirst()
            .orElseThrow();
    assertEquals(DESK + ", " + HUB, event.getSummary().getValue());
    assertEquals(HUB + ", " + ADDRESS, event.getLocation().getValue());
    assertEquals(
        "Skrivbord bokat i Tjänstemobil. Checka in i appen när du är på plats.",
        event.getDescription().getValue());

    // Its owner reads English: the same feed describes the booking in English.
    assertEquals(
        200, manager.put("/api/v1/me/preferences", new JsonObject().put("locale", "en")).status());
    String english = server.api.get(path(url)).text();
    VEvent inEnglish =
        Biweekly.parse(english).first().getEvents().stream()
            .filter(e -> e.getUid().getValue().equals(event.getUid().getValue()))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "Desk booked in Tjänstemobil. Check in in the app when you arrive.",
        inEnglish.getDescription().getValue());
    assertEquals(
        200, manager.put("/api/v1/me/preferences", new JsonObject().put("locale", "sv")).status());
  }

  /** The physical lines, each without its CRLF; the body must end with one. */
  private static List<byte[]> lines(byte[] body) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i + 1 < body.length; i++) {
      if (body[i] == '\r' && body[i + 1] == '\n') {
        byte[] line = new byte[i - start];
        System.arraycopy(body, start, line, 0, line.length);
        lines.add(line);
        start = i + 2;
        i++;
      }
    }
    assertEquals(body.length, start, "every line ends in CRLF");
    return lines;
  }

  /** A line as UTF-8, refusing it if it starts or ends inside a character. */
  private static String strictUtf8(byte[] line) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(line))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError(
          "a line split inside a UTF-8 character: " + new String(line, StandardCharsets.ISO_8859_1),
          e);
    }
  }
}
