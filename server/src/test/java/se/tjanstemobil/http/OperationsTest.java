package se.tjanstemobil.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Eventually;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.PrometheusText;
import se.tjanstemobil.support.TestServer;

/**
 * What operators and app developers use: health, metrics, the contract, its docs page, the JWKS.
 */
class OperationsTest {

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start("operations");
    server.importOrganisation(Orgs.small());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A request with the path sent exactly as written (no client-side normalisation). */
  private static Api.Response rawGet(String path) {
    return server.api.send(server.api.builder("").uri(URI.create(server.api.base() + path)).GET());
  }

  @Test
  void liveAnswersUp() {
    Api.Response r = server.api.get("/health/live");
    assertEquals(200, r.status());
    assertTrue(r.contentType().startsWith("application/json"), r.contentType());
    assertEquals(new JsonObject().put("status", "UP"), r.json());
  }

  @Test
  void readyAnswersUpWithItsChecks() {
    Api.Response r = server.api.get("/health/ready");
    assertEquals(200, r.status(), r.text());
    assertEquals("UP", r.json().getString("status"));
    assertEquals(
        new JsonObject().put("database", "UP").put("migrations", "UP"),
        r.json().getJsonObject("checks"));
  }

  @Test
  void metricsCountRequestsByRouteAndShowThePool() {
    Api admin = server.as("admin");
    String unitId = admin.get("/api/v1/me").json().getJsonObject("unit").getString("id");
    admin.get("/api/v1/me");
    admin.get("/api/v1/org/units/" + unitId);

    Api.Response r = server.api.get("/metrics");
    assertEquals(200, r.status());
    assertTrue(r.contentType().startsWith("text/plain"), r.contentType());
    String text = r.text();
    assertTrue(
        text.contains("# TYPE vertx_http_server_requests_total counter"),
        "no request counter in /metrics");

    double me =
        sample(
            text,
            "vertx_http_server_requests_total",
            "code=\"200\"",
            "method=\"GET\"",
            "route=\"/api/v1/me\"");
    assertTrue(me >= 2.0, "expected at least two counted GET /api/v1/me, got " + me);
    // A path with an id is counted under its template, not one series per id.
    assertTrue(
        sample(
                text,
                "vertx_http_server_requests_total",
                "method=\"GET\"",
                "route=\"/api/v1/org/units/:unitId\"")
            >= 1.0,
        "unit route not counted under its template");
    assertFalse(text.contains(unitId), "a unit id leaked into a metric label");

    // The database connection pool, by the name the server gives it.
    List<String> poolLines =
        text.lines()
            .filter(
                l ->
                    l.startsWith("vertx_pool_")
                        && l.contains("pool_name=\"tjanstemobil\"")
                        && l.contains("pool_type=\"sql\""))
            .toList();
    assertTrue(
        poolLines.stream().anyMatch(l -> l.startsWith("vertx_pool_in_use{")),
        "no pool in-use gauge: " + poolLines);
    assertTrue(
        poolLines.stream().anyMatch(l -> l.startsWith("vertx_pool_queue_pending{")),
        "no pool queue gauge: " + poolLines);
    assertTrue(
        sample(text, "vertx_pool_usage_seconds_count", "pool_name=\"tjanstemobil\"") >= 1.0,
        "the pool served the requests above, so its usage count must be positive");
    // And the JVM.
    assertTrue(text.contains("jvm_memory_used_bytes"), "no JVM memory metrics");
  }

  @Test
  void twoServersInOneJvmEachCountTheirOwnRequests() {
    // A second instance on the same database, as in a test JVM or an embedded cluster.
    try (TestServer second =
        TestServer.start("operations-second", Map.of("database.url", server.databaseUrl()))) {
      double firstBefore = liveCount(server);
      for (int i = 0; i < 3; i++) {
        assertEquals(200, second.api.get("/health/live").status());
      }
      assertTrue(liveCount(second) >= 3.0, "the second server's /metrics misses its own requests");
      assertEquals(
          firstBefore, liveCount(server), "the second server's requests were counted by the first");
    }
  }

  private static final String METRICS_TOKEN = "scrape-me-7d1b4c0e-93f2-4a55";

  @Test
  void metricsCanBeServedOnAManagementPortOnlyAndAskForAToken() {
    try (TestServer s =
        TestServer.start(
            "operations_metrics", Map.of("metrics.port", 0, "metrics.token", METRICS_TOKEN))) {
      assertEquals(200, s.api.get("/health/live").status());
      // The API's port does not answer it, not even with the token.
      s.api.withToken(METRICS_TOKEN).get("/metrics").problem(404);
      assertTrue(
          s.app().metricsPort() > 0 && s.app().metricsPort() != s.app().port(),
          "port " + s.app().metricsPort());
      // The management port serves no operation of the contract: its answers are not held to it.
      Api management = new Api("http://127.0.0.1:" + s.app().metricsPort()).offContract();
      Api.Response anonymous = management.get("/metrics");
      anonymous.problem(401);
      assertEquals(
          "nosniff", anonymous.headers().firstValue("X-Content-Type-Options").orElse(null));
      management.withToken(METRICS_TOKEN + "x").get("/metrics").problem(401);
      management.withToken(METRICS_TOKEN.substring(1)).get("/metrics").problem(401);
      Api.Response scraped = management.withToken(METRICS_TOKEN).get("/metrics");
      assertEquals(200, scraped.status(), scraped.text());
      assertTrue(
          sample(scraped.text(), "vertx_http_server_requests_total", "route=\"/health/live\"")
              >= 1.0);
      // And it serves nothing else.
      management.withToken(METRICS_TOKEN).get("/api/v1/me").problem(404);
      management.get("/health/live").problem(404);
    }
  }

  @Test
  void aMetricsTokenGuardsMetricsOnTheApisPortToo() {
    try (TestServer s =
        TestServer.start("operations_metrics_token", Map.of("metrics.token", METRICS_TOKEN))) {
      Api.Response anonymous = s.api.get("/metrics");
      anonymous.problem(401);
      assertEquals("Bearer", anonymous.headers().firstValue("WWW-Authenticate").orElse(null));
      assertFalse(anonymous.text().contains("vertx_"), anonymous.text());
      assertEquals(200, s.api.withToken(METRICS_TOKEN).get("/metrics").status());
    }
  }

  private static double liveCount(TestServer s) {
    String text = s.api.get("/metrics").text();
    return text.contains("route=\"/health/live\"")
        ? sample(
            text, "vertx_http_server_requests_total", "method=\"GET\"", "route=\"/health/live\"")
        : 0.0;
  }

  /** The value of the first sample of a metric whose labels contain all the given label pairs. */
  private static double sample(String text, String metric, String... labels) {
    List<Double> values = PrometheusText.values(text, metric, labels);
    if (values.isEmpty()) {
      throw new AssertionError(
          "no sample of "
              + metric
              + " with "
              + String.join(",", labels)
              + " in:\n"
              + text.lines().filter(l -> l.startsWith(metric)).reduce("", (a, b) -> a + b + "\n"));
    }
    return values.get(0);
  }

  @Test
  void theContractIsServed() {
    Api.Response r = server.api.get("/openapi.yaml");
    assertEquals(200, r.status());
    assertTrue(r.contentType().startsWith("application/yaml"), r.contentType());
    assertTrue(r.text().startsWith("openapi: 3.1"), r.text().substring(0, 40));
    assertTrue(r.text().contains("operationId: getMe"));
    assertTrue(r.text().contains("operationId: importOrganisation"));
    // Clients read the full contract, including the response media types the router does not need.
    assertTrue(r.text().contains("application/problem+json"));
  }

  @Test
  void theDocsPageAndItsAssetsAreServedFromTheServer() {
    Api.Response page = server.api.get("/docs");
    assertEquals(200, page.status());
    assertTrue(page.contentType().startsWith("text/html"), page.contentType());
    assertTrue(page.text().contains("src=\"/docs/swagger-ui-bundle.js\""), page.text());
    assertFalse(
        page.text().contains("https://"), "the docs page must not load anything from a CDN");

    Api.Response bundle = server.api.get("/docs/swagger-ui-bundle.js");
    assertEquals(200, bundle.status());
    assertTrue(bundle.contentType().startsWith("text/javascript"), bundle.contentType());
    assertTrue(bundle.text().contains("SwaggerUIBundle"), "not the Swagger UI bundle");

    Api.Response css = server.api.get("/docs/swagger-ui.css");
    assertEquals(200, css.status());
    assertTrue(css.contentType().startsWith("text/css"), css.contentType());

    Api.Response init = server.api.get("/docs/docs-init.js");
    assertEquals(200, init.status());
    assertTrue(
        init.text().contains("/openapi.yaml"), "the page must render this server's contract");
  }

  @Test
  void theDocsPageMayNotBeFramedNorLoadAnythingFromElsewhere() {
    Api.Response page = server.api.get("/docs");
    String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("frame-ancestors 'none'"), csp);
    assertTrue(csp.contains("default-src 'none'"), csp);
    assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-eval"), csp);
    assertTrue(csp.contains("connect-src 'self'"), csp);
    assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(null));
    assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(null));
  }

  @Test
  void everyAnswerForbidsContentSniffing() {
    Api admin = server.as("admin");
    List<Api.Response> answers =
        List.of(
            server.api.get("/health/live"),
            server.api.get("/metrics"),
            server.api.get("/openapi.yaml"),
            server.api.get("/docs"),
            server.api.get("/docs/swagger-ui.css"),
            server.api.get("/.well-known/jwks.json"),
            admin.get("/api/v1/me"),
            server.api.get("/api/v1/me"),
            server.api.get("/api/v1/no-such-thing"),
            admin.delete("/api/v1/me"),
            server.api.raw("POST", "/api/v1/auth/dev-login", "application/json", "{broken"),
            server.api.get("/console"));
    for (Api.Response r : answers) {
      assertEquals(
          "nosniff",
          r.headers().firstValue("X-Content-Type-Options").orElse(null),
          r.status() + " " + r.text());
    }
  }

  @Test
  void noAnswerCarryingPersonalDataMayBeStoredByACache() throws Exception {
    JsonObject contract =
        ContractLoader.parseYaml(
            Files.readString(TestServer.projectRoot().resolve("mobile-api-docs/openapi.yaml")));
    Api admin = server.as("admin");
    String unitId = admin.get("/api/v1/me").json().getJsonObject("unit").getString("id");
    List<String> paths = new ArrayList<>(List.of("/api/v1/org/units/" + unitId));
    JsonObject all = contract.getJsonObject("paths");
    for (String path : all.fieldNames()) {
      JsonObject get = all.getJsonObject(path).getJsonObject("get");
      if (get != null
          && path.startsWith("/api/v1/")
          && !path.contains("{")
          && !"streamMyEvents".equals(get.getString("operationId"))) {
        boolean needsMonth =
            get.getJsonArray("parameters", new JsonArray()).stream()
                .anyMatch(
                    x ->
                        x instanceof JsonObject q
                            && "month".equals(q.getString("name"))
                            && q.getBoolean("required", false));
        paths.add(needsMonth ? path + "?month=2026-11" : path);
      }
    }
    List<String> cacheable = new ArrayList<>();
    int served = 0;
    for (Api who : List.of(admin, server.as("hr"))) {
      for (String path : paths) {
        Api.Response r = who.get(path);
        if (r.status() == 200) {
          served++;
          if (!"no-store".equals(r.headers().firstValue("Cache-Control").orElse(null))) {
            cacheable.add(path + " -> " + r.headers().firstValue("Cache-Control").orElse("(none)"));
          }
        }
      }
    }
    assertTrue(served >= 20, "only " + served + " answers were 200");
    assertEquals(List.of(), cacheable);
  }

  @Test
  void theCalendarFeedsSecretIsNotWrittenToTheRequestLog() {
    ch.qos.logback.classic.Logger requests =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("http");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    requests.addAppender(lines);
    try {
      String url =
          server
              .as("nurse-a")
              .post("/api/v1/me/calendar-feed", new JsonObject())
              .json()
              .getString("url");
      String file = url.substring(url.lastIndexOf('/') + 1);
      String secret = file.substring(0, file.length() - ".ics".length());
      Api.Response feed =
          server.api.send(
              server
                  .api
                  .builder("/api/v1/calendar/" + file)
                  .header("X-Request-Id", "feed-read-1")
                  .GET());
      assertEquals(200, feed.status(), feed.text());
      String wrong = "W".repeat(secret.length());
      Api.Response unknown =
          server.api.send(
              server
                  .api
                  .builder("/api/v1/calendar/" + wrong + ".ics")
                  .header("X-Request-Id", "feed-read-2")
                  .GET());
      assertEquals(404, unknown.status(), unknown.text());
      List<String> logged =
          Eventually.until(
              "both feed requests in the log",
              Duration.ofSeconds(10),
              () ->
                  lines.list.stream()
                      .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                      .filter(l -> l.contains("[feed-read-"))
                      .toList(),
              l -> l.size() == 2);
      for (String line : logged) {
        assertFalse(
            line.contains(secret) || line.contains(wrong), "a feed secret in the log: " + line);
        assertTrue(line.contains("/api/v1/calendar/"), line);
      }
    } finally {
      requests.detachAppender(lines);
    }
  }

  @Test
  void unknownOrEscapingAssetsAre404() {
    server.api.get("/docs/no-such-file.js").problem(404);
    server.api.get("/docs/passwd").problem(404);
    JsonObject p = rawGet("/docs/../../etc/passwd").problem(404);
    assertFalse(p.encode().contains("root:"), p.encode());
    rawGet("/docs/%2e%2e/%2e%2e/etc/passwd").problem(404);
    // An encoded slash does not reach the file system either: the contract's asset pattern refuses
    // it.
    Api.Response encoded = server.api.get("/docs/..%2F..%2Fbuild.properties");
    assertTrue(
        encoded.status() == 400 || encoded.status() == 404,
        encoded.status() + " " + encoded.text());
    assertFalse(encoded.problem(encoded.status()).encode().contains("swaggerUi.version"));
  }

  @Test
  void theJwksPublishesTheKeyThatSignsDevTokens() {
    Api.Response r = server.api.get("/.well-known/jwks.json");
    assertEquals(200, r.status());
    JsonArray keys = r.json().getJsonArray("keys");
    assertEquals(1, keys.size(), keys.encode());
    JsonObject key = keys.getJsonObject(0);
    assertEquals("EC", key.getString("kty"));
    assertEquals("P-256", key.getString("crv"));
    assertEquals("ES256", key.getString("alg"));
    assertFalse(key.containsKey("d"), "the private key must never be published");

    String token = server.as("nurse-a").token();
    JsonObject header =
        new JsonObject(
            new String(
                Base64.getUrlDecoder().decode(token.split("\\.", -1)[0]), StandardCharsets.UTF_8));
    assertEquals("ES256", header.getString("alg"));
    assertEquals(key.getString("kid"), header.getString("kid"));
  }

  @Test
  void operationsRoutesNeedNoToken() {
    for (String path :
        List.of(
            "/health/live",
            "/health/ready",
            "/metrics",
            "/openapi.yaml",
            "/docs",
            "/.well-known/jwks.json")) {
      assertEquals(200, server.api.get(path).status(), path);
    }
    // ...while the API does.
    server.api.get("/api/v1/me").problem(401);
    server.api.get("/api/v1/org/units/" + UUID.randomUUID()).problem(401);
  }
}
