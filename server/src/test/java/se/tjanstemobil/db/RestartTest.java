package se.tjanstemobil.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestDatabase;
import se.tjanstemobil.support.TestServer;

/**
 * With no database configured the server starts its own embedded PostgreSQL, and what was imported
 * is still there after a restart on the same data folder.
 */
class RestartTest {

  @Test
  void theEmbeddedDefaultKeepsDataAcrossRestarts() throws Exception {
    Path dataDir = TestDatabase.targetDir().resolve("restart-test/postgres");
    TestDatabase.deleteRecursively(dataDir);
    Map<String, Object> embedded =
        Map.of(
            "database.url",
            "",
            "database.embedded.dataDirectory",
            dataDir.toString(),
            "database.embedded.port",
            0);

    String adminId;
    JsonObject depBefore;
    long unitsBefore;
    long employeesBefore;
    try (TestServer first = TestServer.start("restart", embedded)) {
      assertTrue(
          Files.exists(dataDir.resolve("PG_VERSION")),
          "the embedded database did not use " + dataDir);
      first.importOrganisation(Orgs.small());
      Api admin = first.as("admin");
      adminId = admin.get("/api/v1/me").json().getString("id");
      depBefore = unitOf(first.as("head"));
      unitsBefore = scalar(first, "SELECT count(*) FROM units");
      employeesBefore = scalar(first, "SELECT count(*) FROM employees");
      assertEquals(4, unitsBefore);
      assertEquals(7, employeesBefore);
    }

    try (TestServer second = TestServer.start("restart", embedded)) {
      JsonObject me = second.as("admin").get("/api/v1/me").json();
      assertEquals(
          adminId, me.getString("id"), "the admin is a different employee after the restart");
      assertEquals("ADMIN", me.getJsonArray("roles").getJsonObject(0).getString("role"));
      assertEquals(unitsBefore, scalar(second, "SELECT count(*) FROM units"));
      assertEquals(employeesBefore, scalar(second, "SELECT count(*) FROM employees"));
      // The head of department still sees the same department, with its wards and managers.
      assertEquals(depBefore, unitOf(second.as("head")));
      // Migrations ran once; the restart found the schema in place.
      assertEquals(
          1, scalar(second, "SELECT count(*) FROM flyway_schema_history WHERE version = '1'"));
    }
  }

  private static JsonObject unitOf(Api who) {
    String unitId = who.get("/api/v1/me").json().getJsonObject("unit").getString("id");
    Api.Response r = who.get("/api/v1/org/units/" + unitId);
    assertEquals(200, r.status(), r.text());
    return r.json();
  }

  /** The embedded database's port is its own choice, so ask through the server's pool. */
  private static long scalar(TestServer server, String sql) {
    return TestServer.await(server.app().pool().query(sql).execute()).iterator().next().getLong(0);
  }
}
