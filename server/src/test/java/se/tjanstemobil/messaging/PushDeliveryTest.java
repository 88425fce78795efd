package se.tjanstemobil.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.push.FakeFcm;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Eventually;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestDatabase;
import se.tjanstemobil.support.TestServer;

/** End to end: a manager's message through the real Firebase Admin SDK into the fake FCM. */
class PushDeliveryTest {

  private static FakeFcm fcm;
  private static TestServer server;

  @BeforeAll
  static void start() {
    fcm = FakeFcm.start();
    server =
        TestServer.start(
            "push_delivery",
            Map.of("push.fcm.endpoint", fcm.endpoint(), "push.fcm.projectId", "fake-project"));
    server.importOrganisation(Orgs.small());
  }

  @AfterAll
  static void stop() {
    server.close();
    fcm.close();
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

  static String unitId(TestServer server, String externalId) {
    return server.as("admin").get("/api/v1/me").json().getString("id") == null
        ? null
        : queryString(server, "SELECT id FROM units WHERE external_id = '" + externalId + "'");
  }

  static String queryString(TestServer server, String sql) {
    try (var c = TestDatabase.jdbc(server.databaseUrl());
        var s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void await(String what, BooleanSupplier condition) {
    Eventually.until(what, Duration.ofSeconds(30), condition::getAsBoolean, done -> done);
  }

  /**
   * Waits until the outbox has nothing due left to push (every due row sent or settled, none in a
   * worker's hands; held rows wait for their time): after it, nothing more arrives until the clock
   * moves or a held release runs.
   */
  static void awaitOutboxSettled(TestServer server) {
    Eventually.until(
        "nothing due left in the outbox",
        Duration.ofSeconds(30),
        () ->
            server.count(
                "SELECT count(*) FROM deliveries WHERE status = 'PENDING' AND due_at <= now()"),
        n -> n == 0);
  }

  @Test
  void aManagersMessageReachesEveryActiveDeviceOfEveryRecipientOnceAndOnlyTheirs() {
    Api nurseA = server.as("nurse-a");
    Api managerA = server.as("manager-a");
    Api nurseB = server.as("nurse-b");
    register(nurseA, "nurse-a-phone-1", "tok-a-1");
    register(nurseA, "nurse-a-tablet-2", "tok-a-2");
    register(nurseA, "nurse-a-old-phone", "tok-a-old");
    assertEquals(204, nurseA.delete("/api/v1/me/devices/nurse-a-old-phone").status());
    register(managerA, "manager-a-phone", "tok-m-1");
    register(nurseB, "nurse-b-phone-1", "tok-b-1");
    register(nurseA, "nurse-a-lost-phone", "tok-a-lost");
    String lostId =
        nurseA.get("/api/v1/me/devices").json().getJsonArray("items").stream()
            .map(JsonObject.class::cast)
            .filter(d -> d.getString("deviceId").equals("nurse-a-lost-phone"))
            .findFirst()
            .orElseThrow()
            .getString("id");
    assertEquals(
        200,
        server
            .as("admin")
            .post(
                "/api/v1/admin/devices/" + lostId + "/retire",
                new JsonObject().put("reason", "LOST"))
            .status());
    fcm.reset();

    JsonObject draft =
        new JsonObject()
            .put("title", "Ny rutin")
            .put("body", "Läs den nya rutinen för överlämning.")
            .put("category", "SCHEDULE")
            .put("requiresAck", true)
            .put(
                "audience",
                new JsonObject()
                    .put(
                        "units",
                        new JsonArray().add(new JsonObject().put("id", unitId(server, "WARD-A")))));
    Api.Response sent = managerA.post("/api/v1/messages", draft);
    assertEquals(201, sent.status(), sent.text());
    assertEquals(2, sent.json().getInteger("recipients"));
    assertEquals(3, sent.json().getInteger("devices"));
    String messageId = sent.json().getString("id");

    await("three pushes", () -> fcm.delivered().size() >= 3);
    List<String> tokens = fcm.delivered().stream().map(FakeFcm.Received::token).sorted().toList();
    assertEquals(List.of("tok-a-1", "tok-a-2", "tok-m-1"), tokens);

    JsonObject push =
        fcm.delivered().stream()
            .filter(r -> r.token().equals("tok-a-1"))
            .findFirst()
            .orElseThrow()
            .message();
    assertEquals("Ny rutin", push.getJsonObject("notification").getString("title"));
    assertEquals(messageId, push.getJsonObject("data").getString("messageId"));
    assertEquals("true", push.getJsonObject("data").getString("requiresAck"));
    assertEquals(
        "tjm_schedule",
        push.getJsonObject("android").getJsonObject("notification").getString("channel_id"));
    assertEquals(
        "active",
        push.getJsonObject("apns")
            .getJsonObject("payload")
            .getJsonObject("aps")
            .getString("interruption-level"));

    await(
        "delivery recorded",
        () ->
            managerA
                    .get("/api/v1/messages/" + messageId)
                    .json()
                    .getJsonObject("stats")
                    .getInteger("delivered")
                == 2);
    JsonObject inbox = nurseA.get("/api/v1/me/inbox").json();
    assertEquals(messageId, inbox.getJsonArray("items").getJsonObject(0).getString("messageId"));
    assertTrue(inbox.getJsonArray("items").getJsonObject(0).getString("deliveredAt") != null);
    assertEquals(0, nurseB.get("/api/v1/me/inbox").json().getJsonArray("items").size());

    // Nothing more arrives later: each device exactly once.
    awaitOutboxSettled(server);
    assertEquals(3, fcm.delivered().size());

    // Operations see the pushes by outcome.
    String metrics = new Api(managerA.base()).get("/metrics").text();
    assertTrue(
        metrics.contains("tjm_push_results_total{outcome=\"SENT\"} 3.0"),
        metrics.lines().filter(l -> l.startsWith("tjm_push")).toList().toString());
  }
}
