package se.tjanstemobil.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/**
 * Request rate limits: sends and bookings per person, dev login per address; past them 429 with
 * Retry-After.
 */
class RateLimitTest {

  private static TestServer server;
  private static Api manager;
  private static Api otherManager;
  private static Api nurse;
  private static Api admin;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            "rate_limits",
            Map.of(
                "rateLimits.sendsPerMinute",
                2,
                "rateLimits.bookingsPerMinute",
                3,
                "rateLimits.devLoginsPerMinute",
                8));
    server.importOrganisation(Orgs.small());
    // Four of the eight logins a minute go here; the dev-login test uses the rest.
    admin = server.as("admin");
    manager = server.as("manager-a");
    otherManager = server.as("manager-b");
    nurse = server.as("nurse-a");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject message(Api who) {
    String unit = who.get("/api/v1/me").json().getJsonObject("unit").getString("id");
    return new JsonObject()
        .put("title", "Info")
        .put("body", "Text")
        .put("category", "INFO")
        .put(
            "audience",
            new JsonObject().put("units", new JsonArray().add(new JsonObject().put("id", unit))));
  }

  private static void assertLimited(Api.Response r) {
    JsonObject p = r.problem(429);
    assertEquals("urn:tjanstemobil:problem:rate-limited", p.getString("type"));
    long retry = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retry >= 1 && retry <= 60, "Retry-After " + retry);
  }

  @Test
  void sendsArePerPerson() {
    long before = server.count("SELECT count(*) FROM messages");
    assertEquals(201, manager.post("/api/v1/messages", message(manager)).status());
    assertEquals(201, manager.post("/api/v1/messages", message(manager)).status());
    assertLimited(manager.post("/api/v1/messages", message(manager)));
    assertEquals(before + 2, server.count("SELECT count(*) FROM messages"));
    // Another person has their own allowance.
    assertEquals(201, otherManager.post("/api/v1/messages", message(otherManager)).status());
  }

  @Test
  void bookingsArePerPerson() {
    String hub =
        HubFixture.hub(
                admin,
                "Arbetshubb Gräns",
                HubFixture.alwaysOpen(),
                new JsonObject().put("maxBookingsPerDay", 10))
            .getString("id");
    String desk = HubFixture.resource(admin, hub, "DESK", "Skrivbord 1");
    LocalDate day = LocalDate.now(HubFixture.STOCKHOLM).plusDays(1);
    for (int h = 8; h < 11; h++) {
      assertEquals(
          201,
          HubFixture.book(nurse, desk, HubFixture.at(day, h, 0), HubFixture.at(day, h + 1, 0))
              .status());
    }
    assertLimited(
        HubFixture.book(nurse, desk, HubFixture.at(day, 12, 0), HubFixture.at(day, 13, 0)));
    assertEquals(
        3, server.count("SELECT count(*) FROM bookings WHERE resource_id = '" + desk + "'"));
  }

  @Test
  void devLoginIsPerAddress() {
    int ok = 0;
    Api.Response last = null;
    for (int i = 0; i < 12; i++) {
      last =
          server.api.post("/api/v1/auth/dev-login", new JsonObject().put("externalId", "nurse-b"));
      if (last.status() == 200) {
        ok++;
      } else {
        break;
      }
    }
    assertTrue(ok < 12, "no limit on dev login");
    assertLimited(last);
  }
}
