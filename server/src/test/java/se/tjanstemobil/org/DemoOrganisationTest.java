package se.tjanstemobil.org;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestDatabase;
import se.tjanstemobil.support.TestServer;

/** demo.enabled seeds a region of about 4,000 people once, with a named person for each role. */
class DemoOrganisationTest {

  @Test
  void theDemoRegionIsSeededOnceAndEveryDemoPersonCanLogIn() {
    String url;
    long employees;
    long units;
    try (TestServer server = TestServer.start("demo_org", Map.of("demo.enabled", true))) {
      url = server.databaseUrl();
      long active = server.count("SELECT count(*) FROM employees WHERE status = 'ACTIVE'");
      assertTrue(active >= 3900 && active <= 4100, "about 4,000 active employees, got " + active);
      employees = server.count("SELECT count(*) FROM employees");
      units = server.count("SELECT count(*) FROM units");
      assertTrue(units > 50, "departments and units, got " + units);
      assertEquals(
          1,
          server.count("SELECT count(*) FROM units WHERE parent_id IS NULL"),
          "one region at the top");
      assertEquals(0, server.count("SELECT count(*) FROM employees WHERE unit_id IS NULL"));
      // Every unit with people in it has a manager, so there is someone to ask in each.
      assertEquals(
          0,
          server.count(
              "SELECT count(*) FROM units u WHERE EXISTS (SELECT 1 FROM employees e WHERE e.unit_id = u.id) "
                  + "AND NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.role = 'MANAGER' AND g.unit_id = u.id)"));

      for (DemoOrganisation.DemoPerson person : DemoOrganisation.PEOPLE) {
        JsonObject me = server.as(person.externalId()).get("/api/v1/me").json();
        assertEquals(person.name(), me.getString("name"), person.externalId());
        assertEquals(
            person.unitExternalId(),
            unitExternalId(url, me.getJsonObject("unit").getString("id")),
            person.externalId());
        JsonArray roles = me.getJsonArray("roles");
        if (person.role() == null) {
          assertEquals(new JsonArray(), roles, person.externalId() + " should have no role");
          continue;
        }
        assertEquals(1, roles.size(), person.externalId() + ": " + roles.encode());
        JsonObject role = roles.getJsonObject(0);
        assertEquals(person.role(), role.getString("role"), person.externalId());
        switch (person.role()) {
          case "MANAGER" -> {
            assertEquals("UNIT", role.getString("scopeType"));
            assertEquals(
                person.scope(),
                unitExternalId(url, role.getString("scopeId")),
                person.externalId());
          }
          case "HUB_ADMIN" -> {
            assertEquals("HUB", role.getString("scopeType"));
            assertEquals(
                person.scope(),
                text(
                    url,
                    "SELECT external_id FROM hubs WHERE id = ?::uuid",
                    role.getString("scopeId")));
          }
          default -> {
            assertEquals("ORGANISATION", role.getString("scopeType"), person.externalId());
            assertEquals(null, role.getValue("scopeId"));
          }
        }
      }

      // The demo manager sees their emergency ward with the demo nurse in it.
      String akut = text(url, "SELECT id::text FROM units WHERE external_id = ?", "HSF-AKUT");
      Api.Response ward = server.as("demo.manager").get("/api/v1/org/units/" + akut);
      assertEquals(200, ward.status(), ward.text());
      assertTrue(
          ward.json().getJsonArray("members").stream()
              .map(JsonObject.class::cast)
              .anyMatch(m -> "demo.nurse".equals(m.getString("externalId"))),
          "demo.nurse is not listed in HSF-AKUT");
      // ...and the department head sees it too, being manager of the department above.
      assertEquals(
          200, server.as("demo.department-head").get("/api/v1/org/units/" + akut).status());
      server.as("demo.nurse").get("/api/v1/org/units/" + akut).problem(403);

      // A work hub in each of the county's eight municipalities, each with desks, a room and a
      // phone booth.
      JsonArray hubs = server.as("demo.nurse").get("/api/v1/hubs").items();
      assertEquals(
          Set.of(
              "Berg", "Bräcke", "Härjedalen", "Krokom", "Ragunda", "Strömsund", "Åre", "Östersund"),
          hubs.stream()
              .map(h -> ((JsonObject) h).getString("municipality"))
              .collect(Collectors.toSet()));
      for (Object o : hubs) {
        JsonObject hub =
            server.as("demo.nurse").get("/api/v1/hubs/" + ((JsonObject) o).getString("id")).json();
        Set<String> kinds =
            hub.getJsonArray("resources").stream()
                .map(r -> ((JsonObject) r).getString("kind"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("DESK", "ROOM", "PHONE_BOOTH"), kinds, hub.getString("name"));
        assertTrue(
            hub.getJsonObject("location") != null && !hub.getString("address").isBlank(),
            hub.getString("name"));
      }
      // The demo hub administrator runs Östersund's hub: its day view is theirs, not the nurse's.
      String ostersund =
          text(url, "SELECT id::text FROM hubs WHERE external_id = ?", "HUB-OSTERSUND");
      assertEquals(
          200, server.as("demo.hubadmin").get("/api/v1/hubs/" + ostersund + "/bookings").status());
      assertEquals(
          403, server.as("demo.nurse").get("/api/v1/hubs/" + ostersund + "/bookings").status());
    }

    // A second start on the same database with demo.enabled still on: nothing is seeded again.
    try (TestServer again =
        TestServer.start("demo_org_again", Map.of("database.url", url, "demo.enabled", true))) {
      assertEquals(employees, again.count("SELECT count(*) FROM employees"));
      assertEquals(units, again.count("SELECT count(*) FROM units"));
      assertEquals(8, again.count("SELECT count(*) FROM hubs"));
      assertEquals(101, again.count("SELECT count(*) FROM resources"));
      assertEquals(1, again.count("SELECT count(*) FROM audit_log WHERE action = 'ORG_IMPORT'"));
      assertEquals(
          "Johan Nordin", again.as("demo.manager").get("/api/v1/me").json().getString("name"));
    }
  }

  @Test
  void aDatabaseWithPeopleInItIsNotSeeded() {
    String url = TestDatabase.freshDatabase("demo_not_empty");
    try (TestServer plain = TestServer.start("demo_plain", Map.of("database.url", url))) {
      plain.importOrganisation(Orgs.small());
    }
    try (TestServer demo =
        TestServer.start("demo_on_existing", Map.of("database.url", url, "demo.enabled", true))) {
      assertEquals(7, demo.count("SELECT count(*) FROM employees"));
      assertEquals(0, demo.count("SELECT count(*) FROM hubs"));
      demo.api
          .post("/api/v1/auth/dev-login", new JsonObject().put("externalId", "demo.admin"))
          .problem(404);
    }
  }

  private static String unitExternalId(String url, String unitId) {
    return text(url, "SELECT external_id FROM units WHERE id = ?::uuid", unitId);
  }

  /** The first column of the first row of a one-parameter query, behind the API's back. */
  private static String text(String url, String sql, String parameter) {
    try (Connection c = TestDatabase.jdbc(url);
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, parameter);
      try (ResultSet rs = s.executeQuery()) {
        assertTrue(rs.next(), "no row for " + parameter + " in: " + sql);
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
