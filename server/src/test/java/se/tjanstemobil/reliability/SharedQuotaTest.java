package se.tjanstemobil.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.push.FakeFcm;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Eventually;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.PrometheusText;
import se.tjanstemobil.support.TestServer;

/**
 * Two instances on one database share the FCM project quota (1,200 a minute: 600 each, 20 a second
 * together, never 40) and each other's pauses: a 429 heard by one stops both for its Retry-After.
 * When one stops, the other takes the whole quota again.
 */
class SharedQuotaTest {

  @Test
  void twoInstancesShareTheQuotaAndAPause() throws Exception {
    Map<String, Object> push = new HashMap<>();
    try (FakeFcm fcm = FakeFcm.start()) {
      push.put("push.fcm.endpoint", fcm.endpoint());
      push.put("push.fcm.projectId", "fake-project");
      push.put("push.quotaPerMinute", 1_200);
      push.put("push.workerHeartbeatSeconds", 1);
      try (TestServer first = TestServer.start("shared_quota", push)) {
        first.importOrganisation(Orgs.small());
        Map<String, Object> second = new HashMap<>(push);
        second.put("database.url", first.databaseUrl());
        Api manager = first.as("manager-a");
        Api nurse = first.as("nurse-a");
        for (int i = 0; i < 60; i++) {
          assertEquals(
              201,
              (i % 2 == 0 ? nurse : manager)
                  .put(
                      "/api/v1/me/devices/quota-phone-" + i,
                      new JsonObject().put("platform", "ANDROID").put("pushToken", "quota-" + i))
                  .status());
        }
        String ward = manager.get("/api/v1/me").json().getJsonObject("unit").getString("id");
        try (TestServer other = TestServer.start("shared_quota_b", second)) {
          assertTrue(
              Eventually.holds(
                  Duration.ofSeconds(10), () -> share(first) == 600 && share(other) == 600),
              "shares " + share(first) + " and " + share(other));

          long sentAt = System.currentTimeMillis();
          send(manager, ward, "Kvot delad");
          assertTrue(Eventually.holds(Duration.ofSeconds(30), () -> fcm.deliveredCount() >= 60));
          List<Long> times =
              fcm.requestLog().stream()
                  .map(FakeFcm.Request::atMillis)
                  .filter(t -> t >= sentAt)
                  .sorted()
                  .toList();
          int peak = FcmOutageScenario.peakPerSecond(times);
          assertTrue(
              peak <= 24, "FCM got " + peak + " requests in one second; the shared quota is 20");
          long connections =
              fcm.requestLog().stream().map(FakeFcm.Request::connection).distinct().count();
          assertTrue(connections >= 2, "both instances pushed (" + connections + " connections)");

          fcm.failNext(1, FakeFcm.Fault.QUOTA_EXCEEDED).retryAfter(4);
          long burstAt = System.currentTimeMillis();
          send(manager, ward, "Efter kvotstopp");
          assertTrue(Eventually.holds(Duration.ofSeconds(40), () -> fcm.deliveredCount() >= 120));
          List<FakeFcm.Request> burst =
              fcm.requestLog().stream().filter(r -> r.atMillis() >= burstAt).toList();
          long refusedAt =
              burst.stream()
                  .filter(r -> r.status() == 429)
                  .mapToLong(FakeFcm.Request::atMillis)
                  .min()
                  .orElseThrow();
          // The other instance hears of it at its next heartbeat (a second here); then both keep
          // quiet.
          long inPause =
              burst.stream()
                  .filter(r -> r.atMillis() > refusedAt + 1_800 && r.atMillis() < refusedAt + 3_700)
                  .count();
          assertEquals(0, inPause, "requests while the shared pause ran");
        }
        assertTrue(
            Eventually.holds(Duration.ofSeconds(5), () -> share(first) == 1_200),
            "the remaining instance's share is " + share(first));
      }
    }
  }

  private static void send(Api manager, String unit, String title) {
    Api.Response r =
        manager.post(
            "/api/v1/messages",
            new JsonObject()
                .put("title", title)
                .put("body", "Kvotprov")
                .put("category", "INFO")
                .put(
                    "audience",
                    new JsonObject()
                        .put("units", new JsonArray().add(new JsonObject().put("id", unit)))));
    assertEquals(201, r.status(), r.text());
  }

  private static long share(TestServer server) {
    List<Double> values =
        PrometheusText.values(server.api.get("/metrics").text(), "tjm_push_quota_share_per_minute");
    return values.isEmpty() ? -1 : values.get(0).longValue();
  }
}
