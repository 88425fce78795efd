package se.tjanstemobil.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestDatabase;
import se.tjanstemobil.support.TestServer;

/**
 * The work-phone register over HTTP against a real PostgreSQL: registering and refreshing, tokens
 * and phones changing hands, signing out, the admin register and retirement, and the drop of tokens
 * not seen for 270 days.
 */
class DevicesTest {

  private static final String MINE = "/api/v1/me/devices";
  private static final String REGISTER = "/api/v1/admin/devices";
  private static final String RFC3339 =
      "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)";

  private static TestServer server;
  private static Api admin;
  private static Api hr;
  private static Api head;
  private static Api managerA;
  private static Api managerB;
  private static Api nurseA;
  private static Api nurseB;

  @BeforeAll
  static void start() {
    server = TestServer.start("devices");
    JsonObject org = Orgs.small();
    org.getJsonArray("employees")
        .add(Orgs.employee("leaver", "Lea Leaver", "WARD-A"))
        .add(Orgs.employee("successor", "Sam Successor", "WARD-A"))
        .add(Orgs.employee("gone", "Gun Gone", "WARD-A").put("status", "LEFT"))
        .add(Orgs.employee("nurse-en", "Emily Nurse", "WARD-A").put("locale", "en"))
        .add(Orgs.employee("admin-en", "Alan Admin", "REG").put("locale", "en"));
    org.getJsonArray("roleGrants").add(Orgs.grant("admin-en", "ADMIN", null));
    server.importOrganisation(org);
    admin = server.as("admin");
    hr = server.as("hr");
    head = server.as("head");
    managerA = server.as("manager-a");
    managerB = server.as("manager-b");
    nurseA = server.as("nurse-a");
    nurseB = server.as("nurse-b");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // ---------------------------------------------------------------- helpers

  static JsonObject phone(String token) {
    return new JsonObject()
        .put("platform", "ANDROID")
        .put("pushToken", token)
        .put("appVersion", "1.0.0")
        .put("model", "Galaxy XCover 6");
  }

  static Api.Response put(Api who, String key, JsonObject body) {
    return who.put(MINE + "/" + key, body);
  }

  static JsonObject register(Api who, String key, String token) {
    Api.Response r = put(who, key, phone(token));
    assertTrue(r.status() == 200 || r.status() == 201, r.text());
    return r.json();
  }

  static Optional<JsonObject> mine(Api who, String key) {
    Api.Response r = who.get(MINE);
    assertEquals(200, r.status(), r.text());
    return r.items().stream()
        .map(JsonObject.class::cast)
        .filter(d -> key.equals(d.getString("deviceId")))
        .findFirst();
  }

  static String string(String sql) {
    try (Connection c = TestDatabase.jdbc(server.databaseUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static String employeeId(String externalId) {
    return string("SELECT id FROM employees WHERE external_id = '" + externalId + "'");
  }

  static String unitId(String externalId) {
    return string("SELECT id FROM units WHERE external_id = '" + externalId + "'");
  }

  /**
   * The department head schedules a message to one person an hour ahead: its pushes wait, PENDING.
   */
  static String scheduleFor(String externalId) {
    JsonObject draft =
        new JsonObject()
            .put("title", "Schema")
            .put("body", "Nytt schema")
            .put("category", "SCHEDULE")
            .put(
                "audience",
                new JsonObject().put("employees", new JsonArray().add(employeeId(externalId))))
            .put(
                "sendAt",
                Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString());
    Api.Response r = head.post("/api/v1/messages", draft);
    assertEquals(201, r.status(), r.text());
    return r.json().getString("id");
  }

  static String deliveryStatus(String messageId, String deviceRowId) {
    return string(
        "SELECT status FROM deliveries WHERE message_id = '"
            + messageId
            + "' AND device_id = '"
            + deviceRowId
            + "'");
  }

  static long devices() {
    return server.count("SELECT count(*) FROM devices");
  }

  static List<JsonObject> walk(Api who, String query, int limit) {
    List<JsonObject> all = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Api.Response r =
          who.get(
              REGISTER + "?limit=" + limit + query + (cursor == null ? "" : "&cursor=" + cursor));
      assertEquals(200, r.status(), r.text());
      assertTrue(r.items().size() <= limit);
      r.items().stream().map(JsonObject.class::cast).forEach(all::add);
      cursor = r.json().getString("nextCursor");
      assertTrue(++pages < 100, "paging does not end");
    } while (cursor != null);
    return all;
  }

  static long audits(String action, String deviceRowId) {
    return server.count(
        "SELECT count(*) FROM audit_log WHERE action = '"
            + action
            + "' AND object_id = '"
            + deviceRowId
            + "'");
  }

  /**
   * The newest audit entry of this action on this register entry, as the admin's audit log shows
   * it.
   */
  static JsonObject audit(String action, String deviceRowId) {
    Api.Response r = admin.get("/api/v1/admin/audit?action=" + action);
    assertEquals(200, r.status(), r.text());
    return r.items().stream()
        .map(JsonObject.class::cast)
        .filter(a -> deviceRowId.equals(a.getString("objectId")))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError("no " + action + " entry for " + deviceRowId + ": " + r.text()));
  }

  static List<String> keys(List<JsonObject> devices) {
    return devices.stream().map(d -> d.getString("deviceId")).toList();
  }

  // ---------------------------------------------------------------- the employee's own phones

  @Test
  void aPhoneIsRegisteredOnceAndThenRefreshed() {
    Api.Response first = put(nurseA, "nurse-a-phone-0001", phone("tok-first"));
    assertEquals(201, first.status(), first.text());
    JsonObject d = first.json();
    assertEquals("nurse-a-phone-0001", d.getString("deviceId"));
    assertEquals(employeeId("nurse-a"), d.getString("employeeId"));
    assertEquals("ACTIVE", d.getString("status"));
    assertTrue(d.getBoolean("pushEnabled"));
    assertFalse(d.getBoolean("stale"));
    assertEquals("1.0.0", d.getString("appVersion"));
    assertTrue(d.getString("registeredAt").matches(RFC3339), d.getString("registeredAt"));

    Api.Response again =
        put(
            nurseA,
            "nurse-a-phone-0001",
            new JsonObject()
                .put("platform", "ANDROID")
                .put("pushToken", "tok-second")
                .put("appVersion", "1.1.0")
                .put("model", "Galaxy XCover 7"));
    assertEquals(200, again.status(), again.text());
    JsonObject refreshed = again.json();
    assertEquals(d.getString("id"), refreshed.getString("id"), "the same register entry");
    assertEquals("1.1.0", refreshed.getString("appVersion"));
    assertEquals("Galaxy XCover 7", refreshed.getString("model"));
    assertEquals(d.getString("registeredAt"), refreshed.getString("registeredAt"));
    assertFalse(
        OffsetDateTime.parse(refreshed.getString("lastSeenAt"))
            .isBefore(OffsetDateTime.parse(d.getString("lastSeenAt"))));
    assertEquals(
        "tok-second",
        string("SELECT push_token FROM devices WHERE device_key = 'nurse-a-phone-0001'"),
        "pushes go to the new token");

    JsonObject listed = mine(nurseA, "nurse-a-phone-0001").orElseThrow();
    assertEquals("1.1.0", listed.getString("appVersion"));
    assertEquals("Galaxy XCover 7", listed.getString("model"));
    assertEquals(
        1,
        nurseA.get(MINE).items().stream()
            .map(JsonObject.class::cast)
            .filter(x -> x.getString("deviceId").equals("nurse-a-phone-0001"))
            .count());
    assertTrue(mine(nurseB, "nurse-a-phone-0001").isEmpty(), "another employee does not see it");

    // The same call a third time changes nothing but lastSeenAt.
    assertEquals(
        200,
        put(
                nurseA,
                "nurse-a-phone-0001",
                new JsonObject()
                    .put("platform", "ANDROID")
                    .put("pushToken", "tok-second")
                    .put("appVersion", "1.1.0")
                    .put("model", "Galaxy XCover 7"))
            .status());
    assertEquals(
        1, server.count("SELECT count(*) FROM devices WHERE device_key = 'nurse-a-phone-0001'"));
  }

  @Test
  void badRegistrationsAreA400AndWriteNothing() {
    long before = devices();
    for (String key :
        List.of(
            "abc", "short-1", "phone!!!!", "ph%C3%A5ne-123", "phone%20one-1", "a".repeat(129))) {
      JsonObject p = put(nurseA, key, phone("tok-bad-" + key.length())).problem(400);
      assertEquals("urn:tjanstemobil:problem:validation", p.getString("type"));
      assertEquals(
          "deviceId", p.getJsonArray("errors").getJsonObject(0).getString("field"), p.encode());
    }
    nurseA.delete(MINE + "/abc").problem(400);
    put(nurseA, "good-key-0001", new JsonObject().put("pushToken", "tok")).problem(400);
    put(nurseA, "good-key-0001", phone("tok").put("platform", "SYMBIAN")).problem(400);
    put(nurseA, "good-key-0001", phone("")).problem(400);
    put(nurseA, "good-key-0001", phone("tok").put("colour", "red")).problem(400);
    put(nurseA, "good-key-0001", phone("tok").put("model", "m".repeat(101))).problem(400);
    nurseA
        .raw("PUT", MINE + "/good-key-0001", "application/json", "{\"platform\": \"ANDROID\", ")
        .problem(400);
    assertEquals(before, devices(), "nothing was registered");
    assertTrue(mine(nurseA, "good-key-0001").isEmpty());
    // The longest allowed key works.
    assertEquals(201, put(nurseA, "k".repeat(128), phone("tok-long-key")).status());
  }

  @Test
  void aTokenTakenByAnotherPhoneLeavesTheOldOne() {
    JsonObject old = register(nurseA, "token-move-a-01", "tok-moving");
    assertTrue(old.getBoolean("pushEnabled"));
    JsonObject taker = register(nurseB, "token-move-b-01", "tok-moving");
    assertTrue(taker.getBoolean("pushEnabled"));

    JsonObject left = mine(nurseA, "token-move-a-01").orElseThrow();
    assertFalse(left.getBoolean("pushEnabled"), "the old phone lost the token");
    assertEquals("ACTIVE", left.getString("status"));
    assertEquals(1, server.count("SELECT count(*) FROM devices WHERE push_token = 'tok-moving'"));

    // A message to nurse A is not pushed to the phone that gave its token away.
    String message = scheduleFor("nurse-a");
    assertNull(deliveryStatus(message, old.getString("id")));
    assertNull(deliveryStatus(message, taker.getString("id")));

    // The old phone gets a fresh token the next time its app starts.
    assertTrue(register(nurseA, "token-move-a-01", "tok-fresh").getBoolean("pushEnabled"));
  }

  @Test
  void aPhoneHandedToAnotherEmployeeMovesWithItsToken() {
    JsonObject before = register(nurseA, "handover-phone-01", "tok-handover");
    String pending = scheduleFor("nurse-a");
    assertEquals("PENDING", deliveryStatus(pending, before.getString("id")));

    Api.Response taken = put(nurseB, "handover-phone-01", phone("tok-handover"));
    assertEquals(200, taken.status(), taken.text());
    assertEquals(before.getString("id"), taken.json().getString("id"));
    assertEquals(employeeId("nurse-b"), taken.json().getString("employeeId"));
    assertTrue(taken.json().getBoolean("pushEnabled"));

    assertTrue(mine(nurseA, "handover-phone-01").isEmpty(), "no longer nurse A's phone");
    assertEquals(
        employeeId("nurse-b"),
        mine(nurseB, "handover-phone-01").orElseThrow().getString("employeeId"));
    nurseA.delete(MINE + "/handover-phone-01").problem(404);
    // Nurse A's message, still waiting, must not pop up on the phone nurse B now carries.
    assertEquals("CANCELLED", deliveryStatus(pending, before.getString("id")));

    // Nurse B's own messages reach it.
    String hers = scheduleFor("nurse-b");
    assertEquals("PENDING", deliveryStatus(hers, before.getString("id")));

    JsonObject entry = audit("DEVICE_HANDED_OVER", before.getString("id"));
    assertEquals("Nora Nurse", entry.getJsonObject("actor").getString("name"));
    assertEquals("PUSH_TOKEN", entry.getJsonObject("details").getString("proof"));
    assertEquals(employeeId("nurse-a"), entry.getJsonObject("details").getString("fromEmployeeId"));
    assertEquals(employeeId("nurse-b"), entry.getJsonObject("details").getString("toEmployeeId"));
    assertEquals("handover-phone-01", entry.getJsonObject("details").getString("deviceId"));
  }

  @Test
  void aColleaguesPhoneIsNotTakenWithTheCallersOwnToken() {
    JsonObject victim = register(nurseA, "victim-phone-0001", "tok-victim");
    String pending = scheduleFor("nurse-a");
    assertEquals("PENDING", deliveryStatus(pending, victim.getString("id")));

    // The installation id is known (register, logs, URLs); the push token of the phone is not.
    JsonObject taken = put(nurseB, "victim-phone-0001", phone("tok-attacker")).problem(404);
    // The same answer as for a phone nurse B does not have: nothing says whose it is or in what
    // state.
    JsonObject unknown = nurseB.delete(MINE + "/no-such-phone-0001").problem(404);
    assertEquals(unknown.getString("type"), taken.getString("type"));
    assertEquals(unknown.getString("title"), taken.getString("title"));
    assertEquals(unknown.getString("detail"), taken.getString("detail"));

    // Nothing changed: the phone, its token and the pushes waiting for nurse A are as they were.
    JsonObject still = mine(nurseA, "victim-phone-0001").orElseThrow();
    assertEquals(employeeId("nurse-a"), still.getString("employeeId"));
    assertTrue(still.getBoolean("pushEnabled"));
    assertEquals(
        "tok-victim",
        string("SELECT push_token FROM devices WHERE device_key = 'victim-phone-0001'"));
    assertEquals("PENDING", deliveryStatus(pending, victim.getString("id")));
    assertTrue(mine(nurseB, "victim-phone-0001").isEmpty());
    assertNull(string("SELECT device_key FROM devices WHERE push_token = 'tok-attacker'"));
    assertEquals(0, audits("DEVICE_HANDED_OVER", victim.getString("id")));
    String later = scheduleFor("nurse-a");
    assertEquals(
        "PENDING",
        deliveryStatus(later, victim.getString("id")),
        "nurse A's next message still reaches her phone");

    // Neither does a retired phone of someone else's say that it exists.
    JsonObject lost = register(nurseA, "victim-lost-phone", "tok-victim-lost");
    assertEquals(
        200,
        admin
            .post(
                REGISTER + "/" + lost.getString("id") + "/retire",
                new JsonObject().put("reason", "LOST"))
            .status());
    put(nurseB, "victim-lost-phone", phone("tok-attacker")).problem(404);
    assertEquals(
        "urn:tjanstemobil:problem:device-retired",
        put(nurseA, "victim-lost-phone", phone("tok-victim-lost")).problem(409).getString("type"),
        "its own holder is told it was retired");
  }

  @Test
  void aSignedOutPhonePassesToWhoeverSignsInOnIt() {
    JsonObject d = register(managerA, "shared-ward-phone", "tok-shared-1");
    assertEquals(204, managerA.delete(MINE + "/shared-ward-phone").status());

    Api.Response next = put(nurseB, "shared-ward-phone", phone("tok-shared-2"));
    assertEquals(200, next.status(), next.text());
    assertEquals(d.getString("id"), next.json().getString("id"));
    assertEquals(employeeId("nurse-b"), next.json().getString("employeeId"));
    assertEquals("ACTIVE", next.json().getString("status"));
    assertTrue(next.json().getBoolean("pushEnabled"));
    JsonObject entry = audit("DEVICE_HANDED_OVER", d.getString("id"));
    assertEquals("SIGNED_OUT", entry.getJsonObject("details").getString("proof"));
    assertEquals(
        employeeId("manager-a"), entry.getJsonObject("details").getString("fromEmployeeId"));

    // Now it is nurse B's, signed in: the previous holder cannot take it back with a token of her
    // own.
    put(managerA, "shared-ward-phone", phone("tok-shared-3")).problem(404);
    assertEquals(
        employeeId("nurse-b"),
        mine(nurseB, "shared-ward-phone").orElseThrow().getString("employeeId"));
  }

  @Test
  void aLeaversPhonePassesToTheNextHolder() {
    JsonObject d = register(server.as("leaver"), "leaver-phone-0001", "tok-leaver");
    Api successor = server.as("successor");
    put(successor, "leaver-phone-0001", phone("tok-successor")).problem(404);

    server.importOrganisation(
        new JsonObject()
            .put(
                "employees",
                new JsonArray()
                    .add(Orgs.employee("leaver", "Lea Leaver", "WARD-A").put("status", "LEFT"))));
    Api.Response taken = put(successor, "leaver-phone-0001", phone("tok-successor"));
    assertEquals(200, taken.status(), taken.text());
    assertEquals(employeeId("successor"), taken.json().getString("employeeId"));
    assertEquals(
        "tok-successor",
        string("SELECT push_token FROM devices WHERE device_key = 'leaver-phone-0001'"));
    JsonObject entry = audit("DEVICE_HANDED_OVER", d.getString("id"));
    assertEquals("HOLDER_LEFT", entry.getJsonObject("details").getString("proof"));
    assertEquals(employeeId("leaver"), entry.getJsonObject("details").getString("fromEmployeeId"));
    assertEquals(employeeId("successor"), entry.getJsonObject("details").getString("toEmployeeId"));
  }

  @Test
  void anAdminReassignsAPhoneWhoseHolderForgotToSignOut() {
    JsonObject d = register(managerB, "forgotten-handover", "tok-forgotten");
    String id = d.getString("id");
    String pending = scheduleFor("manager-b");
    put(nurseA, "forgotten-handover", phone("tok-new-holder")).problem(404);

    String reassign = REGISTER + "/" + id + "/reassign";
    JsonObject toNurseA = new JsonObject().put("employeeId", employeeId("nurse-a"));
    long before = server.count("SELECT count(*) FROM audit_log");
    nurseA.post(reassign, toNurseA).problem(403);
    managerB.post(reassign, toNurseA).problem(403);
    admin.post(reassign, new JsonObject()).problem(400);
    admin.post(reassign, new JsonObject().put("employeeId", "nurse-a")).problem(400);
    assertEquals(
        "urn:tjanstemobil:problem:unknown-employee",
        admin
            .post(reassign, new JsonObject().put("employeeId", UUID.randomUUID().toString()))
            .problem(422)
            .getString("type"));
    assertEquals(
        "urn:tjanstemobil:problem:unknown-employee",
        admin
            .post(reassign, new JsonObject().put("employeeId", employeeId("gone")))
            .problem(422)
            .getString("type"),
        "not to someone who has left");
    admin.post(REGISTER + "/" + UUID.randomUUID() + "/reassign", toNurseA).problem(404);
    assertEquals(
        before, server.count("SELECT count(*) FROM audit_log"), "nothing refused was audited");
    assertEquals(
        employeeId("manager-b"),
        mine(managerB, "forgotten-handover").orElseThrow().getString("employeeId"));
    assertEquals("PENDING", deliveryStatus(pending, id));

    Api.Response moved = admin.post(reassign, toNurseA);
    assertEquals(200, moved.status(), moved.text());
    assertEquals(employeeId("nurse-a"), moved.json().getString("employeeId"));
    assertEquals("ACTIVE", moved.json().getString("status"));
    assertFalse(
        moved.json().getBoolean("pushEnabled"),
        "nothing is pushed to it before its new holder's app registers it");
    assertEquals("REASSIGNED", moved.json().getString("tokenDropped"));
    assertEquals(
        "CANCELLED",
        deliveryStatus(pending, id),
        "manager B's waiting message does not pop up on nurse A's phone");
    assertTrue(mine(managerB, "forgotten-handover").isEmpty());
    JsonObject entry = audit("DEVICE_REASSIGNED", id);
    assertEquals("Ada Admin", entry.getJsonObject("actor").getString("name"));
    assertEquals(
        employeeId("manager-b"), entry.getJsonObject("details").getString("fromEmployeeId"));
    assertEquals(employeeId("nurse-a"), entry.getJsonObject("details").getString("toEmployeeId"));

    // The new holder's app registers it as usual; the previous holder no longer can.
    Api.Response registered = put(nurseA, "forgotten-handover", phone("tok-new-holder"));
    assertEquals(200, registered.status(), registered.text());
    assertTrue(registered.json().getBoolean("pushEnabled"));
    assertNull(registered.json().getString("tokenDropped"));
    put(managerB, "forgotten-handover", phone("tok-forgotten")).problem(404);
    assertEquals("PENDING", deliveryStatus(scheduleFor("nurse-a"), id));

    // A retired phone back in use: reassigned, it can be registered again.
    JsonObject old = register(managerB, "returned-phone-01", "tok-returned");
    assertEquals(
        200,
        admin
            .post(
                REGISTER + "/" + old.getString("id") + "/retire",
                new JsonObject().put("reason", "RETURNED"))
            .status());
    Api.Response reissued =
        admin.post(
            REGISTER + "/" + old.getString("id") + "/reassign",
            new JsonObject().put("employeeId", employeeId("nurse-b")));
    assertEquals(200, reissued.status(), reissued.text());
    assertEquals("ACTIVE", reissued.json().getString("status"));
    assertNull(reissued.json().getString("retiredReason"));
    assertEquals(
        "RETIRED",
        audit("DEVICE_REASSIGNED", old.getString("id"))
            .getJsonObject("details")
            .getString("previousStatus"));
    assertEquals(200, put(nurseB, "returned-phone-01", phone("tok-reissued")).status());
  }

  @Test
  void signingOutStopsPushesToThePhone() {
    JsonObject d = register(nurseA, "signout-phone-01", "tok-signout");
    String pending = scheduleFor("nurse-a");
    assertEquals("PENDING", deliveryStatus(pending, d.getString("id")));

    nurseB.delete(MINE + "/signout-phone-01").problem(404);
    assertEquals(
        "ACTIVE",
        mine(nurseA, "signout-phone-01").orElseThrow().getString("status"),
        "someone else's sign-out changed nothing");
    nurseA.delete(MINE + "/no-such-phone-01").problem(404);

    Api.Response out = nurseA.delete(MINE + "/signout-phone-01");
    assertEquals(204, out.status(), out.text());
    JsonObject listed = mine(nurseA, "signout-phone-01").orElseThrow();
    assertEquals("SIGNED_OUT", listed.getString("status"));
    assertFalse(listed.getBoolean("pushEnabled"));
    assertEquals("CANCELLED", deliveryStatus(pending, d.getString("id")));
    assertEquals(
        204, nurseA.delete(MINE + "/signout-phone-01").status(), "signing out twice is fine");

    String later = scheduleFor("nurse-a");
    assertNull(deliveryStatus(later, d.getString("id")), "no new pushes to a signed-out phone");

    // Signing in again makes it active.
    Api.Response back = put(nurseA, "signout-phone-01", phone("tok-signout-2"));
    assertEquals(200, back.status(), back.text());
    assertEquals("ACTIVE", back.json().getString("status"));
    assertTrue(back.json().getBoolean("pushEnabled"));
  }

  // ---------------------------------------------------------------- the admin register

  @Test
  void theRegisterFiltersByStatusEmployeeAndStaleness() {
    String mb = employeeId("manager-b");
    register(managerB, "mb-active-phone-1", "tok-mb-1");
    register(managerB, "mb-signed-out-01", "tok-mb-2");
    assertEquals(204, managerB.delete(MINE + "/mb-signed-out-01").status());
    register(managerB, "mb-stale-phone-1", "tok-mb-3");
    server.sql(
        "UPDATE devices SET last_seen_at = now() - interval '40 days' WHERE device_key = 'mb-stale-phone-1'");

    nurseA.get(REGISTER).problem(403);
    hr.get(REGISTER).problem(403);
    managerB.get(REGISTER + "?employeeId=" + mb).problem(403);

    Api.Response hers = admin.get(REGISTER + "?employeeId=" + mb);
    assertEquals(200, hers.status(), hers.text());
    List<JsonObject> items = hers.items().stream().map(JsonObject.class::cast).toList();
    assertEquals(
        Set.of("mb-active-phone-1", "mb-signed-out-01", "mb-stale-phone-1"),
        new HashSet<>(keys(items)));
    assertTrue(
        items.stream()
            .allMatch(
                d ->
                    "manager-b".equals(d.getJsonObject("employee").getString("externalId"))
                        && "Bo Manager".equals(d.getJsonObject("employee").getString("name"))));
    assertEquals("mb-stale-phone-1", keys(items).get(2), "most recently seen first");

    assertEquals(
        List.of("mb-signed-out-01"),
        keys(
            admin.get(REGISTER + "?employeeId=" + mb + "&status=SIGNED_OUT").items().stream()
                .map(JsonObject.class::cast)
                .toList()));
    List<JsonObject> stale =
        admin.get(REGISTER + "?employeeId=" + mb + "&stale=true").items().stream()
            .map(JsonObject.class::cast)
            .toList();
    assertEquals(List.of("mb-stale-phone-1"), keys(stale));
    assertTrue(stale.get(0).getBoolean("stale"));
    assertEquals(
        Set.of("mb-active-phone-1", "mb-signed-out-01"),
        new HashSet<>(
            keys(
                admin.get(REGISTER + "?employeeId=" + mb + "&stale=false").items().stream()
                    .map(JsonObject.class::cast)
                    .toList())));
    assertTrue(admin.get(REGISTER + "?employeeId=" + UUID.randomUUID()).items().isEmpty());

    List<JsonObject> active = walk(admin, "&status=ACTIVE", 200);
    assertTrue(active.stream().allMatch(d -> "ACTIVE".equals(d.getString("status"))));
    assertTrue(keys(active).contains("mb-active-phone-1"));
    assertFalse(keys(active).contains("mb-signed-out-01"));
    List<JsonObject> allStale = walk(admin, "&stale=true", 200);
    assertTrue(allStale.stream().allMatch(d -> d.getBoolean("stale")), "only stale phones");
    assertTrue(keys(allStale).contains("mb-stale-phone-1"));
    assertTrue(walk(admin, "&stale=false", 200).stream().noneMatch(d -> d.getBoolean("stale")));

    admin.get(REGISTER + "?status=LOST").problem(400);
    admin.get(REGISTER + "?employeeId=manager-b").problem(400);
    admin.get(REGISTER + "?cursor=bm9wZQ").problem(400);
  }

  @Test
  void theRegisterPagesThroughEveryPhoneOnce() {
    for (int i = 1; i <= 5; i++) {
      register(head, "head-phone-000" + i, "tok-head-" + i);
    }
    List<JsonObject> all = walk(admin, "", 200);
    assertTrue(all.size() >= 5);
    List<JsonObject> paged = walk(admin, "", 2);
    assertEquals(keys(all), keys(paged), "the same phones in the same order, a page at a time");
    assertEquals(paged.size(), new HashSet<>(keys(paged)).size(), "each phone once");
    for (int i = 1; i < paged.size(); i++) {
      assertFalse(
          OffsetDateTime.parse(paged.get(i).getString("lastSeenAt"))
              .isAfter(OffsetDateTime.parse(paged.get(i - 1).getString("lastSeenAt"))),
          "most recently seen first");
    }
    Api.Response first = admin.get(REGISTER + "?limit=2");
    assertEquals(2, first.items().size());
    assertNotNull(first.json().getString("nextCursor"));
  }

  @Test
  void anAdminRetiresALostPhone() {
    JsonObject d = register(nurseB, "nurse-b-lost-phone", "tok-lost");
    String id = d.getString("id");
    String pending = scheduleFor("nurse-b");
    assertEquals("PENDING", deliveryStatus(pending, id));

    nurseB
        .post(REGISTER + "/" + id + "/retire", new JsonObject().put("reason", "LOST"))
        .problem(403);
    head.post(REGISTER + "/" + id + "/retire", new JsonObject().put("reason", "LOST")).problem(403);
    long audits = server.count("SELECT count(*) FROM audit_log");
    JsonObject bad =
        admin
            .post(REGISTER + "/" + id + "/retire", new JsonObject().put("reason", "STOLEN"))
            .problem(400);
    assertEquals(
        "reason", bad.getJsonArray("errors").getJsonObject(0).getString("field"), bad.encode());
    admin.post(REGISTER + "/" + id + "/retire", new JsonObject()).problem(400);
    assertEquals("ACTIVE", mine(nurseB, "nurse-b-lost-phone").orElseThrow().getString("status"));
    assertEquals(audits, server.count("SELECT count(*) FROM audit_log"));

    Api.Response retired =
        admin.post(REGISTER + "/" + id + "/retire", new JsonObject().put("reason", "LOST"));
    assertEquals(200, retired.status(), retired.text());
    assertEquals("RETIRED", retired.json().getString("status"));
    assertEquals("LOST", retired.json().getString("retiredReason"));
    assertFalse(retired.json().getBoolean("pushEnabled"));
    assertEquals("CANCELLED", deliveryStatus(pending, id));
    JsonObject listed = mine(nurseB, "nurse-b-lost-phone").orElseThrow();
    assertEquals("RETIRED", listed.getString("status"));
    assertFalse(listed.getBoolean("pushEnabled"));

    Api.Response audit = admin.get("/api/v1/admin/audit?action=DEVICE_RETIRED");
    assertEquals(200, audit.status(), audit.text());
    JsonObject entry =
        audit.items().stream()
            .map(JsonObject.class::cast)
            .filter(a -> id.equals(a.getString("objectId")))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no audit entry for " + id + ": " + audit.text()));
    assertEquals("Ada Admin", entry.getJsonObject("actor").getString("name"));
    assertEquals("LOST", entry.getJsonObject("details").getString("reason"));
    assertEquals(employeeId("nurse-b"), entry.getJsonObject("details").getString("employeeId"));

    assertEquals(
        "urn:tjanstemobil:problem:device-already-retired",
        admin
            .post(REGISTER + "/" + id + "/retire", new JsonObject().put("reason", "BROKEN"))
            .problem(409)
            .getString("type"));
    assertEquals(
        "LOST", mine(nurseB, "nurse-b-lost-phone").orElseThrow().getString("retiredReason"));
    admin
        .post(
            REGISTER + "/" + UUID.randomUUID() + "/retire", new JsonObject().put("reason", "LOST"))
        .problem(404);

    // The thief, or a forgetful owner, cannot bring it back; to anyone else it is not there at all.
    JsonObject again = put(nurseB, "nurse-b-lost-phone", phone("tok-lost-2")).problem(409);
    assertEquals("urn:tjanstemobil:problem:device-retired", again.getString("type"));
    put(nurseA, "nurse-b-lost-phone", phone("tok-lost-3")).problem(404);
    assertEquals("RETIRED", mine(nurseB, "nurse-b-lost-phone").orElseThrow().getString("status"));
    assertNull(string("SELECT push_token FROM devices WHERE id = '" + id + "'"));

    String later = scheduleFor("nurse-b");
    assertNull(deliveryStatus(later, id), "no pushes to a retired phone");
  }

  @Test
  void refusalsAreWrittenInTheReadersLanguage() {
    JsonObject sv = nurseA.delete(MINE + "/not-a-phone-of-mine").problem(404);
    assertEquals("Hittades inte", sv.getString("title"));
    assertEquals("Du har ingen sådan telefon registrerad", sv.getString("detail"));
    Api english = server.as("nurse-en");
    JsonObject en = english.delete(MINE + "/not-a-phone-of-mine").problem(404);
    assertEquals("Not found", en.getString("title"));
    assertEquals("You have no such phone registered", en.getString("detail"));

    // A retired phone registered again: in the holder's language.
    String emily = register(english, "emily-lost-phone", "tok-emily-lost").getString("id");
    String nils = register(nurseA, "nils-broken-phone", "tok-nils-broken").getString("id");
    JsonObject lost = new JsonObject().put("reason", "LOST");
    assertEquals(200, admin.post(REGISTER + "/" + emily + "/retire", lost).status());
    assertEquals(200, admin.post(REGISTER + "/" + nils + "/retire", lost).status());
    JsonObject back = put(english, "emily-lost-phone", phone("tok-emily-lost")).problem(409);
    assertEquals("The phone is retired", back.getString("title"));
    assertEquals(
        "This phone was retired from the register; ask an administrator if it is back in use",
        back.getString("detail"));
    JsonObject tillbaka = put(nurseA, "nils-broken-phone", phone("tok-nils-broken")).problem(409);
    assertEquals("Telefonen är avregistrerad", tillbaka.getString("title"));
    assertEquals(
        "Telefonen är avregistrerad ur registret; fråga en administratör om den ska användas igen",
        tillbaka.getString("detail"));

    // The register's refusals: in the administrator's language.
    Api adminEn = server.as("admin-en");
    String retire = REGISTER + "/" + emily + "/retire";
    assertEquals(
        "Telefonen är redan avregistrerad",
        admin.post(retire, lost).problem(409).getString("detail"));
    assertEquals(
        "The phone is already retired",
        adminEn.post(retire, lost).problem(409).getString("detail"));
    JsonObject toNobody =
        new JsonObject().put("employeeId", "5e0c2d1a-7b3f-4c9e-8d2a-1f0e9c8b7a6d");
    String reassign = REGISTER + "/" + emily + "/reassign";
    assertEquals(
        "Medarbetaren finns inte eller har slutat",
        admin.post(reassign, toNobody).problem(422).getString("detail"));
    assertEquals(
        "The employee does not exist or has left",
        adminEn.post(reassign, toNobody).problem(422).getString("detail"));
    String nowhere = REGISTER + "/" + UUID.randomUUID() + "/retire";
    assertEquals(
        "Det finns ingen sådan telefon i registret",
        admin.post(nowhere, lost).problem(404).getString("detail"));
    assertEquals(
        "There is no such phone in the register",
        adminEn.post(nowhere, lost).problem(404).getString("detail"));
  }

  // ---------------------------------------------------------------- maintenance

  @Test
  void tokensNotSeenFor270DaysAreDropped() {
    JsonObject dead = register(managerA, "ma-forgotten-phone", "tok-271");
    JsonObject old = register(managerA, "ma-drawer-phone-1", "tok-200");
    server.sql(
        "UPDATE devices SET last_seen_at = now() - interval '271 days' WHERE device_key = 'ma-forgotten-phone'");
    server.sql(
        "UPDATE devices SET last_seen_at = now() - interval '200 days' WHERE device_key = 'ma-drawer-phone-1'");

    int dropped = TestServer.await(new DeviceMaintenance(server.app().pool()).dropStaleTokens());
    assertTrue(dropped >= 1, "dropped " + dropped);

    JsonObject gone = mine(managerA, "ma-forgotten-phone").orElseThrow();
    assertFalse(gone.getBoolean("pushEnabled"));
    assertEquals("STALE", gone.getString("tokenDropped"));
    assertTrue(gone.getBoolean("stale"));
    JsonObject kept = mine(managerA, "ma-drawer-phone-1").orElseThrow();
    assertTrue(kept.getBoolean("pushEnabled"));
    assertNull(kept.getString("tokenDropped"));

    // Running again finds nothing new to drop.
    assertEquals(
        0, (int) TestServer.await(new DeviceMaintenance(server.app().pool()).dropStaleTokens()));

    // A message reaches the 200-day-old phone but not the dead one.
    JsonObject draft =
        new JsonObject()
            .put("title", "Hej")
            .put("body", "Hej")
            .put("category", "INFO")
            .put(
                "audience",
                new JsonObject().put("employees", new JsonArray().add(employeeId("manager-a"))))
            .put(
                "sendAt",
                Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString());
    String message = head.post("/api/v1/messages", draft).json().getString("id");
    assertEquals("PENDING", deliveryStatus(message, old.getString("id")));
    assertNull(deliveryStatus(message, dead.getString("id")));

    // The app starting again on the forgotten phone brings it back.
    JsonObject back = register(managerA, "ma-forgotten-phone", "tok-271-new");
    assertTrue(back.getBoolean("pushEnabled"));
    assertNull(back.getString("tokenDropped"));
    assertFalse(back.getBoolean("stale"));
  }
}
