package se.tjanstemobil.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.tjanstemobil.support.Orgs.unit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/** Requests that break the contract get a clear problem+json answer, and nothing is written. */
class BadInputTest {

  private static final String IMPORT = "/api/v1/admin/org/import";
  private static final String LOGIN = "/api/v1/auth/dev-login";

  private static TestServer server;
  private static Api admin;

  @BeforeAll
  static void start() {
    server = TestServer.start("bad_input");
    server.importOrganisation(Orgs.small());
    admin = server.as("admin");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Row counts of the tables a bad write could touch. */
  private static List<Long> rows() {
    return List.of(
        server.count("SELECT count(*) FROM units"),
        server.count("SELECT count(*) FROM employees"),
        server.count("SELECT count(*) FROM role_grants"),
        server.count("SELECT count(*) FROM audit_log"));
  }

  /** Sends a bad write and asserts that it left every table as it was. */
  private static Api.Response nothingWritten(Supplier<Api.Response> request) {
    List<Long> before = rows();
    Api.Response r = request.get();
    assertEquals(before, rows(), "a rejected request must not write anything: " + r.text());
    return r;
  }

  private static JsonObject errorFor(JsonObject problem, String field) {
    JsonArray errors = problem.getJsonArray("errors");
    assertTrue(errors != null && !errors.isEmpty(), "errors[] is missing: " + problem.encode());
    return errors.stream()
        .map(JsonObject.class::cast)
        .filter(e -> field.equals(e.getString("field")))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no error for field " + field + " in " + problem.encodePrettily()));
  }

  @Test
  void malformedJsonIsA400NamingTheBody() {
    JsonObject p =
        nothingWritten(
                () ->
                    admin.raw(
                        "POST",
                        IMPORT,
                        "application/json",
                        "{\"units\": [{\"externalId\": \"HALF\", \"name\": "))
            .problem(400);
    assertEquals("urn:tjanstemobil:problem:validation", p.getString("type"));
    assertEquals("är inte giltig JSON", errorFor(p, "body").getString("message"));

    JsonObject login =
        nothingWritten(
                () -> server.api.raw("POST", LOGIN, "application/json", "{externalId: admin"))
            .problem(400);
    errorFor(login, "body");
  }

  @Test
  void wrongTypesAreA400NamingTheField() {
    JsonObject p =
        nothingWritten(() -> admin.post(IMPORT, new JsonObject().put("units", "x"))).problem(400);
    assertEquals("måste vara en lista, inte text", errorFor(p, "units").getString("message"));

    JsonObject file =
        new JsonObject()
            .put(
                "units",
                new JsonArray()
                    .add(unit("TYPED", "Typad", "REG"))
                    .add(
                        new JsonObject()
                            .put("externalId", "NUMBERED")
                            .put("name", 42)
                            .put("parentExternalId", "REG")));
    JsonObject q = nothingWritten(() -> admin.post(IMPORT, file)).problem(400);
    assertEquals("måste vara text, inte ett tal", errorFor(q, "units.1.name").getString("message"));
    // The whole file is refused: the good row next to the bad one is not imported either.
    assertEquals(
        0, server.count("SELECT count(*) FROM units WHERE external_id IN ('TYPED', 'NUMBERED')"));

    JsonObject login =
        nothingWritten(() -> server.api.post(LOGIN, new JsonObject().put("externalId", 7)))
            .problem(400);
    errorFor(login, "externalId");
  }

  @Test
  void unknownFieldsAreA400NamingTheField() {
    JsonObject p =
        nothingWritten(
                () ->
                    admin.post(
                        IMPORT,
                        new JsonObject()
                            .put("units", new JsonArray().add(unit("EXTRA", "Extra", "REG")))
                            .put("departments", new JsonArray())))
            .problem(400);
    assertEquals("är inte ett känt fält", errorFor(p, "departments").getString("message"));

    JsonObject nested =
        nothingWritten(
                () ->
                    admin.post(
                        IMPORT,
                        new JsonObject()
                            .put(
                                "units",
                                new JsonArray()
                                    .add(unit("EXTRA", "Extra", "REG").put("colour", "blue")))))
            .problem(400);
    errorFor(nested, "units.0.colour");
    assertEquals(0, server.count("SELECT count(*) FROM units WHERE external_id = 'EXTRA'"));

    JsonObject login =
        nothingWritten(
                () ->
                    server.api.post(
                        LOGIN, new JsonObject().put("externalId", "admin").put("role", "ADMIN")))
            .problem(400);
    errorFor(login, "role");
  }

  @Test
  void aBodyOverTheLimitIsA413() {
    String big = "{\"externalId\": \"" + "x".repeat(300 * 1024) + "\"}";
    Api.Response r = nothingWritten(() -> server.api.raw("POST", LOGIN, "application/json", big));
    JsonObject p = r.problem(413);
    assertEquals("urn:tjanstemobil:problem:body-too-large", p.getString("type"));
    // The server is still fine afterwards.
    assertEquals(200, server.api.post(LOGIN, new JsonObject().put("externalId", "admin")).status());
  }

  @Test
  void anImportMayBeLargerThanTheNormalLimit() {
    // ~300 KB of units is over http.bodyLimitBytes but within http.importBodyLimitBytes.
    JsonArray units = new JsonArray();
    for (int i = 0; i < 3000; i++) {
      units.add(unit("BULK-" + i, "Enhet nummer " + i + " " + "y".repeat(40), "REG"));
    }
    JsonObject file = new JsonObject().put("units", units);
    assertTrue(file.encode().length() > 262144, "the file must be over the normal limit");
    Api.Response r = admin.post(IMPORT, file);
    assertEquals(200, r.status(), r.text());
    assertEquals(3000, server.count("SELECT count(*) FROM units WHERE external_id LIKE 'BULK-%'"));
  }

  @Test
  void anUnknownRouteIsA404Problem() {
    server.api.get("/api/v1/no-such-thing").problem(404);
    admin.get("/api/v1/org/unit").problem(404);
    nothingWritten(() -> admin.post("/api/v1/admin/org/imports", new JsonObject())).problem(404);
  }

  @Test
  void aWrongMethodIsA405Problem() {
    Api.Response me = nothingWritten(() -> admin.delete("/api/v1/me"));
    JsonObject p = me.problem(405);
    assertEquals("urn:tjanstemobil:problem:method-not-allowed", p.getString("type"));
    // RFC 9110: a 405 says which methods the path does take.
    assertEquals("GET", me.headers().firstValue("Allow").orElse(null));
    Api.Response importPut = nothingWritten(() -> admin.put(IMPORT, Orgs.small()));
    importPut.problem(405);
    assertEquals("POST", importPut.headers().firstValue("Allow").orElse(null));
    Api.Response device =
        admin.raw("POST", "/api/v1/me/devices/some-phone", "application/json", "{}");
    device.problem(405);
    assertEquals("PUT, DELETE", device.headers().firstValue("Allow").orElse(null));
    Api.Response live = server.api.raw("POST", "/health/live", "application/json", "{}");
    live.problem(405);
    assertEquals("GET", live.headers().firstValue("Allow").orElse(null));
  }

  @Test
  void aWrongContentTypeIsA415() {
    nothingWritten(() -> server.api.raw("POST", LOGIN, "text/plain", "{\"externalId\": \"admin\"}"))
        .problem(415);
    nothingWritten(
            () ->
                admin.raw(
                    "POST",
                    IMPORT,
                    "application/xml",
                    "<units><unit externalId=\"XML\" name=\"Xml\"/></units>"))
        .problem(415);
    assertEquals(0, server.count("SELECT count(*) FROM units WHERE external_id = 'XML'"));
  }

  @Test
  void badQueryParametersAreA400() {
    errorFor(admin.get("/api/v1/admin/audit?limit=0").problem(400), "limit");
    errorFor(admin.get("/api/v1/admin/audit?limit=abc").problem(400), "limit");
    errorFor(admin.get("/api/v1/admin/audit?limit=201").problem(400), "limit");
    assertEquals(200, admin.get("/api/v1/admin/audit?limit=200").status());
  }

  @Test
  void aMalformedPathUuidIsA400() {
    JsonObject p = admin.get("/api/v1/org/units/not-a-uuid").problem(400);
    errorFor(p, "unitId");
    admin.get("/api/v1/org/units/12345678-1234-1234-1234-12345678901").problem(400);
  }

  @Test
  void aBrokenPercentEscapeIsA400NotA500() throws IOException {
    // The JDK client refuses to send such an address, so this one goes over a plain socket.
    for (String target :
        List.of(
            "/api/v1/org/units/%zz",
            "/docs/%zz",
            "/api/v1/admin/audit?action=%zz",
            "/health/live?x=%",
            "/no-such-route/%g0")) {
      String answer =
          rawHttp(
              "GET "
                  + target
                  + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + admin.token()
                  + "\r\nConnection: close\r\n\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 400 "), target + ": " + answer);
      assertTrue(
          answer.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json"),
          target + ": " + answer);
      JsonObject p = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
      assertEquals(400, p.getInteger("status"));
    }
  }

  private static String rawHttp(String request) throws IOException {
    URI base = URI.create(server.api.base());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everyAnswerCarriesARequestId() {
    Api.Response ok = server.api.get("/health/live");
    String generated = ok.headers().firstValue("X-Request-Id").orElse("");
    assertFalse(generated.isBlank(), "X-Request-Id missing");
    String another = server.api.get("/health/live").headers().firstValue("X-Request-Id").orElse("");
    assertNotEquals(generated, another, "each request gets its own id");

    // Errors carry it too, so a user can quote it to support.
    assertFalse(
        server
            .api
            .get("/api/v1/nothing-here")
            .headers()
            .firstValue("X-Request-Id")
            .orElse("")
            .isBlank());

    Api.Response echoed =
        server.api.send(
            server.api.builder("/health/live").header("X-Request-Id", "app-42.retry:1").GET());
    assertEquals("app-42.retry:1", echoed.headers().firstValue("X-Request-Id").orElse(null));

    // An id that is not sane (spaces, too long) is replaced rather than echoed into logs and
    // headers.
    Api.Response replaced =
        server.api.send(
            server.api.builder("/health/live").header("X-Request-Id", "x".repeat(100)).GET());
    String id = replaced.headers().firstValue("X-Request-Id").orElse("");
    assertFalse(id.isBlank());
    assertNotEquals("x".repeat(100), id);
  }

  @Test
  void aNulOrAnotherControlCharacterIsA400NamingTheFieldNotA500() {
    JsonObject file =
        new JsonObject().put("units", new JsonArray().add(unit("NUL", "Avdelning\u0000A", "REG")));
    JsonObject p = nothingWritten(() -> admin.post(IMPORT, file)).problem(400);
    assertEquals(
        "får inte innehålla styrtecken (bara tabb, radmatning och vagnretur)",
        errorFor(p, "units.0.name").getString("message"));

    // A property name is a text too (jsonb refuses a NUL there as well).
    JsonObject key =
        nothingWritten(
                () ->
                    admin.raw(
                        "POST",
                        IMPORT,
                        "application/json",
                        "{\"units\": [{\"externalId\": \"K\", \"name\": \"K\", \"x\\u0000y\": 1}]}"))
            .problem(400);
    errorFor(key, "units.0");

    JsonObject query = admin.get("/api/v1/admin/audit?action=ORG%00IMPORT").problem(400);
    errorFor(query, "action");
    JsonObject path =
        admin
            .put(
                "/api/v1/me/devices/phone%07one",
                new JsonObject().put("platform", "ANDROID").put("pushToken", "t"))
            .problem(400);
    errorFor(path, "deviceId");
    assertEquals(0, server.count("SELECT count(*) FROM devices"));
  }

  @Test
  void aLoneSurrogateIsA400EscapedOrAsRawBytes() {
    JsonObject escaped =
        nothingWritten(
                () ->
                    server.api.raw(
                        "POST", LOGIN, "application/json", "{\"externalId\": \"adm\\ud800in\"}"))
            .problem(400);
    assertEquals(
        "får inte innehålla ett ensamt surrogattecken (en halv UTF-16-parkod)",
        errorFor(escaped, "externalId").getString("message"));
    // The same half pair as UTF-8 bytes (ED A0 80), which no UTF-8 encoder writes.
    byte[] head =
        "{\"units\": [{\"externalId\": \"SUR\", \"name\": \"x".getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\", \"parentExternalId\": \"REG\"}]}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + 3 + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    body[head.length] = (byte) 0xED;
    body[head.length + 1] = (byte) 0xA0;
    body[head.length + 2] = (byte) 0x80;
    System.arraycopy(tail, 0, body, head.length + 3, tail.length);
    Api.Response raw =
        nothingWritten(
            () ->
                admin.send(
                    admin
                        .builder(IMPORT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))));
    assertEquals(400, raw.status(), raw.text());
    raw.problem(400);
    assertEquals(0, server.count("SELECT count(*) FROM units WHERE external_id = 'SUR'"));
  }

  @Test
  void tabsLineBreaksAndWholeSurrogatePairsAreText() {
    JsonObject file =
        new JsonObject()
            .put("units", new JsonArray().add(unit("TEXT", "Rad ett\tflik\r\nrad två 😀", "REG")));
    Api.Response r = admin.post(IMPORT, file);
    assertEquals(200, r.status(), r.text());
    assertEquals(
        1,
        server.count(
            "SELECT count(*) FROM units WHERE external_id = 'TEXT' AND name = E'Rad ett\\tflik\\r\\nrad två 😀'"));
  }

  @Test
  void aValueOutsideTheAllowedSetIsNamedAsSuchNotAsAnUnknownField() {
    Api.Response r =
        nothingWritten(
            () ->
                admin.put(
                    "/api/v1/me/devices/admin-phone-0001",
                    new JsonObject()
                        .put("platform", "NOKIA")
                        .put("pushToken", "tok-1")
                        .put("colour", "red")));
    JsonObject problem = r.problem(400);
    assertEquals(
        "är inte ett av de tillåtna värdena", errorFor(problem, "platform").getString("message"));
    assertEquals("är inte ett känt fält", errorFor(problem, "colour").getString("message"));
    assertEquals(0, server.count("SELECT count(*) FROM devices"));
  }

  @Test
  void problemsAreInTheReadersLanguageBeforeAndAfterSignIn() {
    String body = new JsonObject().put("externalId", 7).encode();
    // Before sign-in: Accept-Language decides, Swedish when it names neither language.
    Api.Response en =
        server.api.send(
            server
                .api
                .builder(LOGIN)
                .header("Content-Type", "application/json")
                .header("Accept-Language", "en-GB,en;q=0.9,sv;q=0.5")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    JsonObject english = en.problem(400);
    assertEquals("The request is not valid", english.getString("title"));
    assertEquals(
        "must be text, not a number", errorFor(english, "externalId").getString("message"));
    assertEquals("externalId: must be text, not a number", english.getString("detail"));
    assertEquals("en", en.headers().firstValue("Content-Language").orElse(""));

    Api.Response other =
        server.api.send(
            server
                .api
                .builder(LOGIN)
                .header("Content-Type", "application/json")
                .header("Accept-Language", "de-DE,fr;q=0.8")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    JsonObject swedish = other.problem(400);
    assertEquals("Begäran är inte giltig", swedish.getString("title"));
    assertEquals(
        "måste vara text, inte ett tal", errorFor(swedish, "externalId").getString("message"));
    assertEquals("sv", other.headers().firstValue("Content-Language").orElse(""));

    // Signed in: the person's own language, whatever the browser says.
    Api nora = server.as("nurse-b");
    assertEquals(
        200, nora.put("/api/v1/me/preferences", new JsonObject().put("locale", "en")).status());
    JsonObject hers =
        nora.put("/api/v1/me/preferences", new JsonObject().put("digest", "yes")).problem(400);
    assertEquals("must be true or false, not text", errorFor(hers, "digest").getString("message"));
    JsonObject notFound = nora.get("/api/v1/messages/" + UUID.randomUUID()).problem(404);
    assertEquals("Not found", notFound.getString("title"));
    // A refusal of the plumbing below the features (a cursor it never handed out), in both.
    assertEquals(
        "är inte en sidmarkör som servern har lämnat ut",
        errorFor(admin.get("/api/v1/admin/audit?cursor=bm9wZQ").problem(400), "cursor")
            .getString("message"));
    assertEquals(
        "is not a cursor this server handed out",
        errorFor(nora.get("/api/v1/me/inbox?cursor=bm9wZQ").problem(400), "cursor")
            .getString("message"));
  }
}
