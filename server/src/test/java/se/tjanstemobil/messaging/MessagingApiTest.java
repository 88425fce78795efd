package se.tjanstemobil.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.tjanstemobil.support.Orgs.employee;
import static se.tjanstemobil.support.Orgs.grant;
import static se.tjanstemobil.support.Orgs.unit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestClock;
import se.tjanstemobil.support.TestDatabase;
import se.tjanstemobil.support.TestServer;

/**
 * Sending, the inbox and the sender's follow-up over HTTP against a real PostgreSQL: who may reach
 * whom, what bad input gets, idempotent retries, read and acknowledge, reminders, cancelling and
 * scheduled sending. Pushes go through the logging gateway (no FCM configured).
 */
class MessagingApiTest {

  private static final String SEND = "/api/v1/messages";
  private static final String PREVIEW = "/api/v1/messages/preview";
  private static final String INBOX = "/api/v1/me/inbox";
  private static final String FORBIDDEN = "urn:tjanstemobil:problem:forbidden";
  private static final String RFC3339 =
      "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)";

  /**
   * The server's clock, an hour behind real time (the worker takes what is due by the database's
   * clock); tests move it instead of waiting.
   */
  private static TestClock clock;

  private static TestServer server;
  private static Api admin;
  private static Api hr;
  private static Api head;
  private static Api managerA;
  private static Api managerB;
  private static Api nurseA;
  private static Api nurseB;
  private static Api nurseB2;
  private static Api nurseB3;
  private static Api comm;
  private static Api crisis;
  private static Api reader;
  private static Api pager;

  private static String reg;
  private static String dep;
  private static String wardA;
  private static String wardB;
  private static String wardC;

  /**
   * Orgs.small() plus: an empty WARD-C whose only member has left, a communicator and a crisis lead
   * at the top, two more nurses in WARD-B, and two people at the top for inbox tests. Phones:
   * nurse-a two, nurse-b one, nurse-b2 one, nurse-b3 one active and one signed out.
   */
  @BeforeAll
  static void start() {
    clock = new TestClock(Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
    server = TestServer.start("messaging_api", Map.of(), clock);
    JsonObject org = Orgs.small();
    org.getJsonArray("units").add(unit("WARD-C", "Avdelning C", "DEP"));
    org.getJsonArray("employees")
        .add(employee("comm", "Cora Communicator", "REG"))
        .add(employee("crisis", "Krister Crisis", "REG"))
        .add(employee("nurse-b2", "Nina Nurse", "WARD-B"))
        .add(employee("nurse-b3", "Nova Nurse", "WARD-B"))
        .add(employee("reader", "Rut Reader", "REG"))
        .add(employee("pager", "Pelle Pager", "REG"))
        .add(employee("hubadmin", "Hilda Hubb", "REG"))
        .add(employee("gone", "Gunnar Gone", "WARD-C").put("status", "LEFT"));
    org.getJsonArray("roleGrants")
        .add(grant("comm", "COMMUNICATOR", null))
        .add(grant("crisis", "CRISIS_LEAD", null));
    JsonObject result = server.importOrganisation(org);
    assertTrue(result.getJsonArray("rejected").isEmpty(), result.encode());

    admin = server.as("admin");
    hr = server.as("hr");
    head = server.as("head");
    managerA = server.as("manager-a");
    managerB = server.as("manager-b");
    nurseA = server.as("nurse-a");
    nurseB = server.as("nurse-b");
    nurseB2 = server.as("nurse-b2");
    nurseB3 = server.as("nurse-b3");
    comm = server.as("comm");
    crisis = server.as("crisis");
    reader = server.as("reader");
    pager = server.as("pager");

    reg = unitId("REG");
    dep = unitId("DEP");
    wardA = unitId("WARD-A");
    wardB = unitId("WARD-B");
    wardC = unitId("WARD-C");

    register(nurseA, "nurse-a-phone-1", "tok-na-1");
    register(nurseA, "nurse-a-tablet-1", "tok-na-2");
    register(nurseB, "nurse-b-phone-1", "tok-nb-1");
    register(nurseB2, "nurse-b2-phone-1", "tok-nb2-1");
    register(nurseB3, "nurse-b3-phone-1", "tok-nb3-1");
    register(nurseB3, "nurse-b3-old-phone", "tok-nb3-old");
    assertEquals(204, nurseB3.delete("/api/v1/me/devices/nurse-b3-old-phone").status());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // ---------------------------------------------------------------- helpers

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

  static String string(String sql) {
    try (Connection c = TestDatabase.jdbc(server.databaseUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> strings(String sql) {
    try (Connection c = TestDatabase.jdbc(server.databaseUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static String unitId(String externalId) {
    return string("SELECT id FROM units WHERE external_id = '" + externalId + "'");
  }

  static String employeeId(String externalId) {
    return string("SELECT id FROM employees WHERE external_id = '" + externalId + "'");
  }

  static String deviceId(String deviceKey) {
    return string("SELECT id FROM devices WHERE device_key = '" + deviceKey + "'");
  }

  static JsonObject draft(String title, JsonObject audience) {
    return new JsonObject()
        .put("title", title)
        .put("body", "Text till " + title)
        .put("category", "INFO")
        .put("audience", audience);
  }

  static JsonObject units(String... ids) {
    JsonArray list = new JsonArray();
    for (String id : ids) {
      list.add(new JsonObject().put("id", id));
    }
    return new JsonObject().put("units", list);
  }

  static JsonObject unitWithSubunits(String id) {
    return new JsonObject()
        .put(
            "units",
            new JsonArray().add(new JsonObject().put("id", id).put("includeSubunits", true)));
  }

  static JsonObject employees(String... ids) {
    return new JsonObject().put("employees", new JsonArray(List.of((Object[]) ids)));
  }

  static JsonObject everyone() {
    return new JsonObject().put("everyone", true);
  }

  static JsonObject roles(String... roles) {
    return new JsonObject().put("roles", new JsonArray(List.of((Object[]) roles)));
  }

  /** Sends and expects 201; returns the answer. */
  static JsonObject send(Api who, JsonObject draft) {
    Api.Response r = who.post(SEND, draft);
    assertEquals(201, r.status(), r.text());
    return r.json();
  }

  static Api.Response sendWithKey(Api who, String key, JsonObject draft) {
    return who.send(
        who.builder(SEND)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(draft.encode())));
  }

  /** Row counts of everything a send writes. */
  static List<Long> rows() {
    return List.of(
        server.count("SELECT count(*) FROM messages"),
        server.count("SELECT count(*) FROM inbox_entries"),
        server.count("SELECT count(*) FROM deliveries"));
  }

  static Api.Response nothingWritten(Supplier<Api.Response> request) {
    List<Long> before = rows();
    Api.Response r = request.get();
    assertEquals(before, rows(), "a refused request must not write anything: " + r.text());
    return r;
  }

  static JsonObject refused(int status, Supplier<Api.Response> request) {
    return nothingWritten(request).problem(status);
  }

  static void assertField(JsonObject problem, String field) {
    JsonArray errors = problem.getJsonArray("errors");
    assertTrue(
        errors != null
            && errors.stream()
                .map(JsonObject.class::cast)
                .anyMatch(e -> field.equals(e.getString("field"))),
        "expected an error naming " + field + ": " + problem.encode());
  }

  static List<String> inboxIds(Api who) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      Api.Response r = who.get(INBOX + "?limit=200" + (cursor == null ? "" : "&cursor=" + cursor));
      assertEquals(200, r.status(), r.text());
      r.items().stream()
          .map(JsonObject.class::cast)
          .forEach(e -> ids.add(e.getString("messageId")));
      cursor = r.json().getString("nextCursor");
    } while (cursor != null);
    return ids;
  }

  static JsonObject inboxEntry(Api who, String messageId) {
    Api.Response r = who.get(INBOX + "?limit=200");
    assertEquals(200, r.status(), r.text());
    return r.items().stream()
        .map(JsonObject.class::cast)
        .filter(e -> messageId.equals(e.getString("messageId")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(messageId + " is not in the inbox: " + r.text()));
  }

  static long unreadCount(Api who) {
    Api.Response r = who.get(INBOX);
    assertEquals(200, r.status(), r.text());
    return r.json().getLong("unreadCount");
  }

  static Set<String> ids(JsonArray items, String field) {
    return items.stream()
        .map(JsonObject.class::cast)
        .map(
            o ->
                field.contains(".")
                    ? o.getJsonObject(field.substring(0, field.indexOf('.')))
                        .getString(field.substring(field.indexOf('.') + 1))
                    : o.getString(field))
        .collect(Collectors.toSet());
  }

  // ---------------------------------------------------------------- who may send to whom

  @Test
  void aWardManagerReachesOnlyTheirOwnWard() {
    JsonObject p = refused(403, () -> managerA.post(SEND, draft("Till B", units(wardB))));
    assertEquals(FORBIDDEN, p.getString("type"));
    assertEquals(
        "Du är inte chef för Avdelning B; chefer skickar till sina egna enheter",
        p.getString("detail"));
    // The preview gives the same answer.
    assertTrue(
        refused(403, () -> managerA.post(PREVIEW, draft("Till B", units(wardB))))
            .getString("detail")
            .contains("Avdelning B"));

    JsonObject person =
        refused(
            403, () -> managerA.post(SEND, draft("Till Nora", employees(employeeId("nurse-b")))));
    assertEquals(
        "Nora Nurse arbetar på Avdelning B, där du inte är chef", person.getString("detail"));
    refused(403, () -> managerA.post(SEND, draft("Till alla", everyone())));
    refused(403, () -> managerA.post(SEND, draft("Till alla chefer", roles("MANAGER"))));
    // The unit above them, with or without its subunits, is not theirs either.
    refused(403, () -> managerA.post(SEND, draft("Till DEP", unitWithSubunits(dep))));
    // One forbidden unit spoils the whole audience.
    refused(403, () -> managerA.post(SEND, draft("Till A och B", units(wardA, wardB))));

    JsonObject ok = send(managerA, draft("Till A", units(wardA)));
    assertEquals(2, ok.getInteger("recipients"));
    assertTrue(inboxIds(nurseA).contains(ok.getString("id")));
    assertFalse(inboxIds(nurseB).contains(ok.getString("id")));
  }

  @Test
  void aDepartmentHeadReachesTheSubunitsAndTheirPeople() {
    JsonObject wardOnly = send(head, draft("Till A med underenheter", unitWithSubunits(wardA)));
    assertEquals(2, wardOnly.getInteger("recipients")); // manager-a, nurse-a
    assertTrue(inboxIds(nurseA).contains(wardOnly.getString("id")));
    assertFalse(inboxIds(nurseB).contains(wardOnly.getString("id")));

    JsonObject whole = send(head, draft("Till hela DEP", unitWithSubunits(dep)));
    // head + (manager-a, nurse-a) + (manager-b, nurse-b, nurse-b2, nurse-b3); WARD-C's only member
    // has left.
    assertEquals(7, whole.getInteger("recipients"));
    assertTrue(inboxIds(nurseB3).contains(whole.getString("id")));
    assertTrue(inboxIds(head).contains(whole.getString("id")));
    assertFalse(inboxIds(hr).contains(whole.getString("id")));

    JsonObject depOnly = send(head, draft("Bara DEP", units(dep)));
    assertEquals(
        1, depOnly.getInteger("recipients"), "without includeSubunits only DEP's own members");

    JsonObject one = send(head, draft("Till Nora", employees(employeeId("nurse-b"))));
    assertEquals(1, one.getInteger("recipients"));
    assertTrue(inboxIds(nurseB).contains(one.getString("id")));

    refused(403, () -> head.post(SEND, draft("Till regionen", units(reg))));
    refused(403, () -> head.post(SEND, draft("Till HR", employees(employeeId("hr")))));
  }

  @Test
  void aNurseCannotSendAtAll() {
    assertEquals(
        FORBIDDEN,
        refused(403, () -> nurseA.post(SEND, draft("Hej", units(wardA)))).getString("type"));
    refused(403, () -> nurseA.post(PREVIEW, draft("Hej", units(wardA))));
    refused(403, () -> nurseA.post(SEND, draft("Hej", employees(employeeId("nurse-b")))));
    refused(
        403,
        () ->
            nurseA.post(
                SEND,
                draft("Brand", units(wardA))
                    .put("priority", "URGENT")
                    .put("urgentReason", "Brand på avdelningen")));
  }

  @Test
  void aCommunicatorReachesEveryoneAndRolesAndACrisisLeadMaySendUrgent() {
    long active = server.count("SELECT count(*) FROM employees WHERE status = 'ACTIVE'");
    JsonObject all = send(comm, draft("Till alla", everyone()));
    assertEquals(active, all.getLong("recipients"));
    assertEquals(
        active,
        server.count(
            "SELECT count(*) FROM inbox_entries WHERE message_id = '" + all.getString("id") + "'"));
    assertTrue(inboxIds(nurseB2).contains(all.getString("id")));
    assertTrue(inboxIds(admin).contains(all.getString("id")));

    JsonObject managers = send(comm, draft("Till chefer", roles("MANAGER")));
    assertEquals(3, managers.getInteger("recipients")); // head, manager-a, manager-b
    assertTrue(inboxIds(managerB).contains(managers.getString("id")));
    assertFalse(inboxIds(nurseA).contains(managers.getString("id")));

    JsonObject ward = send(comm, draft("Till B", units(wardB)));
    assertEquals(4, ward.getInteger("recipients"));

    // A communicator is not a crisis lead: no URGENT.
    refused(
        403,
        () ->
            comm.post(
                SEND,
                draft("Brand", everyone()).put("priority", "URGENT").put("urgentReason", "Brand")));
    JsonObject urgent =
        send(
            crisis,
            draft("Brand", everyone())
                .put("priority", "URGENT")
                .put("urgentReason", "Brand i hus 4"));
    assertEquals(active, urgent.getLong("recipients"));
    assertEquals("URGENT", inboxEntry(nurseA, urgent.getString("id")).getString("priority"));
    // A manager may send URGENT to their own unit.
    send(
        managerA,
        draft("Larm", units(wardA)).put("priority", "URGENT").put("urgentReason", "Vattenläcka"));
  }

  @Test
  void unknownOrEmptyAudiencesAreRefused() {
    String noUnit = UUID.randomUUID().toString();
    JsonObject p = refused(422, () -> comm.post(SEND, draft("X", units(noUnit))));
    assertEquals("urn:tjanstemobil:problem:unknown-unit", p.getString("type"));
    assertEquals("En av de valda enheterna finns inte", p.getString("detail"));
    // A manager naming a unit that does not exist learns it does not exist.
    assertEquals(
        "urn:tjanstemobil:problem:unknown-unit",
        refused(422, () -> head.post(SEND, draft("X", units(noUnit)))).getString("type"));

    String noOne = UUID.randomUUID().toString();
    JsonObject e = refused(422, () -> comm.post(SEND, draft("X", employees(noOne))));
    assertEquals("urn:tjanstemobil:problem:unknown-employee", e.getString("type"));
    assertEquals("En av de valda medarbetarna finns inte eller har slutat", e.getString("detail"));
    // Someone who has left is not someone to send to.
    assertEquals(
        "urn:tjanstemobil:problem:unknown-employee",
        refused(422, () -> comm.post(SEND, draft("X", employees(employeeId("gone")))))
            .getString("type"));

    // WARD-C exists, but its only member has left.
    assertEquals(
        "urn:tjanstemobil:problem:empty-audience",
        refused(422, () -> head.post(SEND, draft("Till C", units(wardC)))).getString("type"));
    assertEquals(
        "urn:tjanstemobil:problem:empty-audience",
        refused(422, () -> comm.post(SEND, draft("Hubbar", roles("HUB_ADMIN")))).getString("type"));

    JsonObject empty = refused(400, () -> comm.post(SEND, draft("X", new JsonObject())));
    assertField(empty, "audience");
    refused(
        400,
        () ->
            comm.post(
                SEND,
                draft("X", new JsonObject().put("units", new JsonArray()).put("everyone", false))));
  }

  // ---------------------------------------------------------------- bad input

  @Test
  void badInputIsA400AndWritesNothing() {
    JsonObject good = draft("Bra", units(wardB));
    assertEquals(200, comm.post(PREVIEW, good).status(), "the base draft is valid");

    JsonObject malformed =
        refused(400, () -> comm.raw("POST", SEND, "application/json", "{\"title\": \"Halv"));
    assertField(malformed, "body");

    assertField(refused(400, () -> comm.post(SEND, good.copy().put("title", 42))), "title");
    assertField(
        refused(400, () -> comm.post(SEND, good.copy().put("requiresAck", "ja"))), "requiresAck");
    assertField(
        refused(400, () -> comm.post(SEND, good.copy().put("category", "SKVALLER"))), "category");
    refused(400, () -> comm.post(SEND, good.copy().put("audience", "alla")));
    refused(
        400,
        () ->
            comm.post(
                SEND,
                draft(
                    "X",
                    new JsonObject()
                        .put(
                            "units",
                            new JsonArray().add(new JsonObject().put("id", "inte-ett-id"))))));
    refused(400, () -> comm.post(SEND, draft("X", new JsonObject().put("everyone", "yes"))));

    assertField(refused(400, () -> comm.post(SEND, good.copy().put("colour", "red"))), "colour");
    refused(
        400,
        () -> comm.post(SEND, draft("X", units(wardB).put("teams", new JsonArray().add("a")))));
    JsonObject missing = good.copy();
    missing.remove("body");
    assertField(refused(400, () -> comm.post(SEND, missing)), "body");

    assertField(
        refused(400, () -> comm.post(SEND, good.copy().put("title", "x".repeat(101)))), "title");
    assertEquals(
        200,
        comm.post(PREVIEW, good.copy().put("title", "x".repeat(100))).status(),
        "exactly 100 characters is allowed");
    assertField(refused(400, () -> comm.post(SEND, good.copy().put("title", "   \t  "))), "title");
    refused(400, () -> comm.post(SEND, good.copy().put("title", "")));
    refused(400, () -> comm.post(SEND, good.copy().put("body", "  \n ")));

    Instant now = clock.instant();
    JsonObject order =
        refused(
            400,
            () ->
                comm.post(
                    SEND,
                    good.copy()
                        .put("sendAt", now.plus(Duration.ofHours(2)).toString())
                        .put("expiresAt", now.plus(Duration.ofHours(1)).toString())));
    assertField(order, "expiresAt");
    assertField(
        refused(
            400,
            () ->
                comm.post(
                    SEND,
                    good.copy().put("expiresAt", now.minus(Duration.ofMinutes(1)).toString()))),
        "expiresAt");

    assertEquals(
        "urn:tjanstemobil:problem:send-at-in-the-past",
        refused(
                422,
                () ->
                    comm.post(
                        SEND, good.copy().put("sendAt", now.minus(Duration.ofDays(1)).toString())))
            .getString("type"));

    assertField(
        refused(400, () -> comm.post(SEND, good.copy().put("sendAt", "i morgon bitti"))), "sendAt");
    refused(400, () -> comm.post(SEND, good.copy().put("sendAt", "2026-13-45T99:00:00Z")));
    refused(400, () -> comm.post(PREVIEW, good.copy().put("sendAt", "i morgon bitti")));
    refused(400, () -> comm.post(SEND, good.copy().put("expiresAt", "snart")));
    // A time without an offset is not an instant: the client's mistake, never a 500.
    String noOffset = now.plus(Duration.ofDays(1)).toString().replace("Z", "");
    assertField(refused(400, () -> comm.post(SEND, good.copy().put("sendAt", noOffset))), "sendAt");
    assertField(
        refused(400, () -> comm.post(PREVIEW, good.copy().put("sendAt", noOffset))), "sendAt");
    assertField(
        refused(400, () -> comm.post(SEND, good.copy().put("expiresAt", noOffset))), "expiresAt");

    // An URGENT message without a written reason is an incomplete request (the field is named).
    assertField(
        refused(400, () -> managerB.post(SEND, good.copy().put("priority", "URGENT"))),
        "urgentReason");
    refused(400, () -> managerB.post(SEND, good.copy().put("priority", "BRÅDSKANDE")));
    refused(
        403,
        () ->
            nurseB.post(SEND, good.copy().put("priority", "URGENT").put("urgentReason", "Brand")));

    // A key too short to be unique is a bad request, not a silent duplicate risk.
    assertEquals(400, nothingWritten(() -> sendWithKey(comm, "abc", good)).status());
  }

  // ---------------------------------------------------------------- preview

  @Test
  void thePreviewShowsWhatTheSendThenDoesAndWritesNothing() {
    JsonObject d = draft("Förhandsvisning", units(wardB)).put("requiresAck", true);
    Api.Response preview = nothingWritten(() -> comm.post(PREVIEW, d));
    assertEquals(200, preview.status(), preview.text());
    JsonObject p = preview.json();
    assertEquals(4, p.getInteger("recipients")); // manager-b, nurse-b, nurse-b2, nurse-b3
    assertEquals(
        3,
        p.getInteger("devices")); // nurse-b3's signed-out phone does not count; manager-b has none
    assertEquals(1, p.getInteger("withoutPhone"), "manager-b has no phone: inbox only");
    assertEquals(0, p.getInteger("breakThroughs"));

    JsonObject sent = send(comm, d);
    assertEquals(p.getInteger("recipients"), sent.getInteger("recipients"));
    assertEquals(p.getInteger("devices"), sent.getInteger("devices"));
    assertEquals(p.getInteger("reachableNow"), sent.getInteger("reachableNow"));
    assertEquals(1, sent.getInteger("withoutPhone"));
    assertEquals(0, sent.getInteger("breakThroughs"));
    String id = sent.getString("id");
    assertEquals(
        4, server.count("SELECT count(*) FROM inbox_entries WHERE message_id = '" + id + "'"));
    assertEquals(
        3, server.count("SELECT count(*) FROM deliveries WHERE message_id = '" + id + "'"));
    assertEquals(
        0,
        server.count(
            "SELECT count(*) FROM deliveries d JOIN devices v ON v.id = d.device_id "
                + "WHERE d.message_id = '"
                + id
                + "' AND v.device_key = 'nurse-b3-old-phone'"));
  }

  // ---------------------------------------------------------------- idempotency

  @Test
  void theSameIdempotencyKeyAndBodySendOnce() {
    JsonObject d = draft("Idempotent", units(wardB));
    String key = "retry-" + UUID.randomUUID();
    Api.Response first = sendWithKey(comm, key, d);
    assertEquals(201, first.status(), first.text());
    Api.Response second = sendWithKey(comm, key, d);
    assertEquals(201, second.status(), second.text());
    String id = first.json().getString("id");
    assertEquals(id, second.json().getString("id"));
    assertEquals(first.json().getInteger("recipients"), second.json().getInteger("recipients"));
    assertEquals(first.json().getInteger("devices"), second.json().getInteger("devices"));
    assertEquals(1, first.json().getInteger("withoutPhone"), first.text());
    assertEquals(first.json().getInteger("withoutPhone"), second.json().getInteger("withoutPhone"));
    assertEquals(
        first.json().getInteger("breakThroughs"), second.json().getInteger("breakThroughs"));
    assertEquals(
        1, server.count("SELECT count(*) FROM messages WHERE idempotency_key = '" + key + "'"));
    assertEquals(1, inboxIds(nurseB).stream().filter(id::equals).count());

    JsonObject reused =
        refused(422, () -> sendWithKey(comm, key, draft("Något annat", units(wardB))));
    assertEquals("urn:tjanstemobil:problem:idempotency-key-reused", reused.getString("type"));

    // Without a key, two sends are two messages.
    String a = send(comm, d).getString("id");
    String b = send(comm, d).getString("id");
    assertFalse(a.equals(b));
  }

  @Test
  void concurrentRetriesWithOneKeySendOneMessage() throws Exception {
    JsonObject d = draft("Samtidigt", units(wardB)).put("requiresAck", true);
    String key = "burst-" + UUID.randomUUID();
    int n = 8;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Api.Response>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return sendWithKey(comm, key, d);
                }));
      }
      go.countDown();
      Set<String> ids = new HashSet<>();
      for (Future<Api.Response> f : futures) {
        Api.Response r = f.get(60, TimeUnit.SECONDS);
        assertEquals(201, r.status(), r.text());
        ids.add(r.json().getString("id"));
      }
      assertEquals(1, ids.size(), "every retry answers with the one message: " + ids);
      assertEquals(
          1, server.count("SELECT count(*) FROM messages WHERE idempotency_key = '" + key + "'"));
      String id = ids.iterator().next();
      assertEquals(
          4, server.count("SELECT count(*) FROM inbox_entries WHERE message_id = '" + id + "'"));
      assertEquals(
          3, server.count("SELECT count(*) FROM deliveries WHERE message_id = '" + id + "'"));
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- inbox

  @Test
  void onlyRecipientsSeeAMessageAndOnlyTheyMayReadIt() {
    String id =
        send(
                comm,
                draft("Bara till Nils", employees(employeeId("nurse-a"))).put("requiresAck", true))
            .getString("id");
    JsonObject entry = inboxEntry(nurseA, id);
    assertEquals("Bara till Nils", entry.getString("title"));
    assertEquals("Text till Bara till Nils", entry.getString("body"));
    assertEquals("Cora Communicator", entry.getJsonObject("sender").getString("name"));
    assertTrue(entry.getBoolean("requiresAck"));
    assertNull(entry.getString("readAt"));

    assertFalse(inboxIds(nurseB).contains(id));
    assertFalse(inboxIds(comm).contains(id), "the sender is not a recipient");
    assertEquals(
        "urn:tjanstemobil:problem:not-found",
        nurseB.post(INBOX + "/" + id + "/read", null).problem(404).getString("type"));
    nurseB.post(INBOX + "/" + id + "/ack", null).problem(404);
    nurseA.post(INBOX + "/" + UUID.randomUUID() + "/read", null).problem(404);
    nurseA.post(INBOX + "/" + UUID.randomUUID() + "/ack", null).problem(404);
    // Nurse B's attempts left Nils's entry untouched.
    assertNull(inboxEntry(nurseA, id).getString("readAt"));
    assertNull(inboxEntry(nurseA, id).getString("acknowledgedAt"));
    assertEquals(
        0,
        server.count(
            "SELECT count(*) FROM inbox_entries WHERE message_id = '"
                + id
                + "' AND (read_at IS NOT NULL OR acknowledged_at IS NOT NULL)"));
  }

  @Test
  void readAndAcknowledgeAreIdempotentAndCountedAsUnread() {
    long before = unreadCount(reader);
    String plain = send(comm, draft("Info", employees(employeeId("reader")))).getString("id");
    String ack =
        send(comm, draft("Kvittera", employees(employeeId("reader"))).put("requiresAck", true))
            .getString("id");
    assertEquals(before + 2, unreadCount(reader));
    Set<String> unread = ids(reader.get(INBOX + "?unread=true&limit=200").items(), "messageId");
    assertTrue(unread.containsAll(Set.of(plain, ack)));

    Api.Response read = reader.post(INBOX + "/" + plain + "/read", null);
    assertEquals(200, read.status(), read.text());
    String readAt = read.json().getString("readAt");
    assertNotNull(readAt);
    assertNull(read.json().getString("acknowledgedAt"));
    assertEquals(before + 1, unreadCount(reader));
    Set<String> stillUnread =
        ids(reader.get(INBOX + "?unread=true&limit=200").items(), "messageId");
    assertFalse(stillUnread.contains(plain));
    assertTrue(stillUnread.contains(ack));
    assertTrue(
        ids(reader.get(INBOX + "?unread=false&limit=200").items(), "messageId").contains(plain));

    clock.advance(Duration.ofMinutes(1));
    Api.Response again = reader.post(INBOX + "/" + plain + "/read", null);
    assertEquals(200, again.status());
    assertEquals(readAt, again.json().getString("readAt"), "reading twice keeps the first readAt");
    assertEquals(before + 1, unreadCount(reader));

    JsonObject notAsked = reader.post(INBOX + "/" + plain + "/ack", null).problem(422);
    assertEquals(
        "urn:tjanstemobil:problem:acknowledgement-not-requested", notAsked.getString("type"));
    assertNull(inboxEntry(reader, plain).getString("acknowledgedAt"));

    Api.Response acked = reader.post(INBOX + "/" + ack + "/ack", null);
    assertEquals(200, acked.status(), acked.text());
    String ackedAt = acked.json().getString("acknowledgedAt");
    assertNotNull(ackedAt);
    assertNotNull(acked.json().getString("readAt"), "acknowledging also reads");
    assertEquals(before, unreadCount(reader));
    clock.advance(Duration.ofMinutes(1));
    Api.Response ackAgain = reader.post(INBOX + "/" + ack + "/ack", null);
    assertEquals(200, ackAgain.status());
    assertEquals(ackedAt, ackAgain.json().getString("acknowledgedAt"));
    assertEquals(acked.json().getString("readAt"), ackAgain.json().getString("readAt"));
    // Reading after acknowledging changes nothing.
    assertEquals(
        ackedAt, reader.post(INBOX + "/" + ack + "/read", null).json().getString("acknowledgedAt"));
    JsonObject entry = inboxEntry(reader, ack);
    assertEquals(ackedAt, entry.getString("acknowledgedAt"));
  }

  @Test
  void theInboxPagesNewestFirstWithEachMessageOnce() {
    List<String> sent = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      sent.add(send(comm, draft("Sida " + i, employees(employeeId("pager")))).getString("id"));
      clock.advance(Duration.ofSeconds(1));
    }
    List<String> seen = new ArrayList<>();
    List<Instant> times = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Api.Response r = pager.get(INBOX + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
      assertEquals(200, r.status(), r.text());
      assertTrue(r.items().size() <= 2, r.text());
      r.items().stream()
          .map(JsonObject.class::cast)
          .forEach(
              e -> {
                seen.add(e.getString("messageId"));
                times.add(OffsetDateTime.parse(e.getString("visibleAt")).toInstant());
              });
      cursor = r.json().getString("nextCursor");
      pages++;
      assertTrue(pages < 50, "paging does not end");
    } while (cursor != null);
    assertTrue(pages >= 3, "five messages at two a page take at least three pages");
    assertEquals(seen.size(), new HashSet<>(seen).size(), "no message twice: " + seen);
    List<String> mine = seen.stream().filter(sent::contains).toList();
    List<String> newestFirst = new ArrayList<>(sent);
    Collections.reverse(newestFirst);
    assertEquals(newestFirst, mine);
    for (int i = 1; i < times.size(); i++) {
      assertFalse(times.get(i).isAfter(times.get(i - 1)), "newest first: " + times);
    }
    // A cursor that was not handed out is a bad request.
    pager.get(INBOX + "?cursor=bm90LWEtY3Vyc29y").problem(400);
  }

  // ---------------------------------------------------------------- follow-up

  @Test
  void theSenderFollowsUpReadsAcknowledgementsAndReminds() {
    List<String> mine = new ArrayList<>();
    String first = send(managerB, draft("Först", employees(employeeId("nurse-b")))).getString("id");
    mine.add(first);
    clock.advance(Duration.ofSeconds(1));
    JsonObject sent = send(managerB, draft("Ny rutin", units(wardB)).put("requiresAck", true));
    String id = sent.getString("id");
    mine.add(id);
    assertEquals(4, sent.getInteger("recipients"));

    // Only my messages, newest first.
    Api.Response list = managerB.get(SEND);
    assertEquals(200, list.status(), list.text());
    List<String> listed =
        list.items().stream().map(JsonObject.class::cast).map(m -> m.getString("id")).toList();
    assertEquals(List.of(id, first), listed);
    assertEquals("Ny rutin", list.items().getJsonObject(0).getString("title"));
    assertFalse(
        managerA.get(SEND).items().stream()
            .map(JsonObject.class::cast)
            .anyMatch(m -> mine.contains(m.getString("id"))));
    Api.Response paged = managerB.get(SEND + "?limit=1");
    assertEquals(
        List.of(id),
        paged.items().stream().map(JsonObject.class::cast).map(m -> m.getString("id")).toList());
    assertEquals(
        List.of(first),
        managerB
            .get(SEND + "?limit=1&cursor=" + paged.json().getString("nextCursor"))
            .items()
            .stream()
            .map(JsonObject.class::cast)
            .map(m -> m.getString("id"))
            .toList());

    // Nobody else's business, except HR's.
    managerA.get(SEND + "/" + id).problem(404);
    nurseB.get(SEND + "/" + id).problem(404);
    managerB.get(SEND + "/" + UUID.randomUUID()).problem(404);
    Api.Response asHr = hr.get(SEND + "/" + id);
    assertEquals(200, asHr.status(), asHr.text());
    assertEquals(4, asHr.json().getJsonObject("stats").getInteger("recipients"));

    assertEquals(200, nurseB.post(INBOX + "/" + id + "/read", null).status());
    assertEquals(200, nurseB2.post(INBOX + "/" + id + "/ack", null).status());
    JsonObject stats = managerB.get(SEND + "/" + id).json().getJsonObject("stats");
    assertEquals(4, stats.getInteger("recipients"));
    assertEquals(2, stats.getInteger("read"));
    assertEquals(1, stats.getInteger("acknowledged"));
    JsonObject hrStats = hr.get(SEND + "/" + id).json().getJsonObject("stats");
    assertEquals(
        List.of(4, 2, 1),
        List.of(
            hrStats.getInteger("recipients"),
            hrStats.getInteger("read"),
            hrStats.getInteger("acknowledged")),
        "HR sees the same figures");

    Set<String> notAcked =
        Set.of(employeeId("manager-b"), employeeId("nurse-b"), employeeId("nurse-b3"));
    Api.Response pendingAck = managerB.get(SEND + "/" + id + "/recipients?state=NOT_ACKNOWLEDGED");
    assertEquals(200, pendingAck.status(), pendingAck.text());
    assertEquals(notAcked, ids(pendingAck.items(), "employee.id"));
    JsonObject nurseBRow =
        pendingAck.items().stream()
            .map(JsonObject.class::cast)
            .filter(r -> r.getJsonObject("employee").getString("id").equals(employeeId("nurse-b")))
            .findFirst()
            .orElseThrow();
    assertEquals("READ", nurseBRow.getString("state"));
    assertNotNull(nurseBRow.getString("readAt"));
    JsonArray everybody = managerB.get(SEND + "/" + id + "/recipients").items();
    assertEquals(4, everybody.size());
    JsonObject acker =
        everybody.stream()
            .map(JsonObject.class::cast)
            .filter(r -> r.getJsonObject("employee").getString("id").equals(employeeId("nurse-b2")))
            .findFirst()
            .orElseThrow();
    assertEquals("ACKNOWLEDGED", acker.getString("state"));
    assertNotNull(acker.getString("acknowledgedAt"));
    // Acknowledging counts as reading.
    assertEquals(
        Set.of(employeeId("manager-b"), employeeId("nurse-b3")),
        ids(managerB.get(SEND + "/" + id + "/recipients?state=NOT_READ").items(), "employee.id"));
    // Manager B has no phone: no push is on its way to him, and the figures say why he is not
    // reached.
    assertEquals(1, stats.getInteger("noDevice"), stats.encode());
    JsonArray noDevice = managerB.get(SEND + "/" + id + "/recipients?state=NO_DEVICE").items();
    assertEquals(Set.of(employeeId("manager-b")), ids(noDevice, "employee.id"));
    assertEquals("NO_DEVICE", noDevice.getJsonObject(0).getString("state"));
    assertNull(noDevice.getJsonObject(0).getString("heldUntil"));
    assertNull(noDevice.getJsonObject(0).getString("deliveredAt"));

    managerA.get(SEND + "/" + id + "/recipients").problem(404);
    hr.get(SEND + "/" + id + "/recipients").problem(404);
    managerA.post(SEND + "/" + id + "/remind", null).problem(404);

    // The reminder goes to the three who have not acknowledged, on their active phones only.
    Api.Response remind = managerB.post(SEND + "/" + id + "/remind", null);
    assertEquals(200, remind.status(), remind.text());
    assertEquals(3, remind.json().getInteger("reminded"));
    // Everyone works around the clock here: all pushed now, manager-b has no phone to push.
    assertEquals(3, remind.json().getInteger("reachableNow"), remind.text());
    assertEquals(new JsonArray(), remind.json().getJsonArray("held"));
    assertEquals(0, remind.json().getInteger("withoutWorkingTime"));
    assertEquals(1, remind.json().getInteger("withoutPhone"));
    assertEquals(
        2,
        remind
            .json()
            .getInteger("devices")); // nurse-b's phone, nurse-b3's active phone; manager-b has none
    List<String> reminded =
        strings(
            "SELECT device_id FROM deliveries WHERE kind = 'REMINDER' AND message_id = '"
                + id
                + "'");
    assertEquals(
        Set.of(deviceId("nurse-b-phone-1"), deviceId("nurse-b3-phone-1")), new HashSet<>(reminded));
    assertEquals(2, reminded.size());

    JsonObject tooSoon = managerB.post(SEND + "/" + id + "/remind", null).problem(422);
    assertEquals("urn:tjanstemobil:problem:remind-too-soon", tooSoon.getString("type"));
    assertEquals(
        2,
        server.count(
            "SELECT count(*) FROM deliveries WHERE kind = 'REMINDER' AND message_id = '"
                + id
                + "'"));
  }

  @Test
  void theNoticesTheServiceWritesOnASendersActionAreNotTheirMessages() {
    String hubId =
        HubFixture.hub(admin, "Arbetshubb Uppföljning", HubFixture.alwaysOpen(), null)
            .getString("id");
    HubFixture.admin(admin, hubId, employeeId("hubadmin"));
    Api hubAdmin = server.as("hubadmin");
    String desk = HubFixture.resource(hubAdmin, hubId, "DESK", "Skrivbord 1");
    String other = HubFixture.resource(hubAdmin, hubId, "DESK", "Skrivbord 2");
    LocalDate day = LocalDate.ofInstant(clock.instant(), HubFixture.STOCKHOLM).plusDays(2);
    Api.Response booked =
        HubFixture.book(nurseA, desk, HubFixture.at(day, 8, 0), HubFixture.at(day, 12, 0));
    assertEquals(201, booked.status(), booked.text());
    Api.Response stays =
        HubFixture.book(nurseB, other, HubFixture.at(day, 8, 0), HubFixture.at(day, 12, 0));
    assertEquals(201, stays.status(), stays.text());

    // The hub administrator cancels Nils's booking: the service tells him, in her name.
    Api.Response cancelled =
        hubAdmin.delete(
            "/api/v1/bookings/" + booked.json().getString("id") + "?reason=Vattenskada");
    assertEquals(200, cancelled.status(), cancelled.text());
    String notice =
        nurseA.get(INBOX + "?limit=200").items().stream()
            .map(JsonObject.class::cast)
            .filter(e -> "Hilda Hubb".equals(e.getJsonObject("sender").getString("name")))
            .findFirst()
            .orElseThrow()
            .getString("messageId");

    // Not a message she sent: not in her list, nothing to follow up, remind or cancel.
    Api.Response mine = hubAdmin.get(SEND);
    assertTrue(mine.items().isEmpty(), mine.text());
    hubAdmin.get(SEND + "/" + notice).problem(404);
    hubAdmin.get(SEND + "/" + notice + "/recipients").problem(404);
    hubAdmin.post(SEND + "/" + notice + "/remind", null).problem(404);
    hubAdmin.post(SEND + "/" + notice + "/cancel", null).problem(404);
    hr.get(SEND + "/" + notice).problem(404);
    assertTrue(inboxIds(nurseA).contains(notice), "he still has it");

    // What she does send to the people booked that day is hers.
    JsonObject hubDay =
        new JsonObject()
            .put(
                "hubs",
                new JsonArray().add(new JsonObject().put("id", hubId).put("date", day.toString())));
    String sent = send(hubAdmin, draft("Vattenskada i hubben", hubDay)).getString("id");
    assertEquals(Set.of(sent), ids(hubAdmin.get(SEND).items(), "id"));
  }

  @Test
  void twoRemindersAtOnceRemindOnce() throws Exception {
    String id =
        send(
                comm,
                draft("Påminn en gång", employees(employeeId("nurse-b2"), employeeId("nurse-b3")))
                    .put("requiresAck", true))
            .getString("id");
    int n = 6;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Api.Response>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return comm.post(SEND + "/" + id + "/remind", null);
                }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Api.Response> f : futures) {
        Api.Response r = f.get(60, TimeUnit.SECONDS);
        statuses.add(r.status());
        if (r.status() == 422) {
          assertEquals(
              "urn:tjanstemobil:problem:remind-too-soon", r.problem(422).getString("type"));
        }
      }
      assertEquals(
          1, statuses.stream().filter(s -> s == 200).count(), "one reminder goes out: " + statuses);
      assertEquals(
          2,
          server.count(
              "SELECT count(*) FROM deliveries WHERE kind = 'REMINDER' AND message_id = '"
                  + id
                  + "'"),
          "each active phone is reminded once");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cancellingDropsWhatHasNotGoneOutYet() {
    // A whole hour, as a person picks it: the preview's sendAt goes back unchanged in the send.
    Instant later = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2));
    Api.Response preview =
        head.post(
            PREVIEW, draft("Senare", unitWithSubunits(wardA)).put("sendAt", later.toString()));
    assertEquals(200, preview.status(), preview.text());
    String echoed = preview.json().getString("sendAt");
    assertTrue(echoed.matches(RFC3339), "an RFC 3339 date-time with seconds: " + echoed);
    assertEquals(later, OffsetDateTime.parse(echoed).toInstant());
    JsonObject scheduled =
        send(head, draft("Senare", unitWithSubunits(wardA)).put("sendAt", echoed));
    String id = scheduled.getString("id");
    assertTrue(scheduled.getString("sendAt").matches(RFC3339), scheduled.getString("sendAt"));
    String shown = head.get(SEND + "/" + id).json().getString("sendAt");
    assertTrue(shown.matches(RFC3339), shown);
    assertEquals(later, OffsetDateTime.parse(shown).toInstant());
    assertEquals(2, scheduled.getInteger("recipients"));
    assertEquals(2, scheduled.getInteger("devices"));
    assertEquals(
        2,
        server.count(
            "SELECT count(*) FROM deliveries WHERE status = 'PENDING' AND message_id = '"
                + id
                + "'"));
    assertFalse(inboxIds(nurseA).contains(id), "not visible before sendAt");

    // Another sender cannot cancel it, and learns nothing.
    managerA.post(SEND + "/" + id + "/cancel", null).problem(404);
    assertEquals(
        2,
        server.count(
            "SELECT count(*) FROM deliveries WHERE status = 'PENDING' AND message_id = '"
                + id
                + "'"));

    Api.Response cancel = head.post(SEND + "/" + id + "/cancel", null);
    assertEquals(200, cancel.status(), cancel.text());
    assertNotNull(cancel.json().getString("cancelledAt"));
    assertEquals(
        0,
        server.count(
            "SELECT count(*) FROM deliveries WHERE status <> 'CANCELLED' AND message_id = '"
                + id
                + "'"));
    assertEquals(
        2,
        server.count(
            "SELECT count(*) FROM deliveries WHERE status = 'CANCELLED' AND message_id = '"
                + id
                + "'"));
    assertEquals(
        0,
        server.count("SELECT count(*) FROM inbox_entries WHERE message_id = '" + id + "'"),
        "entries not yet visible disappear, so they never show");
    assertFalse(inboxIds(nurseA).contains(id));
    nurseA.post(INBOX + "/" + id + "/read", null).problem(404);
    JsonObject after = head.get(SEND + "/" + id).json();
    assertNotNull(after.getString("cancelledAt"));
    assertEquals(0, after.getJsonObject("stats").getInteger("recipients"));

    assertEquals(
        409, head.post(SEND + "/" + id + "/cancel", null).problem(409).getInteger("status"));
    head.post(SEND + "/" + id + "/remind", null).problem(409);

    // What was already in the inbox stays there when its message is cancelled.
    String now = send(head, draft("Nu", employees(employeeId("nurse-a")))).getString("id");
    assertTrue(inboxIds(nurseA).contains(now));
    assertEquals(200, head.post(SEND + "/" + now + "/cancel", null).status());
    assertTrue(inboxIds(nurseA).contains(now), "a visible message stays after cancel");
  }

  @Test
  void aScheduledMessageAppearsAtSendAt() {
    Instant sendAt = clock.instant().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
    JsonObject sent =
        send(
            comm,
            draft("Om en stund", employees(employeeId("nurse-a")))
                .put("sendAt", sendAt.toString()));
    String id = sent.getString("id");
    assertEquals(sendAt, OffsetDateTime.parse(sent.getString("sendAt")).toInstant());
    assertEquals(2, sent.getInteger("devices"));

    assertFalse(inboxIds(nurseA).contains(id), "not visible before sendAt");
    nurseA.post(INBOX + "/" + id + "/read", null).problem(404);
    List<String> due =
        strings(
            "SELECT (extract(epoch FROM due_at) * 1000)::bigint FROM deliveries WHERE message_id = '"
                + id
                + "'");
    assertEquals(
        List.of(String.valueOf(sendAt.toEpochMilli()), String.valueOf(sendAt.toEpochMilli())), due);

    clock.set(sendAt.minusMillis(1));
    assertFalse(inboxIds(nurseA).contains(id), "not visible a moment before sendAt");
    clock.set(sendAt);
    assertTrue(inboxIds(nurseA).contains(id), "visible at sendAt");
    JsonObject entry = inboxEntry(nurseA, id);
    assertNotNull(entry, "the message became visible after sendAt");
    assertTrue(entry.getString("visibleAt").matches(RFC3339), entry.getString("visibleAt"));
    assertTrue(entry.getString("sentAt").matches(RFC3339), entry.getString("sentAt"));
    assertEquals(sendAt, OffsetDateTime.parse(entry.getString("visibleAt")).toInstant());
    assertEquals(sendAt, OffsetDateTime.parse(entry.getString("sentAt")).toInstant());
    assertEquals(200, nurseA.post(INBOX + "/" + id + "/read", null).status());
  }
}
