package se.tjanstemobil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.TestServer;

/** Loading and checking the configuration, as an operator meets it at start. */
class ConfigTest {

  private static final Path ROOT = TestServer.projectRoot();

  private static AppConfig load(Map<String, String> env) {
    return AppConfig.load(ROOT, env, Map.of());
  }

  private static AppConfig load(Map<String, String> env, Map<String, Object> overrides) {
    return AppConfig.load(ROOT, env, overrides);
  }

  private static void assertProblemNaming(
      List<String> problems, String key, String... alsoContains) {
    boolean found =
        problems.stream()
            .anyMatch(
                p -> p.startsWith(key + " ") && Arrays.stream(alsoContains).allMatch(p::contains));
    assertTrue(found, "expected a problem naming " + key + " in " + problems);
  }

  @Test
  void defaultsComeFromApplicationYamlAndPassTheCheck() {
    AppConfig c = load(Map.of());
    assertEquals("dev", c.profile());
    assertFalse(c.isProduction());
    assertEquals(8080, c.integer("http.port"));
    assertEquals("tjanstemobil-dev", c.string("auth.issuer"));
    assertEquals("tjanstemobil", c.string("auth.audience"));
    assertEquals("sub", c.string("auth.employeeClaim"));
    assertEquals(30, c.integer("auth.clockSkewSeconds"));
    assertEquals(List.of("ES256", "RS256"), c.list("auth.algorithms"));
    assertTrue(c.bool("auth.devLogin.enabled"));
    assertEquals("", c.string("database.url"));
    assertEquals("Europe/Stockholm", c.string("organisation.defaultTimeZone"));
    // The dev profile file applies on top of the defaults.
    assertTrue(c.bool("demo.enabled"), "config/application-dev.yaml turns the demo region on");
    assertEquals(List.of(), ConfigCheck.problems(c));
  }

  @Test
  void theTestProfileFileOverridesTheDefaults() {
    AppConfig c = load(Map.of("TJM_PROFILE", "test"));
    assertEquals("test", c.profile());
    assertEquals(0, c.integer("http.port"));
    assertEquals(1, c.integer("http.instances"));
    assertFalse(c.bool("demo.enabled"));
  }

  @Test
  void anEnvironmentVariableOverridesAKey() {
    AppConfig c =
        load(
            Map.of(
                "TJM_HTTP_PORT", "9090",
                "TJM_AUTH_ISSUER", "https://idp.region.example",
                "TJM_AUTH_DEVLOGIN_ENABLED", "false",
                "TJM_AUTH_JWKSURL", "https://idp.region.example/jwks",
                "TJM_AUTH_ALGORITHMS", "RS256, PS256",
                "TJM_DATABASE_EMBEDDED_PORT", "6543"));
    assertEquals(9090, c.integer("http.port"));
    assertEquals("https://idp.region.example", c.string("auth.issuer"));
    assertFalse(c.bool("auth.devLogin.enabled"));
    assertEquals(List.of("RS256", "PS256"), c.list("auth.algorithms"));
    assertEquals(6543, c.integer("database.embedded.port"));
    assertEquals(List.of(), ConfigCheck.problems(c));
    // Untouched keys keep their defaults.
    assertEquals("tjanstemobil", c.string("auth.audience"));
  }

  @Test
  void theEnvironmentVariableNameFollowsTheKey() {
    assertEquals("TJM_HTTP_PORT", AppConfig.envName("http.port"));
    assertEquals("TJM_PUSH_FCM_ENDPOINT", AppConfig.envName("push.fcm.endpoint"));
    assertEquals("TJM_AUTH_DEVLOGIN_ENABLED", AppConfig.envName("auth.devLogin.enabled"));
  }

  @Test
  void aMalformedNumberFromTheEnvironmentIsAProblemNamingTheKey() {
    AppConfig c = load(Map.of("TJM_HTTP_PORT", "eighty"));
    assertProblemNaming(ConfigCheck.problems(c), "http.port", "eighty");
    ConfigException e = assertThrows(ConfigException.class, () -> c.integer("http.port"));
    assertEquals("http.port", e.key());
  }

  @Test
  void databaseUrlWins() {
    AppConfig c =
        load(
            Map.of(
                "TJM_DATABASE_URL", "postgresql://tjm:secret@from-tjm:5432/tjm",
                "DATABASE_URL", "postgresql://app:pw@db.region.example:5432/tjanstemobil"));
    assertEquals(
        "postgresql://app:pw@db.region.example:5432/tjanstemobil", c.string("database.url"));

    AppConfig onlyTjm =
        load(Map.of("TJM_DATABASE_URL", "postgresql://tjm:secret@from-tjm:5432/tjm"));
    assertEquals("postgresql://tjm:secret@from-tjm:5432/tjm", onlyTjm.string("database.url"));
  }

  @Test
  void productionRefusesMetricsOpenToEveryoneOnTheApisPort() {
    List<String> problems = ConfigCheck.problems(load(production("TJM_METRICS_PORT")));
    assertProblemNaming(problems, "metrics.port or metrics.token", "production");
    assertEquals(1, problems.size(), problems.toString());
    Map<String, String> withToken = production("TJM_METRICS_PORT");
    withToken.put("TJM_METRICS_TOKEN", "a-scrape-secret-of-32-characters");
    assertEquals(List.of(), ConfigCheck.problems(load(withToken)));
    withToken.put("TJM_METRICS_TOKEN", "short");
    assertProblemNaming(ConfigCheck.problems(load(withToken)), "metrics.token", "24");
    Map<String, String> off = production("TJM_METRICS_PORT");
    off.put("TJM_METRICS_ENABLED", "false");
    assertEquals(List.of(), ConfigCheck.problems(load(off)));
  }

  @Test
  void tlsSettingsOfTheDatabaseUrlAreCheckedAtStart() {
    assertEquals(
        List.of(),
        ConfigCheck.problems(
            load(
                Map.of(
                    "DATABASE_URL",
                    "postgresql://app:pw@db.region.example:5432/tjanstemobil?sslmode=require"))));
    assertProblemNaming(
        ConfigCheck.problems(
            load(
                Map.of(
                    "DATABASE_URL",
                    "postgresql://app:pw@db.region.example:5432/tjanstemobil?sslmode=verify-full"))),
        "database.url",
        "sslrootcert");
    assertProblemNaming(
        ConfigCheck.problems(
            load(
                Map.of(
                    "DATABASE_URL",
                    "postgresql://app:pw@db.region.example:5432/tjanstemobil?sslmode=verify-full&sslrootcert=/no/such/ca.pem"))),
        "database.url",
        "/no/such/ca.pem");
    assertProblemNaming(
        ConfigCheck.problems(
            load(
                Map.of(
                    "DATABASE_URL",
                    "postgresql://app:pw@db.region.example:5432/tjanstemobil?sslmode=sometimes"))),
        "database.url",
        "sslmode");
    assertProblemNaming(
        ConfigCheck.problems(
            load(
                Map.of(
                    "DATABASE_URL",
                    "postgresql://app:pw@db.region.example:5432/tjanstemobil?sslmode=require&sslcert=/etc/client.pem"))),
        "database.url",
        "sslcert");
  }

  @Test
  void aDatabaseUrlThatIsNotPostgresIsAProblem() {
    assertProblemNaming(
        ConfigCheck.problems(load(Map.of("DATABASE_URL", "mysql://db/x"))), "database.url");
  }

  @Test
  void productionWithoutADatabaseAndWithDevLoginRefusesToStart() {
    AppConfig c = load(Map.of("TJM_PROFILE", "production"));
    assertTrue(c.isProduction());
    List<String> problems = ConfigCheck.problems(c);
    assertProblemNaming(problems, "database.url", "production");
    assertProblemNaming(problems, "auth.devLogin.enabled", "production");
  }

  private static final Map<String, String> PRODUCTION =
      Map.of(
          "TJM_PROFILE", "production",
          "DATABASE_URL", "postgresql://app:pw@db.region.example:5432/tjanstemobil",
          "TJM_AUTH_DEVLOGIN_ENABLED", "false",
          "TJM_AUTH_JWKSURL", "https://idp.region.example/jwks",
          "TJM_AUTH_ISSUER", "https://idp.region.example",
          "TJM_HTTP_PUBLICBASEURL", "https://tjanstemobil.region.example",
          "TJM_METRICS_PORT", "9464");

  private static Map<String, String> production(String... without) {
    Map<String, String> env = new HashMap<>(PRODUCTION);
    for (String key : without) {
      env.remove(key);
    }
    return env;
  }

  @Test
  void aProperProductionConfigurationPasses() {
    assertEquals(List.of(), ConfigCheck.problems(load(PRODUCTION)));
  }

  @Test
  void productionRefusesToStartWithoutAPublicBaseUrl() {
    // Links the server hands out (the calendar feed) would otherwise be built from the caller's
    // Host header.
    List<String> problems = ConfigCheck.problems(load(production("TJM_HTTP_PUBLICBASEURL")));
    assertProblemNaming(problems, "http.publicBaseUrl", "production");
    assertEquals(1, problems.size(), problems.toString());

    Map<String, String> plain = production();
    plain.put("TJM_HTTP_PUBLICBASEURL", "http://tjanstemobil.region.example");
    assertProblemNaming(ConfigCheck.problems(load(plain)), "http.publicBaseUrl", "https");
    plain.put("TJM_HTTP_PUBLICBASEURL", "tjanstemobil.region.example");
    assertProblemNaming(ConfigCheck.problems(load(plain)), "http.publicBaseUrl");
  }

  @Test
  void productionRefusesAPlainHttpJwksUrlAndTheDemoRegion() {
    AppConfig c =
        load(
            Map.of("TJM_PROFILE", "production"),
            Map.of(
                "database.url",
                "postgresql://app:pw@db.region.example:5432/tjanstemobil",
                "auth.devLogin.enabled",
                false,
                "auth.jwksUrl",
                "http://idp.region.example/jwks",
                "http.publicBaseUrl",
                "https://tjanstemobil.region.example",
                "metrics.port",
                9464,
                "demo.enabled",
                true));
    List<String> problems = ConfigCheck.problems(c);
    assertProblemNaming(problems, "auth.jwksUrl", "https");
    assertProblemNaming(problems, "demo.enabled");
    assertEquals(2, problems.size(), problems.toString());
  }

  @Test
  void withNeitherJwksNorDevLoginNoTokenCouldBeVerified() {
    assertProblemNaming(
        ConfigCheck.problems(load(Map.of("TJM_AUTH_DEVLOGIN_ENABLED", "false"))), "auth.jwksUrl");
  }

  @Test
  void aBadTimeZoneIsAProblemNamingTheKey() {
    List<String> problems =
        ConfigCheck.problems(load(Map.of("TJM_ORGANISATION_DEFAULTTIMEZONE", "Europe/Stockholmm")));
    assertProblemNaming(problems, "organisation.defaultTimeZone", "Europe/Stockholmm");
    assertEquals(1, problems.size(), problems.toString());
  }

  @Test
  void anUnknownKeyInAnOverrideIsRefusedByName() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> load(Map.of(), Map.of("auth.jwksUrll", "https://idp.region.example/jwks")));
    assertEquals("auth.jwksUrll", e.key());
    assertTrue(e.getMessage().contains("auth.jwksUrll"), e.getMessage());
  }

  @Test
  void anHmacAlgorithmIsRefused() {
    List<String> problems =
        ConfigCheck.problems(load(Map.of("TJM_AUTH_ALGORITHMS", "ES256,HS256")));
    assertProblemNaming(problems, "auth.algorithms", "'HS256'");
    assertEquals(1, problems.size(), problems.toString());

    List<String> fromOverride =
        ConfigCheck.problems(load(Map.of(), Map.of("auth.algorithms", List.of("RS256", "none"))));
    assertProblemNaming(fromOverride, "auth.algorithms", "'none'");

    assertProblemNaming(
        ConfigCheck.problems(load(Map.of("TJM_AUTH_ALGORITHMS", ""))),
        "auth.algorithms",
        "at least one");
  }

  @Test
  void anUnknownProfileIsAProblem() {
    assertProblemNaming(
        ConfigCheck.problems(load(Map.of("TJM_PROFILE", "prod"))), "profile", "prod");
  }
}
