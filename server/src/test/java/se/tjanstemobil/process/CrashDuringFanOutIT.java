package se.tjanstemobil.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.push.FakeFcm;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Eventually;
import se.tjanstemobil.support.TestDatabase;

/**
 * Crash safety: the server (the fat jar, its own process) is killed with SIGKILL in the middle of
 * an all-staff fan-out and started again. Every recipient has exactly one inbox entry, every active
 * device got the push at least once, and duplicates are no more than were in flight.
 */
class CrashDuringFanOutIT {

  @Test
  void sigkillInTheMiddleOfAFanOutLosesNothing() throws Exception {
    Path dir = TestDatabase.targetDir().resolve("it-crash");
    TestDatabase.deleteRecursively(dir);
    int dbPort = ServerProcess.freePort();
    String dbUrl = "postgresql://postgres@127.0.0.1:" + dbPort + "/tjanstemobil";
    try (FakeFcm fcm = FakeFcm.start().latency(20)) {
      Map<String, String> env = new HashMap<>();
      env.put("TJM_DEMO_ENABLED", "true");
      env.put("TJM_DATABASE_EMBEDDED_PORT", String.valueOf(dbPort));
      env.put("TJM_PUSH_FCM_ENDPOINT", fcm.endpoint());
      env.put("TJM_PUSH_FCM_PROJECTID", "fake-project");
      env.put("TJM_PUSH_SDKTHREADS", "64");
      env.put("TJM_PUSH_BATCHSIZE", "100");
      env.put("TJM_PUSH_LEASESECONDS", "5");
      int devices;
      long inFlightAtKill;
      String messageId;
      try (ServerProcess server = ServerProcess.start(dir, env)) {
        // One phone for every employee, registered behind the API's back to save time.
        devices =
            update(
                dbUrl,
                """
          INSERT INTO devices (device_key, employee_id, platform, push_token)
          SELECT 'dev-' || e.id, e.id, 'ANDROID', 'tok-' || e.id FROM employees e WHERE e.status = 'ACTIVE'
          """);
        assertTrue(devices > 3_900, "devices: " + devices);
        Api communicator = server.api.as("demo.communicator");
        Api.Response sent =
            communicator.post(
                "/api/v1/messages",
                new JsonObject()
                    .put("title", "Krisinformation")
                    .put("body", "Strömavbrott i Östersund: följ instruktionerna.")
                    .put("category", "CRISIS")
                    .put("audience", new JsonObject().put("everyone", true)));
        assertEquals(201, sent.status(), sent.text());
        messageId = sent.json().getString("id");
        assertEquals(devices, sent.json().getInteger("devices"));

        Eventually.await(
            "a third of the pushes",
            Duration.ofSeconds(60),
            () -> fcm.delivered().size() > devices / 3);
        server.process.destroyForcibly();
        server.process.waitFor();
        // Rows claimed but not yet recorded were in flight: those may be pushed twice.
        inFlightAtKill =
            query(
                dbUrl,
                "SELECT count(*) FROM deliveries WHERE status = 'PENDING' AND claimed_until IS NOT NULL");
      }
      long sentBeforeRestart = fcm.delivered().size();
      assertTrue(
          sentBeforeRestart < devices, "the kill came too late: everything was already sent");

      try (ServerProcess again = ServerProcess.start(dir, env)) {
        Eventually.await(
            "every delivery recorded",
            Duration.ofMinutes(2),
            () -> query(dbUrl, "SELECT count(*) FROM deliveries WHERE status = 'PENDING'") == 0);
        assertEquals(
            devices,
            query(
                dbUrl,
                "SELECT count(*) FROM deliveries WHERE status = 'SENT' AND message_id = '"
                    + messageId
                    + "'"));
        long recipients = query(dbUrl, "SELECT count(*) FROM employees WHERE status = 'ACTIVE'");
        assertEquals(
            recipients,
            query(
                dbUrl,
                "SELECT count(*) FROM inbox_entries WHERE message_id = '" + messageId + "'"));
        assertEquals(
            recipients,
            query(
                dbUrl,
                "SELECT count(DISTINCT employee_id) FROM inbox_entries WHERE message_id = '"
                    + messageId
                    + "'"));

        List<FakeFcm.Received> received = fcm.delivered();
        Set<String> tokens = new HashSet<>();
        received.forEach(r -> tokens.add(r.token()));
        assertEquals(devices, tokens.size(), "every device pushed at least once");
        long duplicates = (long) received.size() - tokens.size();
        assertTrue(
            duplicates <= inFlightAtKill,
            "duplicates "
                + duplicates
                + " exceed what was in flight at the kill ("
                + inFlightAtKill
                + ")");
        System.out.printf(
            "crash test: %d devices, %d pushed before the kill, %d in flight, %d duplicates%n",
            devices, sentBeforeRestart, inFlightAtKill, duplicates);
      }
    }
  }

  private static int update(String url, String sql) {
    return TestDatabase.update(url, sql);
  }

  private static long query(String url, String sql) {
    return TestDatabase.count(url, sql);
  }
}
