package se.tjanstemobil.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/**
 * Cross-origin calls from a browser (http.corsAllowedOrigins), as a web app on another origin makes
 * them: the preflight, the request itself, and an origin that is not listed.
 */
class CorsTest {

  private static final String CONSOLE = "https://tjanstemobil.region.example";

  private static TestServer server;
  private static Api nurse;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            "cors",
            Map.of("http.corsAllowedOrigins", List.of(CONSOLE, "https://intranet.region.example")));
    server.importOrganisation(Orgs.small());
    nurse = server.as("nurse-a");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Api.Response preflight(String origin, String method, String headers) {
    return server.api.send(
        server
            .api
            .builder("/api/v1/me/devices/preflight-phone")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", method)
            .header("Access-Control-Request-Headers", headers));
  }

  private static String header(Api.Response r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void anAllowedOriginsPreflightIsAnswered() {
    Api.Response r = preflight(CONSOLE, "PUT", "authorization,content-type,idempotency-key");
    assertTrue(r.status() == 200 || r.status() == 204, r.status() + " " + r.text());
    assertEquals(CONSOLE, header(r, "Access-Control-Allow-Origin"));
    String methods = header(r, "Access-Control-Allow-Methods");
    assertTrue(methods != null && methods.contains("PUT"), "allowed methods: " + methods);
    String allowed =
        String.valueOf(header(r, "Access-Control-Allow-Headers")).toLowerCase(Locale.ROOT);
    for (String h : List.of("authorization", "content-type", "idempotency-key")) {
      assertTrue(allowed.contains(h), h + " not in " + allowed);
    }
    assertEquals("600", header(r, "Access-Control-Max-Age"));
    // The preflight itself changed nothing.
    assertEquals(
        0, server.count("SELECT count(*) FROM devices WHERE device_key = 'preflight-phone'"));
  }

  @Test
  void anAllowedOriginsRequestIsServedAndCanReadTheAnswer() {
    Api.Response r =
        nurse.send(
            nurse
                .builder("/api/v1/me/devices/cors-phone")
                .header("Origin", CONSOLE)
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("platform", "ANDROID")
                            .put("pushToken", "cors-token")
                            .encode())));
    assertEquals(201, r.status(), r.text());
    assertEquals(CONSOLE, header(r, "Access-Control-Allow-Origin"));
    String exposed =
        String.valueOf(header(r, "Access-Control-Expose-Headers")).toLowerCase(Locale.ROOT);
    assertTrue(exposed.contains("x-request-id") && exposed.contains("retry-after"), exposed);
    assertEquals(1, server.count("SELECT count(*) FROM devices WHERE device_key = 'cors-phone'"));

    // An error answered to an allowed origin is readable by its page too.
    Api.Response unauthorised =
        server.api.send(server.api.builder("/api/v1/me").header("Origin", CONSOLE).GET());
    unauthorised.problem(401);
    assertEquals(CONSOLE, header(unauthorised, "Access-Control-Allow-Origin"));
  }

  @Test
  void anUnlistedOriginGetsNoCorsPermission() {
    Api.Response pre = preflight("https://evil.example", "PUT", "authorization,content-type");
    assertFalse(
        pre.status() >= 200 && pre.status() < 300,
        "the preflight of an unlisted origin passed: " + pre.status());
    pre.problem(403);
    assertEquals(null, header(pre, "Access-Control-Allow-Origin"));

    // The CORS handler refuses before any operation is reached, so the contract's operations do not
    // apply.
    Api.Response r =
        nurse
            .offContract()
            .send(nurse.builder("/api/v1/me").header("Origin", "https://evil.example").GET());
    r.problem(403);
    assertEquals(null, header(r, "Access-Control-Allow-Origin"));
    assertFalse(
        r.text().contains("nurse-a"),
        "the answer to an unlisted origin carries personal data: " + r.text());
  }

  @Test
  void requestsWithoutAnOriginAreServedAsBefore() {
    Api.Response r = nurse.get("/api/v1/me");
    assertEquals(200, r.status(), r.text());
    assertEquals("nurse-a", r.json().getString("externalId"));
    assertEquals(null, header(r, "Access-Control-Allow-Origin"));
  }
}
