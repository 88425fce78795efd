package se.tjanstemobil.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Eventually;
import se.tjanstemobil.support.TestDatabase;
import se.tjanstemobil.support.TestServer;

/**
 * The server listens before its migrations are done, and says so: /health/ready is 503 and the API
 * answers 503 until Flyway finishes, while /health/live is 200 throughout.
 *
 * <p>To hold the migrations back without a hook in the server, another session creates
 * public.flyway_schema_history in a transaction it keeps open. Flyway does not see the uncommitted
 * table, so it issues its own CREATE TABLE of the same name, which waits on the catalog's unique
 * index until the other transaction ends. A rollback lets Flyway go on.
 */
class ReadinessTest {

  @Test
  void notReadyUntilMigrationsAreDone() throws Exception {
    String url = TestDatabase.freshDatabase("readiness");
    try (Connection blocker = TestDatabase.jdbc(url)) {
      blocker.setAutoCommit(false);
      try (Statement s = blocker.createStatement()) {
        s.execute("CREATE TABLE public.flyway_schema_history (x int)");
      }

      TestServer server = TestServer.startNotWaiting("readiness", url);
      try {
        Api api = server.api;
        awaitFlywayBlocked(url, blocker);

        // Held back (Flyway is seen waiting on the lock): every look says "not yet".
        for (int i = 0; i < 5; i++) {
          JsonObject ready = api.get("/health/ready").problem(503);
          assertEquals("urn:tjanstemobil:problem:not-ready", ready.getString("type"));
          assertEquals(
              "DOWN", ready.getJsonObject("checks").getString("migrations"), ready.encode());

          Api.Response live = api.get("/health/live");
          assertEquals(200, live.status());
          assertEquals("UP", live.json().getString("status"));

          Api.Response me = api.get("/api/v1/me");
          me.problem(503);
          assertTrue(
              me.headers().firstValue("Retry-After").isPresent(),
              "a 503 while starting should say when to retry");
          // Not even the login answers before the schema exists.
          api.post("/api/v1/auth/dev-login", new JsonObject().put("externalId", "anyone"))
              .problem(503);
        }
        assertFalse(
            server.app().ready().isComplete(),
            "migrations finished while Flyway should be blocked");

        blocker.rollback();
        TestServer.await(server.app().ready());

        Api.Response ready = api.get("/health/ready");
        assertEquals(200, ready.status(), ready.text());
        assertEquals(
            new JsonObject().put("database", "UP").put("migrations", "UP"),
            ready.json().getJsonObject("checks"));
        // The API answers now (401 without a token: it got past the startup gate).
        api.get("/api/v1/me").problem(401);
        assertTrue(server.count("SELECT count(*) FROM flyway_schema_history WHERE success") >= 1);
      } finally {
        if (!blocker.isClosed()) {
          blocker.rollback();
        }
        server.close();
      }
    }
  }

  /**
   * Waits until Flyway's own session is seen waiting for a lock held by the blocker; this makes
   * sure the test holds back the real migration, not merely a server that has not connected yet.
   * Looks from a separate connection: within a transaction, pg_stat_activity is a snapshot.
   */
  private static void awaitFlywayBlocked(String url, Connection blocker) throws Exception {
    int blockerPid;
    try (Statement s = blocker.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      blockerPid = rs.getInt(1);
    }
    String sql =
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
            + blockerPid
            + " = ANY (pg_blocking_pids(pid))";
    // A separate session per look (TestDatabase.count): inside a transaction the view would not
    // change.
    Eventually.await(
        "Flyway waiting on the open transaction",
        Duration.ofSeconds(60),
        () -> TestDatabase.count(url, sql) > 0);
  }
}
