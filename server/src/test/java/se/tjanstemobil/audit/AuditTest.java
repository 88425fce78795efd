package se.tjanstemobil.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.tjanstemobil.support.Orgs.employee;
import static se.tjanstemobil.support.Orgs.grant;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/** GET /api/v1/admin/audit: who did what, newest first, for administrators only. */
class AuditTest {

  private static final String AUDIT = "/api/v1/admin/audit";

  private static TestServer server;
  private static Api admin;
  private static String adminId;

  @BeforeAll
  static void start() {
    server = TestServer.start("audit");
    server.importOrganisation(Orgs.small());
    admin = server.as("admin");
    adminId = admin.get("/api/v1/me").json().getString("id");
    // Some history made by the admin: grants, a move, a leaver.
    importAsAdmin(
        new JsonObject()
            .put(
                "employees",
                new JsonArray()
                    .add(employee("audit-1", "Alva Audit", "WARD-A"))
                    .add(employee("audit-2", "Axel Audit", "WARD-A")))
            .put(
                "roleGrants",
                new JsonArray()
                    .add(grant("audit-1", "COMMUNICATOR", null))
                    .add(grant("audit-2", "CRISIS_LEAD", null))));
    importAsAdmin(
        new JsonObject()
            .put("employees", new JsonArray().add(employee("audit-1", "Alva Audit", "WARD-B"))));
    importAsAdmin(
        new JsonObject()
            .put(
                "employees",
                new JsonArray()
                    .add(employee("audit-2", "Axel Audit", "WARD-A").put("status", "LEFT"))));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject importAsAdmin(JsonObject file) {
    Api.Response r = admin.post("/api/v1/admin/org/import", file);
    assertEquals(200, r.status(), r.text());
    return r.json();
  }

  private static JsonObject page(String query) {
    Api.Response r = admin.get(AUDIT + query);
    assertEquals(200, r.status(), r.text());
    return r.json();
  }

  private static List<JsonObject> entries(JsonObject page) {
    return page.getJsonArray("items").stream().map(JsonObject.class::cast).toList();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void onlyAnAdminMayReadIt() {
    server.as("hr").get(AUDIT).problem(403);
    server.as("head").get(AUDIT).problem(403);
    server.as("nurse-a").get(AUDIT).problem(403);
    JsonObject p = server.api.get(AUDIT).problem(401);
    assertFalse(p.encode().contains("ROLE_GRANTED"), p.encode());
    assertEquals(200, admin.get(AUDIT).status());
  }

  @Test
  void newestFirst() {
    List<JsonObject> all = entries(page("?limit=200"));
    assertEquals(server.count("SELECT count(*) FROM audit_log"), all.size());
    for (int i = 1; i < all.size(); i++) {
      long previous = Long.parseLong(all.get(i - 1).getString("id"));
      long current = Long.parseLong(all.get(i).getString("id"));
      assertTrue(
          previous > current, "not newest first at " + i + ": " + previous + " then " + current);
      assertFalse(
          OffsetDateTime.parse(all.get(i - 1).getString("at"))
              .isBefore(OffsetDateTime.parse(all.get(i).getString("at"))),
          "times go backwards at " + i);
    }

    // Something happens now: it is the first entry, with the admin named as the actor.
    importAsAdmin(
        new JsonObject()
            .put("employees", new JsonArray().add(employee("audit-new", "Nova New", "WARD-B"))));
    JsonObject newest = entries(page("?limit=1")).get(0);
    assertEquals("ORG_IMPORT", newest.getString("action"));
    assertEquals(
        new JsonObject().put("id", adminId).put("name", "Ada Admin"),
        newest.getJsonObject("actor"));
    assertEquals(
        1, newest.getJsonObject("details").getJsonObject("employees").getInteger("created"));
    assertTrue(Long.parseLong(newest.getString("id")) > Long.parseLong(all.get(0).getString("id")));
  }

  @Test
  void pagesFollowTheCursorWithoutOverlapUntilTheEnd() {
    List<String> expected =
        entries(page("?limit=200")).stream().map(e -> e.getString("id")).toList();
    assertTrue(
        expected.size() > 6, "the test needs several pages of history, has " + expected.size());

    List<String> walked = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject page = page("?limit=2" + (cursor == null ? "" : "&cursor=" + encode(cursor)));
      List<JsonObject> items = entries(page);
      assertTrue(items.size() <= 2, "page larger than the limit: " + items.size());
      for (JsonObject e : items) {
        assertTrue(seen.add(e.getString("id")), "entry " + e.getString("id") + " came twice");
        walked.add(e.getString("id"));
      }
      assertTrue(page.containsKey("nextCursor"), "nextCursor must always be present");
      cursor = page.getString("nextCursor");
      assertTrue(++pages <= expected.size() + 1, "the cursor never ends");
    } while (cursor != null);
    // Every entry, in order, exactly once (the tests of this class run one at a time; this one only
    // reads).
    assertEquals(expected, walked);
    assertTrue(
        pages <= expected.size() / 2 + 1, "pages of two, at most one of them short: " + pages);
  }

  @Test
  void filterByActionAndActor() {
    List<JsonObject> granted = entries(page("?action=ROLE_GRANTED&limit=200"));
    assertEquals(
        server.count("SELECT count(*) FROM audit_log WHERE action = 'ROLE_GRANTED'"),
        granted.size());
    assertTrue(
        granted.size() >= 7,
        "5 grants from the setup import and 2 by the admin, got " + granted.size());
    assertTrue(granted.stream().allMatch(e -> "ROLE_GRANTED".equals(e.getString("action"))));
    // The system's own import has no actor; the admin's has.
    assertTrue(granted.stream().anyMatch(e -> e.getValue("actor") == null));
    assertTrue(
        granted.stream()
            .anyMatch(
                e ->
                    e.getValue("actor") != null
                        && "audit-2".equals(e.getString("objectId"))
                        && "CRISIS_LEAD".equals(e.getJsonObject("details").getString("role"))));

    List<JsonObject> moved = entries(page("?action=EMPLOYEE_MOVED"));
    assertEquals(1, moved.size(), moved.toString());
    assertEquals("audit-1", moved.get(0).getJsonObject("details").getString("externalId"));

    List<JsonObject> left = entries(page("?action=EMPLOYEE_LEFT"));
    assertEquals(1, left.size(), left.toString());

    assertEquals(List.of(), entries(page("?action=NO_SUCH_ACTION")));
    assertNull(page("?action=NO_SUCH_ACTION").getValue("nextCursor"));

    List<JsonObject> byAdmin = entries(page("?actorId=" + adminId + "&limit=200"));
    assertFalse(byAdmin.isEmpty());
    assertTrue(
        byAdmin.stream().allMatch(e -> adminId.equals(e.getJsonObject("actor").getString("id"))));
    assertEquals(
        server.count("SELECT count(*) FROM audit_log WHERE actor_id = '" + adminId + "'"),
        byAdmin.size());

    // A filter and the cursor together: page through the grants one at a time.
    JsonObject first = page("?action=ROLE_GRANTED&limit=1");
    String next = first.getString("nextCursor");
    assertNotNull(next);
    List<JsonObject> second = entries(page("?action=ROLE_GRANTED&limit=1&cursor=" + encode(next)));
    assertEquals(granted.get(1).getString("id"), second.get(0).getString("id"));
  }

  @Test
  void aTimeWindowSelectsEntries() {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    String hourAgo = encode(now.minusHours(1).toString());
    String inAnHour = encode(now.plusHours(1).toString());
    int total = entries(page("?limit=200")).size();
    assertEquals(total, entries(page("?limit=200&from=" + hourAgo + "&to=" + inAnHour)).size());
    assertEquals(List.of(), entries(page("?from=" + inAnHour)));
    assertEquals(List.of(), entries(page("?to=" + hourAgo)));
    // An offset other than UTC means the same instant.
    String swedish =
        encode(now.plusHours(1).withOffsetSameInstant(ZoneOffset.ofHours(1)).toString());
    assertEquals(List.of(), entries(page("?from=" + swedish)));
  }

  @Test
  void fromAfterToIsA400() {
    JsonObject p =
        admin.get(AUDIT + "?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z").problem(400);
    assertEquals("to", p.getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(
        "måste vara efter from", p.getJsonArray("errors").getJsonObject(0).getString("message"));
    assertEquals("to: måste vara efter from", p.getString("detail"));
    // An administrator who reads English is told in English.
    server.sql("UPDATE employees SET locale = 'en' WHERE external_id = 'admin'");
    try {
      JsonObject en =
          admin.get(AUDIT + "?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z").problem(400);
      assertEquals("to: must be after from", en.getString("detail"));
      assertEquals("The request is not valid", en.getString("title"));
    } finally {
      server.sql("UPDATE employees SET locale = 'sv' WHERE external_id = 'admin'");
    }
    admin.get(AUDIT + "?from=2026-11-01T00:00:00Z&to=2026-11-01T00:00:00Z").problem(400);
    admin.get(AUDIT + "?from=yesterday").problem(400);
  }

  @Test
  void aCursorTheServerDidNotHandOutIsA400() {
    for (String garbage :
        List.of(
            "not-a-cursor!",
            "%%%",
            b64("not json at all"),
            b64("[1,2,3]"),
            b64("{\"id\":\"abc\"}"),
            b64("{\"id\":{\"nested\":true}}"),
            b64("{}"),
            "x".repeat(600))) {
      JsonObject p = admin.get(AUDIT + "?cursor=" + encode(garbage)).problem(400);
      assertEquals(
          "urn:tjanstemobil:problem:validation", p.getString("type"), garbage + ": " + p.encode());
      assertEquals(
          "cursor",
          p.getJsonArray("errors").getJsonObject(0).getString("field"),
          garbage + ": " + p.encode());
    }
    // A cursor that decodes but holds no position of this list.
    JsonObject p = admin.get(AUDIT + "?cursor=" + encode(b64("{\"id\":\"abc\"}"))).problem(400);
    assertEquals(
        "är inte en markör som den här servern har lämnat ut",
        p.getJsonArray("errors").getJsonObject(0).getString("message"));
  }

  @Test
  void filterValuesArriveAsSent() {
    // '+' and '%' are ordinary characters once percent-encoded; they must not be decoded twice.
    for (String action : List.of("A+B", "100%", "ROLE GRANTED", "%25")) {
      Api.Response r = admin.get(AUDIT + "?action=" + encode(action));
      assertEquals(200, r.status(), action + ": " + r.text());
      assertEquals(List.of(), entries(r.json()), action);
    }
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
