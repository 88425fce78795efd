package se.tjanstemobil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.tjanstemobil.support.Orgs.employee;
import static se.tjanstemobil.support.Orgs.unit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.Application;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.FakeIdentityProvider;
import se.tjanstemobil.support.TestCertificates;
import se.tjanstemobil.support.TestDatabase;
import se.tjanstemobil.support.TestServer;

/**
 * The production setup exactly as the README documents it: config/production.example.yaml copied to
 * config/application-production.yaml, TJM_PROFILE=production, DATABASE_URL naming an external
 * PostgreSQL (here a fresh database of the test server), the identity provider's issuer and https
 * JWKS URL (with its CA, as a region's own), and the first administrator of the empty database. It
 * passes the start check, starts, gets its first ADMIN through the first import, and serves a
 * browser on the listed origin; metrics stay on the management port.
 */
class ProductionExampleTest {

  private static final String FIRST_ADMIN = "SE2321000207-E00001";
  private static final String ORIGIN = "https://tjanstemobil.example-region.se";

  @Test
  void theDocumentedProductionSetupStartsAndGetsItsFirstAdministrator() throws Exception {
    TestCertificates.Issued tls = TestCertificates.create("production-example-idp");
    try (FakeIdentityProvider idp = new FakeIdentityProvider("nobody", tls)) {
      Path work = TestDatabase.targetDir().resolve("production-example");
      TestDatabase.deleteRecursively(work);
      Files.createDirectories(work.resolve("config"));
      Files.copy(
          TestServer.projectRoot().resolve("config/production.example.yaml"),
          work.resolve("config/application-production.yaml"));
      Map<String, String> env =
          Map.of(
              "TJM_PROFILE",
              "production",
              "DATABASE_URL",
              TestDatabase.freshDatabase("production_example"),
              "TJM_AUTH_ISSUER",
              FakeIdentityProvider.ISSUER,
              "TJM_AUTH_JWKSURL",
              idp.base() + "/jwks.json",
              "TJM_AUTH_JWKSROOTCERT",
              tls.caPem().toString(),
              "TJM_AUTH_BOOTSTRAPADMINS",
              FIRST_ADMIN,
              // Free ports instead of 8080 and 9464: this machine runs other servers.
              "TJM_HTTP_PORT",
              "0",
              "TJM_METRICS_PORT",
              "0");
      AppConfig config = AppConfig.load(work, env, Map.of());
      assertEquals(
          List.of(),
          ConfigCheck.problems(config),
          "the documented setup does not pass the start check");

      Application app = new Application(config, work);
      try {
        TestServer.await(app.start());
        TestServer.await(app.ready());
        Api api = new Api("http://127.0.0.1:" + app.port());
        assertEquals(200, api.get("/health/ready").status());

        // The example names the person by the HSA-id claim, for the audience tjanstemobil.
        Api admin = api.withToken(idp.token("hsa_id", FIRST_ADMIN, "tjanstemobil"));
        admin.get("/api/v1/me").problem(401);
        JsonObject organisation =
            new JsonObject()
                .put("units", new JsonArray().add(unit("RJH", "Region Jämtland Härjedalen", null)))
                .put(
                    "employees",
                    new JsonArray()
                        .add(employee(FIRST_ADMIN, "Anna Andersson", "RJH"))
                        .add(employee("SE2321000207-E00002", "Bo Berg", "RJH")));
        Api.Response imported = admin.post("/api/v1/admin/org/import", organisation);
        assertEquals(200, imported.status(), imported.text());
        Api.Response me = admin.get("/api/v1/me");
        assertEquals(200, me.status(), me.text());
        assertTrue(
            me.json().getJsonArray("roles").stream()
                .anyMatch(r -> "ADMIN".equals(((JsonObject) r).getString("role"))),
            me.text());

        // The console's origin may call the API from a browser.
        Api.Response preflight =
            api.send(
                api.builder("/api/v1/me")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", ORIGIN)
                    .header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "authorization"));
        assertTrue(
            preflight.status() == 200 || preflight.status() == 204,
            preflight.status() + " " + preflight.text());
        assertEquals(
            ORIGIN, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

        // Links carry the configured address, not the Host a client sent.
        String feed =
            admin.post("/api/v1/me/calendar-feed", new JsonObject()).json().getString("url");
        assertTrue(
            feed.startsWith("https://tjanstemobil.example-region.se/api/v1/calendar/"), feed);

        // Metrics are on the management port only.
        api.get("/metrics").problem(404);
        assertEquals(
            200, new Api("http://127.0.0.1:" + app.metricsPort()).get("/metrics").status());
      } finally {
        TestServer.await(app.stop());
      }
    }
  }
}
