package se.tjanstemobil.org;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/**
 * What the console looks up to compose and to pick: people by name among those one may write to
 * (GET /org/employees), the units one may write to or report on (GET /org/units), and the crisis
 * state every signed-in person reads in GET /me for the banner.
 */
class LookUpTest {

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start("org_look_up");
    JsonObject org = Orgs.small();
    org.getJsonArray("employees")
        .add(Orgs.employee("osten", "Östen Öberg", "WARD-A"))
        .add(Orgs.employee("anna-karin", "Anna-Karin Berg", "WARD-B"))
        .add(Orgs.employee("gone", "Nisse Gammal", "WARD-A").put("status", "LEFT"))
        .add(Orgs.employee("communicator", "Karin Kommunikatör", "REG"))
        .add(Orgs.employee("hubadmin", "Hugo Hubb", "REG"));
    org.getJsonArray("roleGrants").add(Orgs.grant("communicator", "COMMUNICATOR", null));
    server.importOrganisation(org);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Api.Response find(String who, String query) {
    return server.as(who).get("/api/v1/org/employees?" + query);
  }

  private static List<String> names(String who, String q) {
    Api.Response r = find(who, "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
    assertEquals(200, r.status(), r.text());
    return r.items().stream().map(o -> ((JsonObject) o).getString("name")).toList();
  }

  @Test
  void aManagerFindsByNameThePeopleOfTheirUnitsAndTheUnitsBelow() {
    assertEquals(List.of("Nils Nurse"), names("manager-a", "ni"), "Nora Nurse is on ward B");
    assertEquals(List.of("Nils Nurse"), names("manager-a", "NU"), "a word's start, any case");
    assertEquals(List.of(), names("manager-a", "ils"), "the middle of a word is not a start");
    assertEquals(List.of("Nils Nurse", "Nora Nurse"), names("head", "nurse"), "the department");
    assertEquals(List.of("Nils Nurse"), names("head", "nurse ni"), "every word must match");
    // Swedish letters in either case; a hyphen starts a word; a leaver is nobody to write to.
    assertEquals(List.of("Östen Öberg"), names("manager-a", "ös"));
    assertEquals(List.of("Östen Öberg"), names("manager-a", "ÖBERG"));
    assertEquals(List.of(), names("manager-a", "nisse"));
    assertEquals(List.of(), names("manager-a", "karin"), "Anna-Karin is on ward B");
    JsonObject nils = find("manager-a", "q=nils").items().getJsonObject(0);
    assertEquals("Avdelning A", nils.getJsonObject("unit").getString("name"));
  }

  @Test
  void communicatorsHrAndAdminsFindEveryone() {
    for (String who : List.of("communicator", "hr", "admin")) {
      assertEquals(List.of("Anna-Karin Berg", "Karin Kommunikatör"), names(who, "karin"), who);
    }
  }

  @Test
  void theResultComesAPageAtATime() {
    Api.Response first = find("head", "q=nurse&limit=1");
    assertEquals(
        List.of("Nils Nurse"),
        first.items().stream().map(o -> ((JsonObject) o).getString("name")).toList());
    String cursor = first.json().getString("nextCursor");
    assertNotNull(cursor);
    Api.Response second = find("head", "q=nurse&limit=1&cursor=" + cursor);
    assertEquals("Nora Nurse", second.items().getJsonObject(0).getString("name"));
    Api.Response third =
        find("head", "q=nurse&limit=1&cursor=" + second.json().getString("nextCursor"));
    assertEquals(0, third.items().size());
    assertNull(third.json().getValue("nextCursor"));

    String forged =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"at\":\"x\"}".getBytes(StandardCharsets.UTF_8));
    JsonObject bad = find("head", "q=nurse&cursor=" + forged).problem(400);
    assertEquals("cursor", bad.getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(
        "är inte en markör som den här servern har lämnat ut",
        bad.getJsonArray("errors").getJsonObject(0).getString("message"));
  }

  @Test
  void someoneWhoWritesToNobodyIsRefused() {
    for (String who : List.of("nurse-a", "hubadmin")) {
      JsonObject p = find(who, "q=ni").problem(403);
      assertEquals(
          "Enheter och personer att skriva till är till för chefer, kommunikatörer, krisledare, HR"
              + " och administratörer",
          p.getString("detail"),
          who);
      server.as(who).get("/api/v1/org/units").problem(403);
    }
    server.api.get("/api/v1/org/employees?q=ni").problem(401);
    find("manager-a", "q=").problem(400);
  }

  private static Map<String, String> units(String who) {
    Api.Response r = server.as(who).get("/api/v1/org/units");
    assertEquals(200, r.status(), r.text());
    Map<String, String> id = unitIds();
    Map<String, String> nameOf =
        id.entrySet().stream().collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
    return r.items().stream()
        .map(JsonObject.class::cast)
        .collect(
            Collectors.toMap(
                u -> u.getString("name"),
                u -> u.getString("parentId") == null ? "-" : nameOf.get(u.getString("parentId"))));
  }

  private static Map<String, String> unitIds() {
    JsonArray all = server.as("admin").get("/api/v1/org/units").items();
    return all.stream()
        .map(JsonObject.class::cast)
        .collect(Collectors.toMap(u -> u.getString("name"), u -> u.getString("id")));
  }

  @Test
  void theUnitsOneMayPickWithTheirParents() {
    assertEquals(
        Map.of(
            "Region Test",
            "-",
            "Hälso- och sjukvård",
            "Region Test",
            "Avdelning A",
            "Hälso- och sjukvård",
            "Avdelning B",
            "Hälso- och sjukvård"),
        units("hr"));
    assertEquals(Map.of("Avdelning A", "Hälso- och sjukvård"), units("manager-a"));
    assertEquals(
        List.of("Avdelning A", "Avdelning B", "Hälso- och sjukvård"),
        server.as("head").get("/api/v1/org/units").items().stream()
            .map(o -> ((JsonObject) o).getString("name"))
            .toList(),
        "the department and its wards, by name");
  }

  @Test
  void everySignedInPersonReadsTheCrisisInMe() {
    Api nurse = server.as("nurse-b");
    assertEquals(
        false, nurse.get("/api/v1/me").json().getJsonObject("crisis").getBoolean("active"));
    Api.Response on =
        server
            .as("admin")
            .put(
                "/api/v1/admin/crisis-mode",
                new JsonObject().put("active", true).put("reason", "Storbrand i Östersund"));
    assertEquals(200, on.status(), on.text());
    try {
      JsonObject crisis = nurse.get("/api/v1/me").json().getJsonObject("crisis");
      assertTrue(crisis.getBoolean("active"), crisis.encode());
      assertEquals("Storbrand i Östersund", crisis.getString("reason"));
      assertEquals("Ada Admin", crisis.getJsonObject("changedBy").getString("name"));
      assertNotNull(crisis.getString("changedAt"));
    } finally {
      server.as("admin").put("/api/v1/admin/crisis-mode", new JsonObject().put("active", false));
    }
    assertEquals(
        false, nurse.get("/api/v1/me").json().getJsonObject("crisis").getBoolean("active"));
  }
}
