package se.tjanstemobil.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import se.tjanstemobil.push.FakeFcm;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestDatabase;
import se.tjanstemobil.support.TestServer;

/**
 * How the push worker copes with FCM's errors, end to end: the real Firebase Admin SDK against the
 * fake FCM server, one server (and fake) per scenario because the settings differ.
 */
class PushErrorsTest {

  // ---------------------------------------------------------------------------------------------
  // 1 + 2. Dead tokens

  @ParameterizedTest
  @EnumSource(
      value = FakeFcm.Error.class,
      names = {"UNREGISTERED", "INVALID_ARGUMENT"})
  void aDeadTokenIsDroppedAndThatPhoneIsNotPushedAgainWhileTheOtherPhonesGetTheirs(
      FakeFcm.Error error) {
    try (Scenario s = Scenario.start("push_errors_dead_" + error.name(), Map.of())) {
      Api nurse = s.server.as("nurse-a");
      Api manager = s.server.as("manager-a");
      register(nurse, "nurse-a-old-phone", "dead-nurse");
      register(nurse, "nurse-a-phone", "ok-nurse");
      register(manager, "manager-a-phone", "ok-manager");
      s.fcm.failTokens("dead-", error);

      JsonObject first = s.send(manager, "Första");
      assertEquals(3, first.getInteger("devices"));
      s.awaitSettled(first.getString("id"), 3);
      assertEquals(
          Map.of(
              "nurse-a-old-phone", "DROPPED", "nurse-a-phone", "SENT", "manager-a-phone", "SENT"),
          s.statusByDevice(first.getString("id")));
      assertTrue(
          s.string(
                  "SELECT last_error FROM deliveries d JOIN devices v ON v.id = d.device_id "
                      + "WHERE v.device_key = 'nurse-a-old-phone'")
              .contains(error.name()));
      assertEquals(
          1,
          s.server.count(
              "SELECT count(*) FROM devices WHERE device_key = 'nurse-a-old-phone' "
                  + "AND push_token IS NULL AND token_dropped = '"
                  + error.name()
                  + "'"));
      JsonObject stats =
          manager.get("/api/v1/messages/" + first.getString("id")).json().getJsonObject("stats");
      assertEquals(1, stats.getInteger("devicesFailed"));
      assertEquals(0, stats.getInteger("devicesPending"));

      // The phone's owner sees that it no longer gets pushes, and why; the other phone is
      // unaffected.
      Map<String, JsonObject> mine = devices(nurse);
      assertEquals(false, mine.get("nurse-a-old-phone").getBoolean("pushEnabled"));
      assertEquals(error.name(), mine.get("nurse-a-old-phone").getString("tokenDropped"));
      assertEquals(true, mine.get("nurse-a-phone").getBoolean("pushEnabled"));
      assertNull(mine.get("nurse-a-phone").getString("tokenDropped"));

      // A later message is not even queued for the dead phone, and FCM hears nothing more about it.
      JsonObject second = s.send(manager, "Andra");
      assertEquals(2, second.getInteger("devices"));
      s.awaitSettled(second.getString("id"), 2);
      assertEquals(
          Map.of("nurse-a-phone", "SENT", "manager-a-phone", "SENT"),
          s.statusByDevice(second.getString("id")));
      assertEquals(
          1,
          s.server.count(
              "SELECT count(*) FROM deliveries d JOIN devices v ON v.id = d.device_id "
                  + "WHERE v.device_key = 'nurse-a-old-phone'"));
      assertEquals(Map.of("ok-nurse", 2L, "ok-manager", 2L), tokenCounts(s.fcm.delivered()));
      assertEquals(5, s.fcm.requests(), "3 requests for the first message, 2 for the second");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 3. Passing faults: retried with backoff until sent

  @Test
  void aPassingInternalErrorIsRetriedWithGrowingPausesUntilThePhoneGetsThePushOnce() {
    try (Scenario s =
        Scenario.start(
            "push_errors_retry",
            Map.of(
                "push.maxAttempts",
                3,
                "push.backoffBaseMillis",
                600,
                "push.backoffMaxSeconds",
                10))) {
      Api manager = s.server.as("manager-a");
      register(manager, "manager-a-phone", "flaky-manager");
      s.fcm.failNext(2, FakeFcm.Error.INTERNAL);

      JsonObject sent = s.send(manager, "Försök igen");
      List<Long> requestTimes = new ArrayList<>();
      List<Map<String, Object>> waiting = new ArrayList<>();
      long seen = 0;
      long nextSnapshot = 0;
      long deadline = System.currentTimeMillis() + 15_000;
      try (Connection c = TestDatabase.jdbc(s.server.databaseUrl())) {
        while (true) {
          long now = System.currentTimeMillis();
          assertTrue(now < deadline, "timed out waiting for the retried push");
          long r = s.fcm.requests();
          while (seen < r) {
            requestTimes.add(now);
            seen++;
          }
          if (now >= nextSnapshot) {
            nextSnapshot = now + 20;
            Map<String, Object> row =
                rows(
                        c,
                        "SELECT status, attempts, last_error, due_at > now() AS later, "
                            + "claimed_until IS NULL AS unclaimed FROM deliveries WHERE message_id = '"
                            + sent.getString("id")
                            + "'")
                    .get(0);
            if ("SENT".equals(row.get("status"))) {
              break;
            }
            if (row.get("last_error") != null
                && Boolean.TRUE.equals(row.get("later"))
                && Boolean.TRUE.equals(row.get("unclaimed"))) {
              waiting.add(row);
            }
          }
          sleep(2);
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }

      // Two failures, then the push went through, once.
      assertEquals(
          List.of("flaky-manager"),
          s.fcm.delivered().stream().map(FakeFcm.Received::token).toList());
      assertEquals(3, s.fcm.requests());
      Map<String, Object> row =
          rows(
                  s.server,
                  "SELECT status, attempts, last_error, fcm_message_id FROM deliveries "
                      + "WHERE message_id = '"
                      + sent.getString("id")
                      + "'")
              .get(0);
      assertEquals("SENT", row.get("status"));
      assertEquals(3, row.get("attempts"));
      assertNull(row.get("last_error"));
      assertNotNull(row.get("fcm_message_id"));

      // Between the attempts the row waited in the queue with its due time in the future and the
      // error noted.
      List<Object> attemptsSeenWaiting =
          waiting.stream().map(w -> w.get("attempts")).distinct().toList();
      assertEquals(List.of(1, 2), attemptsSeenWaiting, "waiting rows seen: " + waiting);
      assertTrue(
          waiting.stream().allMatch(w -> w.get("last_error").toString().contains("INTERNAL")),
          waiting.toString());
      // And FCM was not hammered: base 600 ms, so at least 300 ms and then 600 ms apart (jitter
      // 50-100 %),
      // less what polling the fake may blur.
      assertEquals(3, requestTimes.size());
      long gap1 = requestTimes.get(1) - requestTimes.get(0);
      long gap2 = requestTimes.get(2) - requestTimes.get(1);
      assertTrue(gap1 >= 250, "first retry after " + gap1 + " ms");
      assertTrue(gap2 >= 500, "second retry after " + gap2 + " ms");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 4. Giving up

  @Test
  void aPhoneThatAlwaysFailsIsGivenUpAfterMaxAttemptsAndNotTriedAgain() {
    try (Scenario s =
        Scenario.start(
            "push_errors_give_up",
            Map.of(
                "push.maxAttempts",
                3,
                "push.backoffBaseMillis",
                200,
                "push.backoffMaxSeconds",
                1))) {
      Api nurse = s.server.as("nurse-a");
      Api manager = s.server.as("manager-a");
      register(manager, "manager-a-phone", "broken-manager");
      register(nurse, "nurse-a-phone", "ok-nurse");
      s.fcm.failTokens("broken-", FakeFcm.Error.INTERNAL);

      JsonObject sent = s.send(manager, "Kommer inte fram");
      s.awaitSettled(sent.getString("id"), 2);
      assertEquals(
          Map.of("manager-a-phone", "FAILED", "nurse-a-phone", "SENT"),
          s.statusByDevice(sent.getString("id")));
      Map<String, Object> failed =
          rows(
                  s.server,
                  "SELECT attempts, last_error FROM deliveries d JOIN devices v "
                      + "ON v.id = d.device_id WHERE v.device_key = 'manager-a-phone'")
              .get(0);
      assertEquals(3, failed.get("attempts"));
      String error = failed.get("last_error").toString();
      assertTrue(error.contains("3 attempts") && error.contains("INTERNAL"), error);
      assertEquals(
          1,
          manager
              .get("/api/v1/messages/" + sent.getString("id"))
              .json()
              .getJsonObject("stats")
              .getInteger("devicesFailed"));
      // The device itself keeps its token: a server fault is not a dead phone.
      assertEquals(true, devices(manager).get("manager-a-phone").getBoolean("pushEnabled"));

      // Three requests for the broken phone, one for the nurse, and then silence.
      assertEquals(4, s.fcm.requests());
      s.assertNoRequestsFor(2_500);
      assertEquals(4, s.fcm.requests());
      assertEquals("FAILED", s.statusByDevice(sent.getString("id")).get("manager-a-phone"));
      assertEquals(Map.of("ok-nurse", 1L), tokenCounts(s.fcm.delivered()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 5. Quota

  @Test
  void quotaExceededWithRetryAfterPausesAllSendingForThatLongThenEverythingIsDelivered() {
    // The default pause without Retry-After is a minute; FCM's Retry-After of 3 s governs here.
    try (Scenario s = Scenario.start("push_errors_quota_retry_after", Map.of())) {
      quotaPause(s, 3, 3_000, 10_000);
    }
  }

  @Test
  void quotaExceededWithoutRetryAfterPausesAtLeastTheConfiguredPause() {
    try (Scenario s =
        Scenario.start("push_errors_quota_default", Map.of("push.quotaPauseSeconds", 3))) {
      quotaPause(s, null, 3_000, 10_000);
    }
  }

  private static void quotaPause(
      Scenario s, Integer retryAfter, long pauseMillis, long deliverWithinMillis) {
    Api nurse = s.server.as("nurse-a");
    Api manager = s.server.as("manager-a");
    register(manager, "manager-a-phone", "q-manager");
    register(nurse, "nurse-a-phone", "q-nurse");
    register(nurse, "nurse-a-tablet", "q-nurse-tablet");
    s.fcm.retryAfter(retryAfter).failNext(1, FakeFcm.Error.QUOTA_EXCEEDED);

    JsonObject first = s.send(manager, "Kvot");
    // The worker has taken in the refusal once the refused row is back in the queue (for the
    // pause).
    s.await(
        "the refused push back in the queue",
        10_000,
        () ->
            s.server.count(
                    "SELECT count(*) FROM deliveries WHERE message_id = '"
                        + first.getString("id")
                        + "' AND status = 'PENDING' AND claimed_until IS NULL AND last_error IS NOT NULL")
                == 1);
    long hitQuota = System.currentTimeMillis();
    assertTrue(
        s.string("SELECT last_error FROM deliveries WHERE status = 'PENDING'")
            .contains("QUOTA_EXCEEDED"));
    assertEquals(3, s.fcm.requests());
    // While sending is paused, a new message must wait too.
    JsonObject second = s.send(manager, "Under pausen");
    assertEquals(3, second.getInteger("devices"));
    s.await("all six pushes", deliverWithinMillis, () -> s.fcm.delivered().size() >= 6);

    List<FakeFcm.Received> delivered = s.fcm.delivered();
    // Two of the first three went through at once; then nothing reached FCM for the pause.
    assertEquals(
        2, delivered.stream().filter(r -> r.atMillis() <= hitQuota).count(), delivered.toString());
    long beforePause =
        delivered.stream()
            .filter(r -> r.atMillis() <= hitQuota)
            .mapToLong(FakeFcm.Received::atMillis)
            .max()
            .orElseThrow();
    List<Long> afterPause =
        delivered.stream()
            .filter(r -> r.atMillis() > hitQuota)
            .map(FakeFcm.Received::atMillis)
            .toList();
    assertEquals(4, afterPause.size());
    long firstAfter = afterPause.stream().mapToLong(Long::longValue).min().orElseThrow();
    assertTrue(
        firstAfter - beforePause >= pauseMillis,
        "FCM heard from us again after only " + (firstAfter - beforePause) + " ms");
    assertEquals(7, s.fcm.requests(), "one refused request, six pushes, nothing twice");
    assertEquals(
        Map.of("q-manager", 2L, "q-nurse", 2L, "q-nurse-tablet", 2L), tokenCounts(delivered));

    // Every delivery was sent, and the refused one does not count as an attempt.
    s.awaitSettled(first.getString("id"), 3);
    s.awaitSettled(second.getString("id"), 3);
    assertEquals(
        6,
        s.server.count("SELECT count(*) FROM deliveries WHERE status = 'SENT' AND attempts = 1"));
  }

  // ---------------------------------------------------------------------------------------------
  // 6. Configuration errors

  @ParameterizedTest
  @EnumSource(
      value = FakeFcm.Error.class,
      names = {"THIRD_PARTY_AUTH_ERROR", "SENDER_ID_MISMATCH"})
  void aConfigurationErrorPausesSendingInsteadOfLoopingAndTheQueueIsDeliveredOnceFixed(
      FakeFcm.Error error) {
    try (Scenario s =
        Scenario.start(
            "push_errors_config_" + error.name(), Map.of("push.configErrorPauseSeconds", 3))) {
      Api nurse = s.server.as("nurse-a");
      Api manager = s.server.as("manager-a");
      register(manager, "manager-a-phone", "c-manager");
      register(nurse, "nurse-a-phone", "c-nurse");
      register(nurse, "nurse-a-tablet", "c-nurse-tablet");
      s.fcm.failTokens("", error);

      long start = System.currentTimeMillis();
      JsonObject sent = s.send(manager, "Konfiguration");
      String id = sent.getString("id");
      s.await("the first refusals", 10_000, () -> s.fcm.requests() >= 3);
      long refused = System.currentTimeMillis();
      s.await(
          "the rows back in the queue",
          15_000,
          () ->
              s.server.count(
                      "SELECT count(*) FROM deliveries WHERE message_id = '"
                          + id
                          + "' AND status = 'PENDING' AND claimed_until IS NULL AND last_error IS NOT NULL")
                  == 3);
      long requestsAfterRefusal = s.fcm.requests();
      // Not retried in a loop: FCM hears nothing more while the pause lasts (3 s from the refusal).
      long quietFor = 2_500 - (System.currentTimeMillis() - refused);
      s.assertNoRequestsFor(quietFor);
      assertEquals(requestsAfterRefusal, s.fcm.requests());
      // The rows wait, released, with the cause noted and the attempt not counted.
      List<Map<String, Object>> rows =
          rows(
              s.server,
              "SELECT status, attempts, last_error FROM deliveries WHERE message_id = '"
                  + id
                  + "'");
      assertEquals(3, rows.size());
      for (Map<String, Object> r : rows) {
        assertEquals("PENDING", r.get("status"));
        assertEquals(0, r.get("attempts"));
        // FCM's own error code, read from the body of its 401/403.
        assertTrue(r.get("last_error").toString().contains(error.name()), r.toString());
      }
      assertEquals(
          3,
          manager
              .get("/api/v1/messages/" + id)
              .json()
              .getJsonObject("stats")
              .getInteger("devicesPending"));

      // Someone fixes the configuration; after the pause the queue goes out, each phone once.
      s.fcm.reset();
      s.await("all three pushes", 10_000, () -> s.fcm.delivered().size() >= 3);
      s.awaitSettled(id, 3);
      assertEquals(
          Map.of("c-manager", 1L, "c-nurse", 1L, "c-nurse-tablet", 1L),
          tokenCounts(s.fcm.delivered()));
      long firstDelivery =
          s.fcm.delivered().stream().mapToLong(FakeFcm.Received::atMillis).min().orElseThrow();
      assertTrue(
          firstDelivery - refused >= 2_900,
          "sent again " + (firstDelivery - refused) + " ms after the refusal");
      assertTrue(
          firstDelivery - start < 8_000, "the queue waited " + (firstDelivery - start) + " ms");
      assertEquals(
          3,
          s.server.count(
              "SELECT count(*) FROM deliveries WHERE message_id = '"
                  + id
                  + "' AND status = 'SENT' AND attempts = 1 AND last_error IS NULL"));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 7. A storm of 503s

  @Test
  void aStormOfUnavailableAnswersEndsWithEveryPhonePushedExactlyOnceAndNothingFailed() {
    // The SDK retries each 503 four times itself (0.5 + 1 + 2 + 4 s); enough SDK threads for all
    // twenty at once keeps the storm to a few of those rounds.
    try (Scenario s =
        Scenario.start(
            "push_errors_storm",
            Map.of(
                "push.backoffBaseMillis",
                200,
                "push.backoffMaxSeconds",
                2,
                "push.maxAttempts",
                20,
                "push.sdkThreads",
                32))) {
      Api nurse = s.server.as("nurse-a");
      Api manager = s.server.as("manager-a");
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String token = "storm-" + i;
        register(i % 2 == 0 ? nurse : manager, "storm-device-" + i, token);
        tokens.add(token);
      }
      s.fcm.failNext(200, FakeFcm.Error.UNAVAILABLE);

      JsonObject sent = s.send(manager, "Storm");
      assertEquals(20, sent.getInteger("devices"));
      s.awaitSettled(sent.getString("id"), 20, 45_000);

      assertEquals(0, s.server.count("SELECT count(*) FROM deliveries WHERE status <> 'SENT'"));
      assertEquals(
          tokens.stream().collect(Collectors.toMap(t -> t, t -> 1L)),
          tokenCounts(s.fcm.delivered()));
      assertEquals(220, s.fcm.requests(), "200 refusals and exactly one successful push per phone");
      assertTrue(
          s.server.count("SELECT count(*) FROM deliveries WHERE attempts > 1") > 0,
          "the worker retried (beyond the SDK's own retries)");
      JsonObject stats =
          manager.get("/api/v1/messages/" + sent.getString("id")).json().getJsonObject("stats");
      assertEquals(0, stats.getInteger("devicesFailed"));
      assertEquals(2, stats.getInteger("delivered"));
      s.assertNoRequestsFor(500);
      assertEquals(20, s.fcm.delivered().size());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 8. Staying under the quota

  @Test
  void withAQuotaOf600AMinuteFcmNeverGetsMoreThanAboutTenInAnySecond() {
    try (Scenario s = Scenario.start("push_errors_rate", Map.of("push.quotaPerMinute", 600))) {
      Api nurse = s.server.as("nurse-a");
      Api manager = s.server.as("manager-a");
      for (int i = 0; i < 40; i++) {
        register(i % 2 == 0 ? nurse : manager, "rate-device-" + i, "rate-" + i);
      }
      JsonObject sent = s.send(manager, "Takt");
      assertEquals(40, sent.getInteger("devices"));
      s.await("forty pushes", 20_000, () -> s.fcm.delivered().size() >= 40);

      List<Long> times =
          s.fcm.delivered().stream().map(FakeFcm.Received::atMillis).sorted().toList();
      int worst = 0;
      for (int i = 0; i < times.size(); i++) {
        int j = i;
        while (j < times.size() && times.get(j) < times.get(i) + 1_000) {
          j++;
        }
        worst = Math.max(worst, j - i);
      }
      assertTrue(worst <= 12, "FCM got " + worst + " pushes within one second: " + relative(times));
      assertEquals(40, tokenCounts(s.fcm.delivered()).size());
      s.awaitSettled(sent.getString("id"), 40);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Support

  /** A server with its own fake FCM and database. */
  private record Scenario(FakeFcm fcm, TestServer server, String wardA) implements AutoCloseable {

    static Scenario start(String name, Map<String, Object> overrides) {
      FakeFcm fcm = FakeFcm.start();
      Map<String, Object> all = new HashMap<>(overrides);
      all.put("push.fcm.endpoint", fcm.endpoint());
      all.put("push.fcm.projectId", "fake-project");
      TestServer server;
      try {
        server = TestServer.start(name.toLowerCase(Locale.ROOT), all);
      } catch (RuntimeException e) {
        fcm.close();
        throw e;
      }
      server.importOrganisation(Orgs.small());
      String ward =
          rows(server, "SELECT id::text FROM units WHERE external_id = 'WARD-A'")
              .get(0)
              .get("id")
              .toString();
      return new Scenario(fcm, server, ward);
    }

    /** Sends a message to WARD-A and returns the answer (id, recipients, devices). */
    JsonObject send(Api sender, String title) {
      JsonObject draft =
          new JsonObject()
              .put("title", title)
              .put("body", "Text för " + title)
              .put("category", "INFO")
              .put(
                  "audience",
                  new JsonObject()
                      .put("units", new JsonArray().add(new JsonObject().put("id", wardA))));
      Api.Response r = sender.post("/api/v1/messages", draft);
      assertEquals(201, r.status(), r.text());
      return r.json();
    }

    void awaitSettled(String messageId, int deliveries) {
      awaitSettled(messageId, deliveries, 15_000);
    }

    /** Waits until all of a message's deliveries have left PENDING. */
    void awaitSettled(String messageId, int deliveries, long timeoutMillis) {
      await(
          "deliveries of " + messageId + " settled",
          timeoutMillis,
          () ->
              server.count(
                      "SELECT count(*) FROM deliveries "
                          + "WHERE message_id = '"
                          + messageId
                          + "' AND status <> 'PENDING'")
                  == deliveries);
      assertEquals(
          deliveries,
          server.count("SELECT count(*) FROM deliveries WHERE message_id = '" + messageId + "'"));
    }

    Map<String, String> statusByDevice(String messageId) {
      Map<String, String> out = new HashMap<>();
      rows(
              server,
              "SELECT v.device_key, d.status FROM deliveries d JOIN devices v ON v.id = d.device_id "
                  + "WHERE d.message_id = '"
                  + messageId
                  + "'")
          .forEach(r -> out.put((String) r.get("device_key"), (String) r.get("status")));
      return out;
    }

    String string(String sql) {
      Object v = rows(server, sql).get(0).values().iterator().next();
      return v == null ? null : v.toString();
    }

    /** Waits for a condition; a timeout reports the outbox and what FCM got, to tell why. */
    void await(String what, long timeoutMillis, BooleanSupplier condition) {
      try {
        PushErrorsTest.await(what, timeoutMillis, condition);
      } catch (AssertionError e) {
        throw new AssertionError(
            e.getMessage()
                + "; FCM got "
                + fcm.requests()
                + " requests, delivered "
                + relative(fcm.delivered().stream().map(FakeFcm.Received::atMillis).toList())
                + "; deliveries: "
                + rows(
                    server,
                    "SELECT id, status, attempts, due_at, claimed_until, last_error FROM deliveries ORDER BY id"),
            e);
      }
    }

    /** Asserts FCM receives no request at all for this long. */
    void assertNoRequestsFor(long millis) {
      long before = fcm.requests();
      long until = System.currentTimeMillis() + millis;
      while (System.currentTimeMillis() < until) {
        assertEquals(
            before, fcm.requests(), "FCM got a request during what should be a quiet period");
        sleep(20);
      }
      assertEquals(
          before, fcm.requests(), "FCM got a request during what should be a quiet period");
    }

    @Override
    public void close() {
      try {
        server.close();
      } finally {
        fcm.close();
      }
    }
  }

  static void register(Api who, String deviceKey, String token) {
    Api.Response r =
        who.put(
            "/api/v1/me/devices/" + deviceKey,
            new JsonObject()
                .put("platform", "ANDROID")
                .put("pushToken", token)
                .put("model", "XCover 7"));
    assertTrue(r.status() == 200 || r.status() == 201, r.text());
  }

  static Map<String, JsonObject> devices(Api who) {
    Api.Response r = who.get("/api/v1/me/devices");
    assertEquals(200, r.status(), r.text());
    Map<String, JsonObject> out = new HashMap<>();
    r.items().stream()
        .map(JsonObject.class::cast)
        .forEach(d -> out.put(d.getString("deviceId"), d));
    return out;
  }

  static Map<String, Long> tokenCounts(List<FakeFcm.Received> received) {
    return received.stream()
        .collect(Collectors.groupingBy(FakeFcm.Received::token, Collectors.counting()));
  }

  static List<Long> relative(List<Long> times) {
    return times.stream().map(t -> t - times.get(0)).toList();
  }

  static List<Map<String, Object>> rows(TestServer server, String sql) {
    try (Connection c = TestDatabase.jdbc(server.databaseUrl())) {
      return rows(c, sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Map<String, Object>> rows(Connection c, String sql) {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<Map<String, Object>> out = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i), rs.getObject(i));
        }
        out.add(row);
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void await(String what, long timeoutMillis, BooleanSupplier condition) {
    long until = System.currentTimeMillis() + timeoutMillis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > until) {
        throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
      }
      sleep(25);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
