package se.tjanstemobil.agreements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.LocalDate;
import java.util.List;
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
 * Who decides (the nearest manager up the tree, never the employee), renewal, the reminder before
 * an agreement ends (once, whatever the number of sweeps), HR's overview, and agreements following
 * their employee when the HR import moves them or ends their employment.
 */
class AgreementFollowUpTest {

  private static TestServer server;
  private static TestClock clock;

  @BeforeAll
  static void start() {
    clock = new TestClock(HubFixture.at(LocalDate.of(2026, 12, 1), 10, 0).toInstant());
    server = TestServer.start("agreement_follow_up", Map.of(), clock);
    JsonObject org = Orgs.small();
    org.getJsonArray("units").add(Orgs.unit("WARD-C", "Avdelning C", "DEP"));
    org.getJsonArray("employees")
        .add(Orgs.employee("clerk-c", "Cilla Clerk", "WARD-C"))
        .add(Orgs.employee("mover", "Mona Mover", "WARD-A"))
        .add(Orgs.employee("leaver", "Leo Leaver", "WARD-A"));
    server.importOrganisation(org);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static long titled(String who, String title) {
    return server.as(who).get("/api/v1/me/inbox").items().stream()
        .filter(e -> title.equals(((JsonObject) e).getString("title")))
        .count();
  }

  @Test
  void theNearestManagerAboveDecidesNeverTheEmployee() {
    // Avdelning C has no manager: the department head above it decides.
    String clerk = AgreementFixture.submitted(server.as("clerk-c"), "2027-01-01", "2027-03-31");
    assertEquals(
        "Doris Head",
        server
            .as("clerk-c")
            .get("/api/v1/me/remote-agreements/" + clerk)
            .json()
            .getJsonObject("approver")
            .getString("name"));
    // A manager's own agreement goes to the manager above them; they cannot approve it themselves.
    String own = AgreementFixture.submitted(server.as("manager-a"), "2027-01-01", "2027-03-31");
    assertEquals(
        "Doris Head",
        server
            .as("manager-a")
            .get("/api/v1/me/remote-agreements/" + own)
            .json()
            .getJsonObject("approver")
            .getString("name"));
    assertEquals(
        403,
        server
            .as("manager-a")
            .post("/api/v1/remote-agreements/" + own + "/approve", new JsonObject())
            .status());
    // Nobody above the region's top unit: nobody to decide.
    Api admin = server.as("admin");
    String draft =
        admin
            .post(
                "/api/v1/me/remote-agreements", AgreementFixture.terms("2027-01-01", "2027-03-31"))
            .json()
            .getString("id");
    assertEquals(
        "urn:tjanstemobil:problem:no-approver",
        admin
            .post("/api/v1/me/remote-agreements/" + draft + "/submit", new JsonObject())
            .problem(422)
            .getString("type"));
    assertEquals(
        "DRAFT", admin.get("/api/v1/me/remote-agreements/" + draft).json().getString("status"));
  }

  @Test
  void renewalRemindersAndTheOverview() {
    Api clerk = server.as("clerk-c");
    Api head = server.as("head");
    String id = AgreementFixture.submitted(clerk, "2027-04-01", "2027-06-30");
    assertEquals(
        200, head.post("/api/v1/remote-agreements/" + id + "/approve", new JsonObject()).status());

    // Renewal: a draft from the day after, as long, the checklist to confirm anew.
    Api.Response renewed =
        clerk.post("/api/v1/me/remote-agreements/" + id + "/renew", new JsonObject());
    assertEquals(201, renewed.status(), renewed.text());
    JsonObject next = renewed.json();
    assertEquals("DRAFT", next.getString("status"));
    assertEquals("2027-07-01", next.getString("validFrom"));
    // As long: 91 days, 1 April-30 June then 1 July-29 September.
    assertEquals("2027-09-29", next.getString("validTo"));
    assertEquals(id, next.getString("renewalOf"));
    assertTrue(
        next.getJsonArray("policyViolations").stream()
            .anyMatch(v -> "checklist-incomplete".equals(((JsonObject) v).getString("rule"))));

    // HR's overview today: one waiting in Avdelning B, nothing in force yet.
    AgreementFixture.submitted(server.as("nurse-b"), "2027-02-01", "2027-03-31");
    Api hr = server.as("hr");
    JsonObject overview = hr.get("/api/v1/reports/remote-agreements").json();
    JsonObject wardB =
        overview.getJsonArray("rows").stream()
            .map(JsonObject.class::cast)
            .filter(r -> "Avdelning B".equals(r.getJsonObject("unit").getString("name")))
            .findFirst()
            .orElseThrow();
    assertEquals(1, wardB.getLong("pending"), overview.encode());
    assertEquals(0, wardB.getLong("active"));
    assertEquals(403, clerk.get("/api/v1/reports/remote-agreements").status());

    // 31 May: the agreement ends within 30 days; both parties are reminded, once.
    clock.set(HubFixture.at(LocalDate.of(2027, 5, 31), 10, 0).toInstant());
    try {
      server.runJob("agreement-reminders");
      assertEquals(1, titled("clerk-c", "Överenskommelse om distansarbete löper ut"));
      assertEquals(1, titled("head", "Överenskommelse om distansarbete löper ut"));
      // The next day's runs remind nobody again.
      clock.set(HubFixture.at(LocalDate.of(2027, 6, 1), 10, 0).toInstant());
      server.runJob("agreement-reminders");
      server.runJob("agreement-reminders");
      assertEquals(1, titled("head", "Överenskommelse om distansarbete löper ut"));
      assertEquals(1, titled("clerk-c", "Överenskommelse om distansarbete löper ut"));
      JsonObject inForce = hr.get("/api/v1/reports/remote-agreements").json();
      JsonObject row =
          inForce.getJsonArray("rows").stream()
              .map(JsonObject.class::cast)
              .filter(r -> "Avdelning C".equals(r.getJsonObject("unit").getString("name")))
              .findFirst()
              .orElseThrow();
      assertEquals(1, row.getLong("active"));
      assertEquals(1, row.getLong("expiringIn30Days"));
      String csv =
          hr.send(
                  hr.builder("/api/v1/reports/remote-agreements")
                      .header("Accept", "text/csv")
                      .GET())
              .text();
      assertTrue(
          csv.startsWith("Enhet,Gäller,Slutar inom 30 dagar,Godkända (ej börjat),Att besluta\r\n")
              && csv.contains("Avdelning C,1,1,0,0\r\n"),
          csv);
      // The department head sees it among the agreements of the units they manage.
      JsonObject list = head.get("/api/v1/remote-agreements?status=ACTIVE").json();
      assertTrue(
          list.getJsonArray("items").stream()
              .anyMatch(a -> id.equals(((JsonObject) a).getString("id"))));
    } finally {
      clock.set(HubFixture.at(LocalDate.of(2026, 12, 1), 10, 0).toInstant());
    }
  }

  @Test
  void aManagerRenewsAnAgreementOfTheirUnitAndTheEmployeeIsTold() {
    Api nurse = server.as("nurse-b");
    Api manager = server.as("manager-b");
    String id = AgreementFixture.submitted(nurse, "2027-10-01", "2027-12-31");
    String renew = "/api/v1/remote-agreements/" + id + "/renew";
    // Not yet approved: nothing to renew.
    assertEquals(
        "urn:tjanstemobil:problem:agreement-state",
        manager.post(renew, new JsonObject()).problem(409).getString("type"));
    assertEquals(
        200,
        manager.post("/api/v1/remote-agreements/" + id + "/approve", new JsonObject()).status());
    // Another unit's manager does not see it; HR follows up but does not renew; the employee
    // renews their own with /me.
    assertEquals(404, server.as("manager-a").post(renew, new JsonObject()).status());
    JsonObject hr = server.as("hr").post(renew, new JsonObject()).problem(403);
    assertEquals(
        "Bara en chef för Avdelning B förnyar en medarbetares överenskommelse; HR följer upp",
        hr.getString("detail"));
    assertEquals(403, nurse.post(renew, new JsonObject()).status());

    Api.Response renewed =
        manager.send(
            manager
                .builder(renew)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "renew-" + id)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertEquals(201, renewed.status(), renewed.text());
    JsonObject draft = renewed.json();
    assertEquals("DRAFT", draft.getString("status"));
    assertEquals(id, draft.getString("renewalOf"));
    assertEquals("2028-01-01", draft.getString("validFrom"));
    assertEquals("Nora Nurse", draft.getJsonObject("employee").getString("name"));
    assertEquals(
        "Bo Manager",
        draft.getJsonArray("history").getJsonObject(0).getJsonObject("by").getString("name"));
    // A retry with the same key answers the same draft; nothing is made twice.
    Api.Response again =
        manager.send(
            manager
                .builder(renew)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "renew-" + id)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertEquals(201, again.status(), again.text());
    assertEquals(draft.getString("id"), again.json().getString("id"));
    assertEquals(
        1,
        nurse.get("/api/v1/me/remote-agreements").items().stream()
            .filter(a -> id.equals(((JsonObject) a).getString("renewalOf")))
            .count());
    // The draft is the employee's, and they are told (once) to go through it.
    assertEquals(
        "DRAFT",
        nurse
            .get("/api/v1/me/remote-agreements/" + draft.getString("id"))
            .json()
            .getString("status"));
    List<JsonObject> told =
        nurse.get("/api/v1/me/inbox").items().stream()
            .map(JsonObject.class::cast)
            .filter(
                e ->
                    "Förslag att förnya din överenskommelse om distansarbete"
                        .equals(e.getString("title")))
            .toList();
    assertEquals(1, told.size());
    assertTrue(
        told.get(0)
            .getString("body")
            .startsWith(
                "Bo Manager föreslår att din överenskommelse om distansarbete förnyas för lördag 1"
                    + " januari 2028 – "),
        told.get(0).getString("body"));
    // Audited.
    JsonArray audit =
        server.as("admin").get("/api/v1/admin/audit?action=AGREEMENT_RENEWED").items();
    assertEquals(1, audit.size(), audit.encode());
    assertEquals("Bo Manager", audit.getJsonObject(0).getJsonObject("actor").getString("name"));
    assertEquals(id, audit.getJsonObject(0).getString("objectId"));
  }

  @Test
  void theOverviewCountsWhatTheListShows() {
    // Approved, beginning next summer: in the list as APPROVED, and so in the overview.
    String id = AgreementFixture.submitted(server.as("nurse-a"), "2027-08-02", "2027-10-29");
    assertEquals(
        200,
        server
            .as("manager-a")
            .post("/api/v1/remote-agreements/" + id + "/approve", new JsonObject())
            .status());
    Api hr = server.as("hr");
    JsonObject counts = hr.get("/api/v1/remote-agreements").json().getJsonObject("counts");
    JsonObject overview = hr.get("/api/v1/reports/remote-agreements").json();
    JsonObject totals = overview.getJsonObject("totals");
    assertTrue(counts.getLong("APPROVED") >= 1, counts.encode());
    assertEquals(counts.getLong("APPROVED"), totals.getLong("approved"), overview.encode());
    assertEquals(counts.getLong("ACTIVE"), totals.getLong("active"), overview.encode());
    assertEquals(counts.getLong("SUBMITTED"), totals.getLong("pending"), overview.encode());
    // Per unit too: Avdelning A's row holds it, and the rows add up to the totals.
    JsonObject wardA =
        overview.getJsonArray("rows").stream()
            .map(JsonObject.class::cast)
            .filter(r -> "Avdelning A".equals(r.getJsonObject("unit").getString("name")))
            .findFirst()
            .orElseThrow();
    assertTrue(wardA.getLong("approved") >= 1, overview.encode());
    for (String column : new String[] {"active", "expiringIn30Days", "approved", "pending"}) {
      assertEquals(
          totals.getLong(column),
          overview.getJsonArray("rows").stream()
              .mapToLong(r -> ((JsonObject) r).getLong(column))
              .sum(),
          column);
    }
  }

  @Test
  void agreementsFollowTheirEmployeeThroughTheImport() {
    String pending = AgreementFixture.submitted(server.as("mover"), "2027-01-01", "2027-03-31");
    String inForce = AgreementFixture.submitted(server.as("leaver"), "2026-12-01", "2027-05-31");
    assertEquals(
        200,
        server
            .as("manager-a")
            .post("/api/v1/remote-agreements/" + inForce + "/approve", new JsonObject())
            .status());
    String undecided = AgreementFixture.submitted(server.as("leaver"), "2027-06-01", "2027-08-31");
    assertEquals(
        "ACTIVE",
        server
            .as("leaver")
            .get("/api/v1/me/remote-agreements/" + inForce)
            .json()
            .getString("status"));

    JsonObject file =
        new JsonObject()
            .put(
                "employees",
                new JsonArray()
                    .add(Orgs.employee("mover", "Mona Mover", "WARD-B"))
                    .add(Orgs.employee("leaver", "Leo Leaver", "WARD-A").put("status", "LEFT")));
    Api.Response imported = server.as("admin").post("/api/v1/admin/org/import", file);
    assertEquals(200, imported.status(), imported.text());

    // The mover's pending agreement now waits for the new unit's manager, who is told.
    JsonObject moved = server.as("manager-b").get("/api/v1/remote-agreements/" + pending).json();
    assertEquals("Bo Manager", moved.getJsonObject("approver").getString("name"));
    assertEquals("Avdelning B", moved.getJsonObject("unit").getString("name"));
    assertEquals(
        1,
        server.as("manager-b").get("/api/v1/me/inbox").items().stream()
            .filter(e -> ((JsonObject) e).getString("body").startsWith("Mona Mover har bytt enhet"))
            .count());
    assertEquals(404, server.as("manager-a").get("/api/v1/remote-agreements/" + pending).status());
    // The leaver's agreement in force ends today.
    JsonObject ended = server.as("manager-a").get("/api/v1/remote-agreements/" + inForce).json();
    assertEquals("2026-12-01", ended.getJsonObject("termination").getString("endsOn"));
    // No sentence was stored for why: the reader is told in their language.
    assertEquals("Anställningen upphörde", ended.getJsonObject("termination").getString("reason"));
    assertEquals(
        200,
        server
            .as("manager-a")
            .put("/api/v1/me/preferences", new JsonObject().put("locale", "en"))
            .status());
    assertEquals(
        "Employment ended",
        server
            .as("manager-a")
            .get("/api/v1/remote-agreements/" + inForce)
            .json()
            .getJsonObject("termination")
            .getString("reason"));
    assertEquals(
        200,
        server
            .as("manager-a")
            .put("/api/v1/me/preferences", new JsonObject().put("locale", "sv"))
            .status());
    assertNull(ended.getString("managerComment"));
    assertEquals(
        new JsonObject().put("from", "APPROVED").put("to", "TERMINATED").putNull("comment"),
        lastStep(ended));
    // The leaver's undecided agreement is withdrawn; both steps are recorded, by the importer.
    JsonObject withdrawn =
        server.as("manager-a").get("/api/v1/remote-agreements/" + undecided).json();
    assertEquals("WITHDRAWN", withdrawn.getString("status"));
    assertEquals(
        new JsonObject().put("from", null).put("to", "WITHDRAWN").putNull("comment"),
        lastStep(withdrawn));
    String importer = server.as("admin").get("/api/v1/me").json().getString("id");
    for (JsonObject a : new JsonObject[] {ended, withdrawn}) {
      JsonArray history = a.getJsonArray("history");
      assertEquals(
          importer,
          history.getJsonObject(history.size() - 1).getJsonObject("by").getString("id"),
          history.encode());
    }
  }

  /** The last step of an agreement's history, without when and by whom. */
  private static JsonObject lastStep(JsonObject agreement) {
    JsonArray history = agreement.getJsonArray("history");
    JsonObject last = history.getJsonObject(history.size() - 1).copy();
    last.remove("at");
    last.remove("by");
    return last;
  }
}
