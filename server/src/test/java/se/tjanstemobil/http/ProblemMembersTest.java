package se.tjanstemobil.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.tjanstemobil.support.HubFixture.at;
import static se.tjanstemobil.support.HubFixture.book;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestClock;
import se.tjanstemobil.support.TestServer;

/**
 * The problem types that carry more than type, title, status and detail declare those members in
 * the contract, so a strict generated client (OpenAPI Generator: a member its model does not know
 * is an error) can read them. Each answer here passes through {@link Api}, which holds it to the
 * contract's schema for its operation and status and refuses undeclared members; the assertions say
 * which member the type carries.
 */
class ProblemMembersTest {

  // Monday 2026-11-23, 09:00 in Krokom.
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
  private static final LocalDate TOMORROW = TODAY.plusDays(1);

  private static TestServer server;
  private static Api admin;
  private static Api nurseA;
  private static Api nurseB;
  private static String hubId;
  private static String desk1;
  private static String desk2;

  @BeforeAll
  static void start() {
    TestClock clock = new TestClock(at(TODAY, 9, 0).toInstant());
    server =
        TestServer.start("problem-members", Map.of("rateLimits.devLoginsPerMinute", 10), clock);
    server.importOrganisation(Orgs.small());
    admin = server.as("admin");
    nurseA = server.as("nurse-a");
    nurseB = server.as("nurse-b");
    hubId =
        HubFixture.hub(admin, "Arbetshubb Krokom", HubFixture.alwaysOpen(), null).getString("id");
    desk1 = HubFixture.resource(admin, hubId, "DESK", "Skrivbord 1");
    desk2 = HubFixture.resource(admin, hubId, "DESK", "Skrivbord 2");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aTakenResourceAndAnotherBookingAtTheTimeNameTheBookingInTheWay() {
    assertEquals(201, book(nurseA, desk1, at(TOMORROW, 8, 0), at(TOMORROW, 12, 0)).status());
    JsonObject taken = book(nurseB, desk1, at(TOMORROW, 10, 0), at(TOMORROW, 14, 0)).problem(409);
    assertEquals("urn:tjanstemobil:problem:resource-taken", taken.getString("type"));
    assertEquals(interval(at(TOMORROW, 8, 0), at(TOMORROW, 12, 0)), taken.getJsonObject("taken"));

    JsonObject already = book(nurseA, desk2, at(TOMORROW, 11, 0), at(TOMORROW, 13, 0)).problem(409);
    assertEquals("urn:tjanstemobil:problem:already-booked", already.getString("type"));
    assertEquals(interval(at(TOMORROW, 8, 0), at(TOMORROW, 12, 0)), already.getJsonObject("taken"));
  }

  @Test
  void aClosureNamesItsInterval() {
    LocalDate day = TODAY.plusDays(3);
    Api.Response closed =
        admin.post(
            "/api/v1/hubs/" + hubId + "/closures",
            new JsonObject()
                .put("resourceId", desk2)
                .put("start", Times.format(at(day, 0, 0).toOffsetDateTime()))
                .put("end", Times.format(at(day.plusDays(1), 0, 0).toOffsetDateTime()))
                .put("reason", "Vattenskada, lokalen saneras"));
    assertEquals(201, closed.status(), closed.text());
    JsonObject refused = book(nurseB, desk2, at(day, 9, 0), at(day, 11, 0)).problem(422);
    assertEquals("urn:tjanstemobil:problem:closure", refused.getString("type"));
    assertEquals(
        interval(at(day, 0, 0), at(day.plusDays(1), 0, 0)), refused.getJsonObject("closed"));
  }

  @Test
  void aWaitlistThatIsNotNeededNamesWhatIsFree() {
    LocalDate day = TODAY.plusDays(5);
    JsonObject refused =
        nurseA
            .post(
                "/api/v1/hubs/" + hubId + "/waitlist",
                interval(at(day, 8, 0), at(day, 9, 0)).put("kind", "DESK"))
            .problem(422);
    assertEquals("urn:tjanstemobil:problem:waitlist-not-needed", refused.getString("type"));
    JsonArray free = refused.getJsonArray("freeResourceIds");
    assertTrue(free.contains(desk1) && free.contains(desk2), refused.encode());
  }

  @Test
  void aDraftThatBreaksPolicyListsEveryBrokenRule() {
    JsonObject draft =
        new JsonObject()
            .put("validFrom", "2027-01-01")
            .put("validTo", "2027-06-30")
            .put("weekdays", new JsonArray().add("MONDAY"))
            .put("places", new JsonArray().add(new JsonObject().put("type", "HOME")));
    Api.Response created = nurseA.post("/api/v1/me/remote-agreements", draft);
    assertEquals(201, created.status(), created.text());
    JsonObject refused =
        nurseA
            .post(
                "/api/v1/me/remote-agreements/" + created.json().getString("id") + "/submit",
                new JsonObject())
            .problem(422);
    assertEquals("urn:tjanstemobil:problem:agreement-policy", refused.getString("type"));
    JsonArray violations = refused.getJsonArray("violations");
    assertTrue(violations.size() >= 2, refused.encode());
    assertNotNull(violations.getJsonObject(0).getString("rule"));
  }

  @Test
  void aRateLimitSaysHowLongToWait() {
    JsonObject limited = null;
    for (int i = 0; i < 20 && limited == null; i++) {
      Api.Response r =
          server.api.post("/api/v1/auth/dev-login", new JsonObject().put("externalId", "hr"));
      if (r.status() == 429) {
        limited = r.problem(429);
      }
    }
    assertNotNull(limited, "ten dev logins a minute are allowed, twenty were not refused");
    assertEquals("urn:tjanstemobil:problem:rate-limited", limited.getString("type"));
    assertTrue(limited.getInteger("retryAfterSeconds") >= 1, limited.encode());
  }

  private static JsonObject interval(ZonedDateTime start, ZonedDateTime end) {
    return new JsonObject()
        .put("start", Times.format(start.toOffsetDateTime()))
        .put("end", Times.format(end.toOffsetDateTime()));
  }
}
