package se.tjanstemobil.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Eventually;
import se.tjanstemobil.support.TestDatabase;

/**
 * SIGTERM to the running jar: the request in flight finishes and commits, then the embedded
 * PostgreSQL is stopped cleanly, and the next start finds the data.
 */
class GracefulShutdownIT {

  @Test
  void sigtermFinishesTheRequestInFlightAndStopsTheDatabaseCleanly() throws Exception {
    Path dir = TestDatabase.targetDir().resolve("it-shutdown");
    TestDatabase.deleteRecursively(dir);
    long employees;
    int dbPort = ServerProcess.freePort();
    String dbUrl = "postgresql://postgres@127.0.0.1:" + dbPort + "/tjanstemobil";
    try (ServerProcess server =
        ServerProcess.start(
            dir,
            Map.of(
                "TJM_DEMO_ENABLED",
                "true",
                "TJM_DATABASE_EMBEDDED_PORT",
                String.valueOf(dbPort)))) {
      Api admin = server.api.as("demo.admin");
      // A large import takes a few seconds: it is in flight when SIGTERM arrives.
      JsonObject file = bigImport(30_000);
      CompletableFuture<Api.Response> inFlight =
          CompletableFuture.supplyAsync(() -> admin.post("/api/v1/admin/org/import", file));
      // In flight: the import's transaction is open and writing employees (the demo seeding's
      // session, long done, is idle).
      Eventually.await(
          "the import writing employees",
          Duration.ofSeconds(60),
          () ->
              TestDatabase.count(
                      dbUrl,
                      "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                          + " AND state <> 'idle' AND query LIKE '%INSERT INTO employees%'")
                  > 0);
      assertFalse(inFlight.isDone(), "the import finished before SIGTERM; make it larger");
      int exit = server.terminate(Duration.ofSeconds(60));

      Api.Response response = inFlight.get();
      assertEquals(200, response.status(), response.text());
      assertEquals(30_000, response.json().getJsonObject("employees").getInteger("created"));
      assertEquals(143, exit, "exit after SIGTERM");
      String log = server.logText();
      assertTrue(log.contains("Stopping embedded PostgreSQL"), log);
      assertTrue(log.contains("Stopped"), log);
      assertFalse(
          Files.exists(dir.resolve("postgres/postmaster.pid")),
          "PostgreSQL was not stopped cleanly");
      employees = 3_997 + 30_000;
    }
    try (ServerProcess again = ServerProcess.start(dir, Map.of("TJM_DEMO_ENABLED", "true"))) {
      Api admin = again.api.as("demo.admin");
      JsonObject unit = admin.get("/api/v1/org/units/" + unitId(admin, "BIG")).json();
      assertEquals(30_000, unit.getInteger("memberCount"));
      assertTrue(employees > 30_000);
    }
  }

  private static String unitId(Api admin, String externalId) {
    // The admin's own unit path leads to the region; the test unit hangs under it.
    JsonObject me = admin.get("/api/v1/me").json();
    JsonObject own =
        admin.get("/api/v1/org/units/" + me.getJsonObject("unit").getString("id")).json();
    String root = own.getJsonArray("path").getJsonObject(0).getString("id");
    JsonArray subunits = admin.get("/api/v1/org/units/" + root).json().getJsonArray("subunits");
    return subunits.stream()
        .map(JsonObject.class::cast)
        .filter(u -> u.getString("name").equals("Stor testenhet"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no unit " + externalId + " in " + subunits.encode()))
        .getString("id");
  }

  private static JsonObject bigImport(int n) {
    JsonArray employees = new JsonArray();
    for (int i = 0; i < n; i++) {
      employees.add(
          new JsonObject()
              .put("externalId", "BIG-" + i)
              .put("name", "Test Person " + i)
              .put("unitExternalId", "BIG"));
    }
    return new JsonObject()
        .put(
            "units",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("externalId", "BIG")
                        .put("name", "Stor testenhet")
                        .put("parentExternalId", "RJH")))
        .put("employees", employees);
  }
}
