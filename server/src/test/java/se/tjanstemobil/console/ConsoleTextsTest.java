package se.tjanstemobil.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.TestServer;

/**
 * GET /console/texts/{language}: the console reads its texts and every code's label from the
 * server's catalogue, as templates with their quoting resolved, in the catalogue's order, public
 * and revalidated by ETag; and GET /auth/config names the organisation's zone and language, which
 * it shows times in.
 */
class ConsoleTextsTest {

  private static TestServer server;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            "console_texts",
            Map.of(
                "organisation.defaultTimeZone",
                "Europe/Helsinki",
                "organisation.defaultLocale",
                "en"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theConsoleReadsItsTextsTheLabelsAndTheProblemTitlesInEachLanguage() {
    Api.Response sv = server.api.get("/console/texts/sv");
    assertEquals(200, sv.status(), sv.text());
    assertEquals("sv", sv.headers().firstValue("Content-Language").orElse(null));
    JsonObject texts = sv.json().getJsonObject("texts");
    assertEquals("Nytt meddelande", texts.getString("console.navCompose"));
    assertEquals("Välkommen, {0}", texts.getString("console.welcome"));
    assertEquals("{0} dagar", texts.getString("console.days.other"));
    assertEquals("Chef", texts.getString("label.role.MANAGER"));
    assertEquals("Dockningsstation", texts.getString("label.feature.DOCKING_STATION"));
    assertEquals("Hittades inte", texts.getString("problem.not-found.title"));

    JsonObject en = server.api.get("/console/texts/en").json().getJsonObject("texts");
    assertEquals("New message", en.getString("console.navCompose"));
    assertEquals("Manager", en.getString("label.role.MANAGER"));
    assertEquals("Not found", en.getString("problem.not-found.title"));
    // MessageFormat's doubled apostrophe is one apostrophe for the console.
    assertEquals("Open {0}'s agreement", en.getString("console.openAgreement"));
    assertEquals(en.fieldNames(), texts.fieldNames(), "the same keys in both languages");
  }

  @Test
  void theSignInSettingsNameTheOrganisationsZoneAndLanguage() {
    JsonObject config = server.api.get("/api/v1/auth/config").json();
    assertEquals(
        new JsonObject().put("timeZone", "Europe/Helsinki").put("locale", "en"),
        config.getJsonObject("organisation"));
  }

  @Test
  void codesComeInTheCatalogueOrder() {
    JsonObject texts = server.api.get("/console/texts/sv").json().getJsonObject("texts");
    List<String> weekdays =
        texts.fieldNames().stream()
            .filter(k -> k.startsWith("label.weekday."))
            .map(k -> k.substring("label.weekday.".length()))
            .toList();
    assertEquals(
        List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"),
        weekdays);
  }

  @Test
  void theTextsArePublicAndRevalidatedByTheirTag() {
    Api.Response first = server.api.get("/console/texts/sv");
    String etag = first.headers().firstValue("ETag").orElse("");
    assertTrue(etag.matches("\"[0-9a-f]{32}\""), etag);
    assertEquals(
        "public, no-cache", first.headers().firstValue("Cache-Control").orElse(null), "cacheable");
    Api.Response again =
        server.api.send(server.api.builder("/console/texts/sv").header("If-None-Match", etag));
    assertEquals(304, again.status(), again.text());
    assertEquals("", again.text());
    String other = server.api.get("/console/texts/en").headers().firstValue("ETag").orElse("");
    assertTrue(!other.equals(etag), "each language has its own tag");
    Api.Response none = server.api.get("/console/texts/fi");
    none.problem(400);
  }
}
