package se.tjanstemobil.org;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestDatabase;
import se.tjanstemobil.support.TestServer;

/** GET /api/v1/org/units/{id}: a unit with its members, for those who may see it. */
class UnitRoutesTest {

  private static TestServer server;
  private static String reg;
  private static String dep;
  private static String wardA;
  private static String wardB;

  @BeforeAll
  static void start() {
    server = TestServer.start("unit_routes");
    JsonObject org = Orgs.small();
    org.getJsonArray("employees")
        .add(Orgs.employee("nurse-en", "Nancy Nurse", "REG").put("locale", "en"));
    server.importOrganisation(org);
    reg = unitId("REG");
    dep = unitId("DEP");
    wardA = unitId("WARD-A");
    wardB = unitId("WARD-B");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A unit's id by its external id, looked up behind the API's back. */
  private static String unitId(String externalId) {
    try (Connection c = TestDatabase.jdbc(server.databaseUrl());
        PreparedStatement s = c.prepareStatement("SELECT id FROM units WHERE external_id = ?")) {
      s.setString(1, externalId);
      try (ResultSet rs = s.executeQuery()) {
        assertTrue(rs.next(), "no unit " + externalId);
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject unit(String who, String unitId) {
    Api.Response r = server.as(who).get("/api/v1/org/units/" + unitId);
    assertEquals(200, r.status(), who + ": " + r.text());
    return r.json();
  }

  private static List<String> names(JsonArray refs) {
    return refs.stream().map(JsonObject.class::cast).map(o -> o.getString("name")).toList();
  }

  @Test
  void aWardManagerSeesTheirWard() {
    Api managerA = server.as("manager-a");
    assertEquals(wardA, managerA.get("/api/v1/me").json().getJsonObject("unit").getString("id"));

    JsonObject ward = unit("manager-a", wardA);
    assertEquals(wardA, ward.getString("id"));
    assertEquals("WARD-A", ward.getString("externalId"));
    assertEquals("Avdelning A", ward.getString("name"));
    assertEquals(
        new JsonObject().put("id", dep).put("name", "Hälso- och sjukvård"),
        ward.getJsonObject("parent"));
    assertEquals(
        new JsonArray()
            .add(new JsonObject().put("id", reg).put("name", "Region Test"))
            .add(new JsonObject().put("id", dep).put("name", "Hälso- och sjukvård")),
        ward.getJsonArray("path"));
    assertEquals(List.of("Maja Manager"), names(ward.getJsonArray("managers")));
    assertEquals(List.of("Maja Manager", "Nils Nurse"), names(ward.getJsonArray("members")));
    assertEquals(2, ward.getInteger("memberCount"));
    assertEquals(new JsonArray(), ward.getJsonArray("subunits"));
    JsonObject nurse =
        ward.getJsonArray("members").stream()
            .map(JsonObject.class::cast)
            .filter(m -> "nurse-a".equals(m.getString("externalId")))
            .findFirst()
            .orElseThrow();
    assertEquals("nurse.a@region.example", nurse.getString("email"));
    // No one from the other ward.
    assertFalse(ward.encode().contains("Nora Nurse"));
  }

  @Test
  void aDepartmentHeadSeesTheDepartmentAndItsWards() {
    JsonObject ward = unit("head", wardA);
    assertEquals(List.of("Maja Manager", "Nils Nurse"), names(ward.getJsonArray("members")));

    JsonObject department = unit("head", dep);
    assertEquals(List.of("Doris Head"), names(department.getJsonArray("managers")));
    assertEquals(List.of("Doris Head"), names(department.getJsonArray("members")));
    JsonArray subunits = department.getJsonArray("subunits");
    assertEquals(List.of("Avdelning A", "Avdelning B"), names(subunits));
    assertEquals(2, subunits.getJsonObject(0).getInteger("memberCount"));
    assertEquals(2, subunits.getJsonObject(1).getInteger("memberCount"));
    assertEquals(List.of("Region Test"), names(department.getJsonArray("path")));
  }

  @Test
  void managersDoNotSeeOtherUnitsOrUnitsAboveThem() {
    JsonObject p = server.as("manager-b").get("/api/v1/org/units/" + wardA).problem(403);
    assertFalse(p.encode().contains("Nils Nurse"), p.encode());
    assertEquals(
        "Bara en chef för enheten (eller för en enhet ovanför den), HR och administratörer får se"
            + " dess medarbetare",
        p.getString("detail"));
    server.as("manager-a").get("/api/v1/org/units/" + wardB).problem(403);
    // Managing a ward is not managing the department above it.
    server.as("manager-a").get("/api/v1/org/units/" + dep).problem(403);
    server.as("head").get("/api/v1/org/units/" + reg).problem(403);
  }

  @Test
  void anEmployeeWithoutARoleMayNotListTheirOwnUnit() {
    server.as("nurse-a").get("/api/v1/org/units/" + wardA).problem(403);
    server.as("nurse-b").get("/api/v1/org/units/" + wardA).problem(403);
  }

  @Test
  void hrAndAdminSeeEveryUnit() {
    assertEquals(
        List.of("Maja Manager", "Nils Nurse"), names(unit("hr", wardA).getJsonArray("members")));
    assertEquals(
        List.of("Maja Manager", "Nils Nurse"), names(unit("admin", wardA).getJsonArray("members")));
    JsonObject top = unit("admin", reg);
    assertNull(top.getValue("parent"));
    assertTrue(
        top.containsKey("parent"), "parent is in the contract's required list; null at the top");
    assertEquals(new JsonArray(), top.getJsonArray("path"));
    assertEquals(List.of("Hälso- och sjukvård"), names(top.getJsonArray("subunits")));
  }

  @Test
  void anUnknownUnitIs404AndNeedsAToken() {
    String unknown = UUID.randomUUID().toString();
    JsonObject p = server.as("admin").get("/api/v1/org/units/" + unknown).problem(404);
    assertEquals("urn:tjanstemobil:problem:not-found", p.getString("type"));
    // A manager asking about a unit that does not exist learns it does not exist, nothing more.
    server.as("manager-a").get("/api/v1/org/units/" + unknown).problem(404);
    server.api.get("/api/v1/org/units/" + wardA).problem(401);
    assertEquals("Det finns ingen enhet " + unknown, p.getString("detail"));
    assertEquals("Hittades inte", p.getString("title"));
  }

  @Test
  void aPersonWhoReadsEnglishIsToldInEnglish() {
    String unknown = UUID.randomUUID().toString();
    JsonObject missing = server.as("nurse-en").get("/api/v1/org/units/" + unknown).problem(404);
    assertEquals("There is no unit " + unknown, missing.getString("detail"));
    assertEquals("Not found", missing.getString("title"));
    JsonObject refused = server.as("nurse-en").get("/api/v1/org/units/" + wardA).problem(403);
    assertEquals(
        "Only a manager of this unit (or of a unit above it), HR and administrators may see its"
            + " members",
        refused.getString("detail"));
  }

  @Test
  void aMemberWhoLeftIsNoLongerListed() {
    server.importOrganisation(
        new JsonObject()
            .put("employees", new JsonArray().add(Orgs.employee("temp-a", "Tove Temp", "WARD-A"))));
    assertTrue(names(unit("manager-a", wardA).getJsonArray("members")).contains("Tove Temp"));
    server.importOrganisation(
        new JsonObject()
            .put(
                "employees",
                new JsonArray()
                    .add(Orgs.employee("temp-a", "Tove Temp", "WARD-A").put("status", "LEFT"))));
    JsonObject ward = unit("manager-a", wardA);
    assertFalse(names(ward.getJsonArray("members")).contains("Tove Temp"));
    assertEquals(2, ward.getInteger("memberCount"));
  }
}
