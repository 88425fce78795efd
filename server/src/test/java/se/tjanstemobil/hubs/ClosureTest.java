package se.tjanstemobil.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.tjanstemobil.support.HubFixture.at;
import static se.tjanstemobil.support.HubFixture.book;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.http.Times;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestClock;
import se.tjanstemobil.support.TestServer;

/**
 * Closures: a closure cancels exactly the bookings it overlaps and tells their bookers, in their
 * own hours (the organisation's weekdays 07-16 here: a notice at 20:00 is held until 07:00). A hub
 * administrator runs only their own hub.
 */
class ClosureTest {

  // Tuesday 2026-12-01, 20:00 in Östersund: off duty for a 07-16 weekday worker.
  private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
  private static final LocalDate THURSDAY = TODAY.plusDays(2);

  private static TestServer server;
  private static TestClock clock;

  @BeforeAll
  static void start() {
    clock = new TestClock(at(TODAY, 20, 0).toInstant());
    server =
        TestServer.start(
            "closure",
            Map.of("availability.defaultWeekly", List.of("MONDAY-FRIDAY 07:00-16:00")),
            clock);
    JsonObject org = Orgs.small();
    for (String p :
        new String[] {
          "morning",
          "afternoon",
          "next-day",
          "other-desk",
          "hubadmin",
          "otheradmin",
          "desk-user",
          "booth-user"
        }) {
      org.getJsonArray("employees").add(Orgs.employee(p, "Person " + p, "WARD-A"));
    }
    server.importOrganisation(org);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aClosureCancelsExactlyTheOverlappingBookingsAndTellsTheirBookers() {
    Api admin = server.as("admin");
    JsonArray weekdays = new JsonArray();
    for (String d : new String[] {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"}) {
      weekdays.add(new JsonObject().put("day", d).put("start", "07:00").put("end", "18:00"));
    }
    String hubId = HubFixture.hub(admin, "Arbetshubb Stängd", weekdays, null).getString("id");
    String otherHub = HubFixture.hub(admin, "Arbetshubb Annan", weekdays, null).getString("id");
    HubFixture.admin(admin, hubId, HubFixture.id(server.as("hubadmin")));
    HubFixture.admin(admin, otherHub, HubFixture.id(server.as("otheradmin")));
    Api hubAdmin = server.as("hubadmin");
    String desk1 = HubFixture.resource(hubAdmin, hubId, "DESK", "Skrivbord 1");
    String desk2 = HubFixture.resource(hubAdmin, hubId, "DESK", "Skrivbord 2");

    String morning =
        book(server.as("morning"), desk1, at(THURSDAY, 8, 0), at(THURSDAY, 12, 0))
            .json()
            .getString("id");
    String afternoon =
        book(server.as("afternoon"), desk1, at(THURSDAY, 13, 0), at(THURSDAY, 17, 0))
            .json()
            .getString("id");
    String nextDay =
        book(
                server.as("next-day"),
                desk1,
                at(THURSDAY.plusDays(1), 8, 0),
                at(THURSDAY.plusDays(1), 12, 0))
            .json()
            .getString("id");
    String otherDesk =
        book(server.as("other-desk"), desk2, at(THURSDAY, 8, 0), at(THURSDAY, 12, 0))
            .json()
            .getString("id");

    // Desk 1 closed Thursday 10:00-14:00: the morning and the afternoon overlap, the next day and
    // desk 2 do not.
    JsonObject closure =
        new JsonObject()
            .put("resourceId", desk1)
            .put("reason", "Ny dockningsstation monteras")
            .put("start", Times.format(at(THURSDAY, 10, 0).toOffsetDateTime()))
            .put("end", Times.format(at(THURSDAY, 14, 0).toOffsetDateTime()));
    assertEquals(
        403, server.as("otheradmin").post("/api/v1/hubs/" + hubId + "/closures", closure).status());
    assertEquals(
        403, server.as("morning").post("/api/v1/hubs/" + hubId + "/closures", closure).status());
    Api.Response created = hubAdmin.post("/api/v1/hubs/" + hubId + "/closures", closure);
    assertEquals(201, created.status(), created.text());
    assertEquals(2, created.json().getInteger("cancelledBookings"));

    Set<String> cancelled = new HashSet<>();
    for (String id : List.of(morning, afternoon, nextDay, otherDesk)) {
      JsonObject b = hubAdmin.get("/api/v1/bookings/" + id).json();
      if ("CANCELLED".equals(b.getString("status"))) {
        cancelled.add(id);
        assertEquals("Ny dockningsstation monteras", b.getString("cancelReason"));
        assertEquals(true, b.getBoolean("cancelledByHub"));
      }
    }
    assertEquals(Set.of(morning, afternoon), cancelled);

    // The bookers are told in their inbox; at 20:00 they are off, so the push waits until 07:00.
    for (String who : List.of("morning", "afternoon")) {
      JsonArray inbox = server.as(who).get("/api/v1/me/inbox").items();
      assertEquals(1, inbox.size(), who + ": " + inbox.encode());
      JsonObject notice = inbox.getJsonObject(0);
      assertEquals("Din bokning är avbokad", notice.getString("title"));
      assertTrue(
          notice.getString("body").contains("Skrivbord 1, Arbetshubb Stängd, torsdag 3 december"),
          notice.getString("body"));
      assertEquals(TODAY.plusDays(1) + "T06:00:00Z", notice.getString("heldUntil"));
      assertTrue(notice.getString("heldNote").contains("07:00"), notice.getString("heldNote"));
    }
    assertEquals(0, server.as("next-day").get("/api/v1/me/inbox").items().size());
    assertEquals(0, server.as("other-desk").get("/api/v1/me/inbox").items().size());

    // Outside opening hours (weekdays 07-18) is refused with the hours named.
    JsonObject evening =
        book(server.as("next-day"), desk2, at(THURSDAY, 17, 0), at(THURSDAY, 19, 0)).problem(422);
    assertEquals("urn:tjanstemobil:problem:hub-closed", evening.getString("type"));
    assertEquals(
        "Arbetshubb Stängd har öppet torsdag 3 december kl. 07:00–18:00; bokningen måste rymmas"
            + " inom öppettiderna",
        evening.getString("detail"));
    assertEquals(
        "urn:tjanstemobil:problem:hub-closed",
        book(
                server.as("next-day"),
                desk2,
                at(THURSDAY.plusDays(2), 9, 0),
                at(THURSDAY.plusDays(2), 10, 0))
            .problem(422)
            .getString("type"));
    // Booking into the closure is refused with the rule named; the closure is listed for everyone.
    JsonObject refused =
        book(server.as("next-day"), desk1, at(THURSDAY, 11, 0), at(THURSDAY, 12, 0)).problem(422);
    assertEquals("urn:tjanstemobil:problem:closure", refused.getString("type"));
    assertEquals(
        "Arbetshubb Stängd är stängt torsdag 3 december kl. 10:00–14:00: Ny dockningsstation"
            + " monteras",
        refused.getString("detail"));
    JsonArray listed = server.as("morning").get("/api/v1/hubs/" + hubId + "/closures").items();
    assertEquals(1, listed.size());
    assertEquals(
        "Skrivbord 1", listed.getJsonObject(0).getJsonObject("resource").getString("name"));

    // The day view shows the cancelled ones with their reason, and the closure on desk 1.
    JsonObject dayView =
        hubAdmin.get("/api/v1/hubs/" + hubId + "/bookings?date=" + THURSDAY).json();
    assertEquals(3, dayView.getInteger("bookingCount"));
    JsonObject desk1View = dayView.getJsonArray("resources").getJsonObject(0);
    assertEquals(1, desk1View.getJsonArray("closed").size());
    assertEquals(
        403,
        server
            .as("otheradmin")
            .get("/api/v1/hubs/" + hubId + "/bookings?date=" + THURSDAY)
            .status());

    // Removing the closure lets people book again; cancelled bookings stay cancelled.
    String closureId = created.json().getString("id");
    assertEquals(
        403,
        server
            .as("otheradmin")
            .delete("/api/v1/hubs/" + hubId + "/closures/" + closureId)
            .status());
    assertEquals(204, hubAdmin.delete("/api/v1/hubs/" + hubId + "/closures/" + closureId).status());
    assertEquals(404, hubAdmin.delete("/api/v1/hubs/" + hubId + "/closures/" + closureId).status());
    assertEquals(
        "CANCELLED", hubAdmin.get("/api/v1/bookings/" + morning).json().getString("status"));
    assertEquals(
        201, book(server.as("next-day"), desk1, at(THURSDAY, 11, 0), at(THURSDAY, 12, 0)).status());
  }

  @Test
  void aWholeHubClosureCoversEveryResourceAndTheAuditLogKeepsIt() {
    Api admin = server.as("admin");
    String hubId =
        HubFixture.hub(admin, "Arbetshubb Vattenskada", HubFixture.alwaysOpen(), null)
            .getString("id");
    String desk = HubFixture.resource(admin, hubId, "DESK", "Skrivbord 1");
    String booth = HubFixture.resource(admin, hubId, "PHONE_BOOTH", "Telefonbås 1");
    LocalDate friday = THURSDAY.plusDays(1);
    String a =
        book(server.as("desk-user"), desk, at(friday, 13, 0), at(friday, 14, 0))
            .json()
            .getString("id");
    String b =
        book(server.as("booth-user"), booth, at(friday, 13, 0), at(friday, 14, 0))
            .json()
            .getString("id");
    Api.Response closed =
        admin.post(
            "/api/v1/hubs/" + hubId + "/closures",
            new JsonObject()
                .put("reason", "Vattenskada")
                .put("start", Times.format(at(friday, 0, 0).toOffsetDateTime()))
                .put("end", Times.format(at(friday.plusDays(1), 0, 0).toOffsetDateTime())));
    assertEquals(2, closed.json().getInteger("cancelledBookings"), closed.text());
    assertNull(closed.json().getJsonObject("resource"));
    assertEquals("CANCELLED", admin.get("/api/v1/bookings/" + a).json().getString("status"));
    assertEquals("CANCELLED", admin.get("/api/v1/bookings/" + b).json().getString("status"));
    assertEquals(
        1,
        server.count(
            "SELECT count(*) FROM audit_log WHERE action = 'HUB_CLOSED' AND object_id = '"
                + hubId
                + "'"));
    // Wrong order and a missing reason are the client's mistakes; nothing is stored.
    assertEquals(
        400,
        admin
            .post(
                "/api/v1/hubs/" + hubId + "/closures",
                new JsonObject()
                    .put("reason", "x")
                    .put("start", Times.format(at(friday, 12, 0).toOffsetDateTime()))
                    .put("end", Times.format(at(friday, 10, 0).toOffsetDateTime())))
            .status());
    assertEquals(
        400,
        admin
            .post(
                "/api/v1/hubs/" + hubId + "/closures",
                new JsonObject()
                    .put("start", Times.format(at(friday, 10, 0).toOffsetDateTime()))
                    .put("end", Times.format(at(friday, 12, 0).toOffsetDateTime())))
            .status());
    assertEquals(1, server.count("SELECT count(*) FROM closures WHERE hub_id = '" + hubId + "'"));
  }
}
