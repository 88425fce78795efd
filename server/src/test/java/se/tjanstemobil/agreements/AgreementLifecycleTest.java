package se.tjanstemobil.agreements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.tjanstemobil.agreements.AgreementFixture.patch;
import static se.tjanstemobil.agreements.AgreementFixture.terms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestClock;
import se.tjanstemobil.support.TestServer;

/**
 * An agreement's life over HTTP on a clock the test controls: a draft that breaks policy, fixed and
 * submitted to the nearest manager, decided, in force, ended early with notice, and filed as a PDF;
 * who may see and do what; and the database refusing two overlapping agreements approved at once.
 */
class AgreementLifecycleTest {

  private static TestServer server;
  private static TestClock clock;

  @BeforeAll
  static void start() {
    clock = new TestClock(HubFixture.at(LocalDate.of(2026, 12, 1), 10, 0).toInstant());
    server = TestServer.start("agreements", Map.of(), clock);
    JsonObject org = Orgs.small();
    // Names the HR system holds that Windows-1252 cannot write (Polish, Northern Sami, Czech,
    // Croatian).
    org.getJsonArray("units").add(Orgs.unit("SAMI", "Sámi giellaguovddáš – Ŋuorravuohta", "DEP"));
    org.getJsonArray("employees")
        .add(Orgs.employee("ailu", "Áilu Ŋuolja-Čáhppes", "SAMI"))
        .add(Orgs.employee("lukasz", "Łukasz Šimić", "SAMI"));
    org.getJsonArray("roleGrants").add(Orgs.grant("lukasz", "MANAGER", "SAMI"));
    server.importOrganisation(org);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonArray inbox(String who) {
    return server.as(who).get("/api/v1/me/inbox").items();
  }

  private static boolean told(String who, String title) {
    return inbox(who).stream().anyMatch(e -> title.equals(((JsonObject) e).getString("title")));
  }

  @Test
  void fromDraftThroughDecisionToTerminationAndTheDocument() throws Exception {
    Api nurse = server.as("nurse-a");
    Api manager = server.as("manager-a");
    String hubId =
        HubFixture.hub(server.as("admin"), "Arbetshubb Krokom", HubFixture.alwaysOpen(), null)
            .getString("id");

    // A draft may break policy; it says what would stop it.
    JsonObject tooMuch =
        terms("2027-01-01", "2027-06-30")
            .put(
                "weekdays",
                new JsonArray().add("MONDAY").add("TUESDAY").add("WEDNESDAY").add("THURSDAY"))
            .put("checklist", new JsonObject().put("workEnvironment", true));
    Api.Response created = nurse.post("/api/v1/me/remote-agreements", tooMuch);
    assertEquals(201, created.status(), created.text());
    String id = created.json().getString("id");
    assertEquals("DRAFT", created.json().getString("status"));
    List<String> rules =
        created.json().getJsonArray("policyViolations").stream()
            .map(v -> ((JsonObject) v).getString("rule"))
            .toList();
    assertEquals(List.of("too-many-remote-days", "checklist-incomplete"), rules);
    JsonObject refused =
        nurse.post("/api/v1/me/remote-agreements/" + id + "/submit", new JsonObject()).problem(422);
    assertEquals("urn:tjanstemobil:problem:agreement-policy", refused.getString("type"));
    assertEquals(2, refused.getJsonArray("violations").size());
    // Every rule in the reader's language: Swedish by default, English for one who reads English.
    assertEquals("Överenskommelsen följer inte reglerna", refused.getString("title"));
    assertEquals(
        "2 regler bryts, den första: 4 distansdagar; högst 3 i veckan",
        refused.getString("detail"));
    assertEquals(
        "Bekräfta informationssäkerheten, informationen om försäkring",
        refused.getJsonArray("violations").getJsonObject(1).getString("detail"));
    assertEquals(
        200, nurse.put("/api/v1/me/preferences", new JsonObject().put("locale", "en")).status());
    JsonObject inEnglish =
        nurse.post("/api/v1/me/remote-agreements/" + id + "/submit", new JsonObject()).problem(422);
    assertEquals(
        "2 rules are broken, the first: 4 remote weekdays; at most 3 a week",
        inEnglish.getString("detail"));
    assertEquals(
        "Confirm information security, the information on insurance",
        inEnglish.getJsonArray("violations").getJsonObject(1).getString("detail"));
    assertEquals(
        "Confirm information security, the information on insurance",
        nurse
            .get("/api/v1/me/remote-agreements/" + id)
            .json()
            .getJsonArray("policyViolations")
            .getJsonObject(1)
            .getString("detail"));
    assertEquals(
        200, nurse.put("/api/v1/me/preferences", new JsonObject().put("locale", "sv")).status());
    // Someone else's draft does not exist for them.
    assertEquals(404, server.as("nurse-b").get("/api/v1/me/remote-agreements/" + id).status());
    assertEquals(404, manager.get("/api/v1/remote-agreements/" + id).status());

    Api.Response fixed =
        patch(
            nurse,
            "/api/v1/me/remote-agreements/" + id,
            new JsonObject()
                .put("weekdays", new JsonArray().add("MONDAY").add("THURSDAY"))
                .put(
                    "places",
                    new JsonArray()
                        .add(new JsonObject().put("type", "HOME"))
                        .add(new JsonObject().put("type", "HUB").put("hubId", hubId)))
                .put(
                    "checklist",
                    new JsonObject().put("informationSecurity", true).put("insurance", true))
                .put("reviewDate", "2027-03-31"));
    assertEquals(200, fixed.status(), fixed.text());
    assertEquals(0, fixed.json().getJsonArray("policyViolations").size(), fixed.text());
    assertEquals(
        "Arbetshubb Krokom",
        fixed.json().getJsonArray("places").getJsonObject(1).getString("hubName"));

    Api.Response submitted =
        nurse.post(
            "/api/v1/me/remote-agreements/" + id + "/submit",
            new JsonObject().put("comment", "Som vi pratat om"));
    assertEquals("SUBMITTED", submitted.json().getString("status"), submitted.text());
    assertEquals("Maja Manager", submitted.json().getJsonObject("approver").getString("name"));
    assertTrue(told("manager-a", "Överenskommelse om distansarbete att besluta"));
    assertEquals(
        "urn:tjanstemobil:problem:agreement-state",
        patch(nurse, "/api/v1/me/remote-agreements/" + id, new JsonObject().put("tasks", "x"))
            .problem(409)
            .getString("type"));

    // Who may decide: the manager of the unit; not another unit's manager (it does not exist for
    // them), not the employee, not HR.
    assertEquals(
        404,
        server
            .as("manager-b")
            .post("/api/v1/remote-agreements/" + id + "/approve", new JsonObject())
            .status());
    assertEquals(
        403, nurse.post("/api/v1/remote-agreements/" + id + "/approve", new JsonObject()).status());
    assertEquals(
        403,
        server
            .as("hr")
            .post("/api/v1/remote-agreements/" + id + "/approve", new JsonObject())
            .status());
    assertEquals(
        400,
        manager.post("/api/v1/remote-agreements/" + id + "/reject", new JsonObject()).status());
    JsonObject pending = manager.get("/api/v1/remote-agreements?status=SUBMITTED").json();
    assertEquals(1, pending.getJsonArray("items").size());
    assertEquals(1, pending.getJsonObject("counts").getInteger("SUBMITTED"));
    assertEquals(
        0,
        server
            .as("manager-b")
            .get("/api/v1/remote-agreements")
            .json()
            .getJsonArray("items")
            .size());

    Api.Response approved =
        manager.post(
            "/api/v1/remote-agreements/" + id + "/approve",
            new JsonObject().put("comment", "Vi följer upp i mars."));
    assertEquals("APPROVED", approved.json().getString("status"), approved.text());
    assertTrue(
        inbox("nurse-a").stream()
            .map(JsonObject.class::cast)
            .anyMatch(
                e ->
                    "Din överenskommelse om distansarbete är godkänd".equals(e.getString("title"))
                        && ("Maja Manager godkände din överenskommelse för fredag 1 januari 2027"
                                + " – onsdag 30 juni 2027. Kommentar: Vi följer upp i mars.")
                            .equals(e.getString("body"))),
        inbox("nurse-a").encode());
    assertEquals(
        "urn:tjanstemobil:problem:agreement-state",
        nurse
            .post("/api/v1/me/remote-agreements/" + id + "/withdraw", new JsonObject())
            .problem(409)
            .getString("type"));
    assertEquals(
        409,
        manager
            .post(
                "/api/v1/remote-agreements/" + id + "/reject",
                new JsonObject().put("comment", "nej"))
            .status());

    // The document: the agreed facts, in Swedish for the employee, in English when the reader asks
    // for it.
    String sv = AgreementFixture.pdfText(nurse, "/api/v1/me/remote-agreements/" + id + "/document");
    for (String fact :
        List.of(
            "Överenskommelse om distansarbete",
            "Nils Nurse",
            "Avdelning A",
            "Maja Manager",
            "1 januari 2027 – 30 juni 2027",
            "godkänd, har inte börjat",
            "måndag, torsdag",
            "Arbetshubb Krokom",
            "Journalgranskning",
            "30 dagar",
            "Vi följer upp i mars.")) {
      assertTrue(sv.contains(fact), fact + " not in:\n" + sv);
    }
    assertEquals(
        200,
        server
            .as("manager-a")
            .put("/api/v1/me/preferences", new JsonObject().put("locale", "en"))
            .status());
    String en =
        AgreementFixture.pdfText(
            server.as("manager-a"), "/api/v1/remote-agreements/" + id + "/document");
    assertTrue(en.contains("Agreement on remote work") && en.contains("Monday, Thursday"), en);
    assertTrue(
        en.contains("1 January 2027 – 30 June 2027") && en.contains("approved, not yet"), en);
    assertEquals(
        404, server.as("manager-b").get("/api/v1/remote-agreements/" + id + "/document").status());

    // In force from its first day; ended early with the notice period honoured; the manager is
    // told.
    clock.set(HubFixture.at(LocalDate.of(2027, 2, 1), 10, 0).toInstant());
    assertEquals(
        "ACTIVE", nurse.get("/api/v1/me/remote-agreements/" + id).json().getString("status"));
    JsonObject early =
        nurse
            .post(
                "/api/v1/remote-agreements/" + id + "/terminate",
                new JsonObject().put("endDate", "2027-02-10").put("reason", "Ny tjänst"))
            .problem(422);
    assertEquals("urn:tjanstemobil:problem:notice-period", early.getString("type"));
    assertEquals("Uppsägningstiden är 30 dagar: tidigast onsdag 3 mars", early.getString("detail"));
    Api.Response ended =
        nurse.post(
            "/api/v1/remote-agreements/" + id + "/terminate",
            new JsonObject()
                .put("endDate", "2027-03-31")
                .put("reason", "Ny tjänst på avdelningen"));
    assertEquals(200, ended.status(), ended.text());
    assertEquals("ACTIVE", ended.json().getString("status"));
    assertEquals("2027-03-31", ended.json().getJsonObject("termination").getString("endsOn"));
    assertTrue(
        inbox("manager-a").stream()
            .map(JsonObject.class::cast)
            .anyMatch(
                e ->
                    "Remote-work agreement ended early".equals(e.getString("title"))
                        && ("Nils Nurse has ended the remote-work agreement of Nils Nurse. It is in"
                                + " force until Wednesday 31 March. Reason: Ny tjänst på"
                                + " avdelningen")
                            .equals(e.getString("body"))),
        inbox("manager-a").encode());
    clock.set(HubFixture.at(LocalDate.of(2027, 4, 1), 10, 0).toInstant());
    JsonObject after = nurse.get("/api/v1/me/remote-agreements/" + id).json();
    assertEquals("TERMINATED", after.getString("status"));
    assertEquals(
        List.of("DRAFT", "SUBMITTED", "APPROVED", "TERMINATED"),
        after.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("to")).toList());
    assertEquals(
        409,
        nurse.post("/api/v1/me/remote-agreements/" + id + "/renew", new JsonObject()).status());
    clock.set(HubFixture.at(LocalDate.of(2026, 12, 1), 10, 0).toInstant());
  }

  @Test
  void theDocumentPrintsEveryNameAsTheHrSystemHoldsIt() throws Exception {
    Api ailu = server.as("ailu");
    Api.Response draft =
        ailu.post(
            "/api/v1/me/remote-agreements",
            terms("2027-01-04", "2027-03-31")
                .put("tasks", "Čoahkkinčállosat ja ságastallamat, jorgalus Łódź–Tromsø")
                .put(
                    "places",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("type", "OTHER")
                                .put("description", "Goahti Ŋeaiden, Guovdageaidnu"))));
    assertEquals(201, draft.status(), draft.text());
    String id = draft.json().getString("id");
    Api.Response sent =
        ailu.post(
            "/api/v1/me/remote-agreements/" + id + "/submit",
            new JsonObject().put("comment", "Giitu, Łukasz!"));
    assertEquals(
        "Łukasz Šimić", sent.json().getJsonObject("approver").getString("name"), sent.text());
    Api lukasz = server.as("lukasz");
    Api.Response approved =
        lukasz.post(
            "/api/v1/remote-agreements/" + id + "/approve",
            new JsonObject().put("comment", "Šťastnou cestu, Áilu; ŋ ja č leat dál rievttes."));
    assertEquals("APPROVED", approved.json().getString("status"), approved.text());

    List<String> exact =
        List.of(
            "Áilu Ŋuolja-Čáhppes",
            "Sámi giellaguovddáš – Ŋuorravuohta",
            "Łukasz Šimić",
            "Čoahkkinčállosat ja ságastallamat, jorgalus Łódź–Tromsø",
            "Goahti Ŋeaiden, Guovdageaidnu",
            "Giitu, Łukasz!",
            "Šťastnou cestu, Áilu; ŋ ja č leat dál rievttes.");
    String sv = AgreementFixture.pdfText(ailu, "/api/v1/me/remote-agreements/" + id + "/document");
    String en = AgreementFixture.pdfText(lukasz, "/api/v1/remote-agreements/" + id + "/document");
    for (String text : List.of(sv, en)) {
      for (String name : exact) {
        assertTrue(text.contains(name), name + " not in:\n" + text);
      }
      assertTrue(!text.contains("?"), "nothing printed as '?':\n" + text);
    }
    assertTrue(sv.contains("Överenskommelse om distansarbete"), sv);
  }

  @Test
  void twoOverlappingAgreementsApprovedAtOnceLeaveOne() throws Exception {
    Api nurse = server.as("nurse-b");
    String first = AgreementFixture.submitted(nurse, "2027-01-01", "2027-03-31");
    String second = AgreementFixture.submitted(nurse, "2027-03-01", "2027-06-30");
    Api manager = server.as("manager-b");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Api.Response> a =
          pool.submit(
              () ->
                  manager.post(
                      "/api/v1/remote-agreements/" + first + "/approve", new JsonObject()));
      Future<Api.Response> b =
          pool.submit(
              () ->
                  manager.post(
                      "/api/v1/remote-agreements/" + second + "/approve", new JsonObject()));
      List<Integer> statuses = new ArrayList<>(List.of(a.get().status(), b.get().status()));
      statuses.sort(null);
      assertEquals(List.of(200, 409), statuses, a.get().text() + " " + b.get().text());
      Api.Response lost = a.get().status() == 409 ? a.get() : b.get();
      assertEquals(
          "urn:tjanstemobil:problem:agreement-overlaps", lost.problem(409).getString("type"));
    } finally {
      pool.shutdownNow();
    }
    assertEquals(
        1,
        server.count(
            "SELECT count(*) FROM remote_agreements a JOIN employees e ON e.id = a.employee_id "
                + "WHERE e.external_id = 'nurse-b' AND a.status = 'APPROVED'"));
  }

  @Test
  void aPatchTellsAFieldLeftOutFromAnEmptyListAndFromNull() {
    Api hr = server.as("hr");
    Api.Response created =
        hr.post(
            "/api/v1/me/remote-agreements",
            terms("2027-02-01", "2027-05-31")
                .put("reviewDate", "2027-03-15")
                .put("comment", "Gärna tisdagar"));
    assertEquals(201, created.status(), created.text());
    String path = "/api/v1/me/remote-agreements/" + created.json().getString("id");

    // Left out: unchanged, whatever else the patch changes (and so are checklist items left out).
    JsonObject same =
        patch(
                hr,
                path,
                new JsonObject()
                    .put("equipment", "Headset")
                    .put("checklist", new JsonObject().put("insurance", false)))
            .json();
    assertEquals(new JsonArray().add("MONDAY").add("THURSDAY"), same.getJsonArray("weekdays"));
    assertEquals(1, same.getJsonArray("places").size());
    assertEquals("Journalgranskning och uppföljning av avvikelser", same.getString("tasks"));
    assertEquals("2027-03-15", same.getString("reviewDate"));
    assertEquals("Gärna tisdagar", same.getString("employeeComment"));
    assertEquals(true, same.getJsonObject("checklist").getBoolean("workEnvironment"));
    assertEquals(false, same.getJsonObject("checklist").getBoolean("insurance"));

    // Null where the contract allows it clears the field: the comment too.
    JsonObject cleared =
        patch(hr, path, new JsonObject().putNull("comment").putNull("tasks").putNull("reviewDate"))
            .json();
    assertEquals(null, cleared.getValue("employeeComment"), cleared.encode());
    assertEquals(null, cleared.getValue("tasks"));
    assertEquals(null, cleared.getValue("reviewDate"));
    assertEquals("Headset", cleared.getString("equipment"));
    assertEquals(
        "Ny",
        patch(hr, path, new JsonObject().put("comment", "Ny")).json().getString("employeeComment"));
    assertEquals(
        null,
        patch(hr, path, new JsonObject().put("comment", "  ")).json().getValue("employeeComment"),
        "a blank comment is no comment");

    // Null where it does not: 400, and nothing changes.
    for (String field : new String[] {"weekdays", "places", "checklist", "validFrom"}) {
      JsonObject p = patch(hr, path, new JsonObject().putNull(field)).problem(400);
      assertEquals(field, p.getJsonArray("errors").getJsonObject(0).getString("field"), p.encode());
    }
    assertEquals(2, hr.get(path).json().getJsonArray("weekdays").size());

    // An empty list empties it; the other list stays.
    JsonObject noDays = patch(hr, path, new JsonObject().put("weekdays", new JsonArray())).json();
    assertEquals(new JsonArray(), noDays.getJsonArray("weekdays"));
    assertEquals(1, noDays.getJsonArray("places").size());
    JsonObject noPlaces =
        patch(hr, path, new JsonObject().put("places", new JsonArray()).put("sharePercent", 40))
            .json();
    assertEquals(new JsonArray(), noPlaces.getJsonArray("places"));
    assertEquals(new JsonArray(), noPlaces.getJsonArray("weekdays"));
    assertEquals(40, noPlaces.getInteger("sharePercent"));
  }

  @Test
  void badInputIsRefusedAndNothingIsStored() {
    Api nurse = server.as("head");
    long before = server.count("SELECT count(*) FROM remote_agreements");
    assertEquals(
        400,
        nurse.post("/api/v1/me/remote-agreements", terms("2027-06-30", "2027-01-01")).status());
    assertEquals(
        400,
        nurse
            .post(
                "/api/v1/me/remote-agreements",
                terms("2027-01-01", "2027-06-30")
                    .put("places", new JsonArray().add(new JsonObject().put("type", "OTHER"))))
            .status());
    assertEquals(
        400,
        nurse
            .post(
                "/api/v1/me/remote-agreements",
                terms("2027-01-01", "2027-06-30")
                    .put("places", new JsonArray().add(new JsonObject().put("type", "HUB"))))
            .status());
    assertEquals(
        "urn:tjanstemobil:problem:unknown-hub",
        nurse
            .post(
                "/api/v1/me/remote-agreements",
                terms("2027-01-01", "2027-06-30")
                    .put(
                        "places",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("type", "HUB")
                                    .put("hubId", "7b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b"))))
            .problem(422)
            .getString("type"));
    assertEquals(
        400,
        nurse
            .post(
                "/api/v1/me/remote-agreements",
                terms("2027-01-01", "2027-06-30").put("sharePercent", 150))
            .status());
    assertEquals(
        400,
        nurse
            .post(
                "/api/v1/me/remote-agreements",
                terms("2027-01-01", "2027-06-30").put("weekdays", "MONDAY"))
            .status());
    assertEquals(
        400,
        nurse
            .raw("POST", "/api/v1/me/remote-agreements", "application/json", "{\"validFrom\":")
            .status());
    assertEquals(
        404,
        nurse
            .post(
                "/api/v1/me/remote-agreements/7b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b/submit",
                new JsonObject())
            .status());
    assertEquals(before, server.count("SELECT count(*) FROM remote_agreements"));
  }
}
