package se.tjanstemobil.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.push.FakeFcm;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/**
 * The quick form of scripts/reliability/fcm-outage: one server, thirty phones, FCM down for sixteen
 * seconds (short backoffs to match), then a burst of 429s with a three-second Retry-After under a
 * quota of twenty pushes a second.
 */
class FcmOutageTest {

  @Test
  void anOutageAndA429BurstEndWithEverythingDeliveredWithoutAStorm() throws Exception {
    try (FakeFcm fcm = FakeFcm.start();
        TestServer server =
            TestServer.start(
                "fcm_outage",
                Map.of(
                    "push.fcm.endpoint",
                    fcm.endpoint(),
                    "push.fcm.projectId",
                    "fake-project",
                    "push.backoffBaseMillis",
                    500,
                    "push.backoffMaxSeconds",
                    4,
                    "push.maxAttempts",
                    30,
                    "push.quotaPerMinute",
                    1_200))) {
      server.importOrganisation(Orgs.small());
      Api manager = server.as("manager-a");
      Api nurse = server.as("nurse-a");
      Set<String> tokens = new HashSet<>();
      for (int i = 0; i < 30; i++) {
        Api who = i % 2 == 0 ? nurse : manager;
        String token = "outage-" + i;
        int status =
            who.put(
                    "/api/v1/me/devices/outage-phone-" + i,
                    new JsonObject().put("platform", "ANDROID").put("pushToken", token))
                .status();
        assertEquals(201, status);
        tokens.add(token);
      }
      String ward = manager.get("/api/v1/me").json().getJsonObject("unit").getString("id");
      FcmOutageScenario.run(
              new FcmOutageScenario.Setup(
                  manager, ward, fcm, tokens, List.of(server.api), 20, 3, 500, 4_000, 5_000),
              Duration.ofSeconds(16))
          .assertPassed();
    }
  }
}
