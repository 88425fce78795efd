package se.tjanstemobil.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.db.EmbeddedDatabase;
import se.tjanstemobil.push.FakeFcm;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestDatabase;
import se.tjanstemobil.support.TestServer;

/**
 * The quick form of scripts/reliability/postgres-restart: one server on a PostgreSQL of its own
 * (not the suite's shared one), stopped for four seconds under load and started again.
 */
class DatabaseRestartTest {

  @Test
  void theServerRidesOutADatabaseRestartAndLosesNoAcceptedWrite() throws Exception {
    Path dir = TestDatabase.targetDir().resolve("restart-postgres");
    TestDatabase.deleteRecursively(dir);
    EmbeddedDatabase[] db = {EmbeddedDatabase.start(dir, 0)};
    int port = db[0].port();
    try (FakeFcm fcm = FakeFcm.start();
        TestServer server =
            TestServer.start(
                "db_restart",
                Map.of(
                    "database.url",
                    db[0].url(EmbeddedDatabase.DATABASE),
                    "push.fcm.endpoint",
                    fcm.endpoint(),
                    "push.fcm.projectId",
                    "fake-project"))) {
      server.importOrganisation(Orgs.small());
      Api manager = server.as("manager-a");
      Api nurse = server.as("nurse-a");
      assertTrue(
          nurse
                      .put(
                          "/api/v1/me/devices/nurse-phone",
                          new JsonObject()
                              .put("platform", "ANDROID")
                              .put("pushToken", "tok-nurse-a"))
                      .status()
                  / 100
              == 2);
      String ward = manager.get("/api/v1/me").json().getJsonObject("unit").getString("id");

      Checks checks =
          DatabaseRestartScenario.run(
              new DatabaseRestartScenario.Setup(
                  manager, ward, List.of(server.api), fcm, "tok-nurse-a"),
              new DatabaseRestartScenario.Database() {
                @Override
                public void stop() throws Exception {
                  db[0].close();
                }

                @Override
                public void start() throws Exception {
                  db[0] = EmbeddedDatabase.start(dir, port);
                }
              },
              Duration.ofSeconds(2),
              Duration.ofSeconds(4),
              Duration.ofSeconds(3));
      checks.assertPassed();
    } finally {
      db[0].close();
    }
  }
}
