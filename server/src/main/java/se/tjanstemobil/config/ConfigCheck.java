package se.tjanstemobil.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import se.tjanstemobil.db.DatabaseUrl;

/** Checks the configuration at start; every problem names its key. */
public final class ConfigCheck {

  private static final Set<String> PROFILES = Set.of("dev", "test", "production");
  private static final Set<String> SIGNATURE_ALGORITHMS =
      Set.of(
          "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA");

  private static final String DAY = "(MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY)";
  private static final String CLOCK = "([01][0-9]|2[0-3]):[0-5][0-9]";
  private static final String WEEKLY_ENTRY = DAY + "(-" + DAY + ")?\\s+" + CLOCK + "-" + CLOCK;

  private ConfigCheck() {}

  /** Returns the problems found; empty when the server may start. */
  public static List<String> problems(AppConfig config) {
    List<String> problems = new ArrayList<>();
    check(
        problems,
        () -> {
          if (!PROFILES.contains(config.profile())) {
            problems.add("profile must be one of " + PROFILES + ", was '" + config.profile() + "'");
          }
        });
    check(problems, () -> port(problems, config, "http.port", true));
    check(problems, () -> port(problems, config, "database.embedded.port", true));
    check(problems, () -> positive(problems, config, "http.bodyLimitBytes"));
    check(problems, () -> positive(problems, config, "http.importBodyLimitBytes"));
    check(problems, () -> positive(problems, config, "http.headTimeoutSeconds"));
    check(problems, () -> positive(problems, config, "http.bodyTimeoutSeconds"));
    check(problems, () -> positive(problems, config, "database.poolSize"));
    check(problems, () -> positive(problems, config, "auth.devLogin.tokenTtlSeconds"));
    check(
        problems,
        () -> {
          if (config.integer("http.instances") < 0) {
            problems.add("http.instances must be 0 (one per core) or more");
          }
        });
    check(
        problems,
        () -> {
          String zone = config.string("organisation.defaultTimeZone");
          try {
            ZoneId.of(zone);
          } catch (DateTimeException e) {
            problems.add(
                "organisation.defaultTimeZone '"
                    + zone
                    + "' is not a time zone (e.g. Europe/Stockholm)");
          }
        });
    check(
        problems,
        () -> {
          for (String entry : config.list("availability.defaultWeekly")) {
            if (!entry.trim().matches(WEEKLY_ENTRY)) {
              problems.add(
                  "availability.defaultWeekly entry '"
                      + entry
                      + "' is not like MONDAY-FRIDAY 07:00-16:00");
            }
          }
        });
    check(problems, () -> positive(problems, config, "availability.releaseMillis"));
    check(problems, () -> positive(problems, config, "messaging.urgent.dailyLimit"));
    check(
        problems,
        () -> {
          String locale = config.string("organisation.defaultLocale");
          if (!locale.equals("sv") && !locale.equals("en")) {
            problems.add("organisation.defaultLocale must be sv or en, was '" + locale + "'");
          }
        });
    check(
        problems,
        () -> {
          for (String alg : config.list("auth.algorithms")) {
            if (!SIGNATURE_ALGORITHMS.contains(alg)) {
              problems.add(
                  "auth.algorithms may hold only asymmetric signature algorithms "
                      + SIGNATURE_ALGORITHMS
                      + "; '"
                      + alg
                      + "' is not allowed");
            }
          }
          if (config.list("auth.algorithms").isEmpty()) {
            problems.add("auth.algorithms must name at least one algorithm");
          }
        });
    check(
        problems,
        () -> {
          String url = config.string("database.url");
          if (!url.isBlank()
              && !url.startsWith("postgresql://")
              && !url.startsWith("postgres://")) {
            problems.add("database.url (or DATABASE_URL) must start with postgresql://");
          } else if (!url.isBlank()) {
            try {
              DatabaseUrl db = DatabaseUrl.parse(url);
              if (db.sslRootCert() != null && !Files.isReadable(Path.of(db.sslRootCert()))) {
                problems.add(
                    "database.url (or DATABASE_URL): sslrootcert "
                        + db.sslRootCert()
                        + " cannot be read");
              }
            } catch (IllegalArgumentException e) {
              problems.add(
                  "database.url (or DATABASE_URL) is not a database address: " + e.getMessage());
            }
          }
        });
    check(
        problems,
        () -> {
          String jwks = config.string("auth.jwksUrl");
          if (!jwks.isBlank()) {
            try {
              URI uri = URI.create(jwks);
              if (uri.getScheme() == null
                  || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                problems.add("auth.jwksUrl must be an http(s) URL, was '" + jwks + "'");
              }
            } catch (IllegalArgumentException e) {
              problems.add("auth.jwksUrl is not a URL: '" + jwks + "'");
            }
          }
          String rootCert = config.string("auth.jwksRootCert");
          if (!rootCert.isBlank() && !Files.isReadable(Path.of(rootCert))) {
            problems.add("auth.jwksRootCert " + rootCert + " cannot be read");
          }
          if (jwks.isBlank() && !config.bool("auth.devLogin.enabled")) {
            problems.add(
                "auth.jwksUrl is required when auth.devLogin.enabled is false (no way to verify tokens)");
          }
        });
    check(
        problems,
        () -> {
          String file = config.string("push.fcm.credentialsFile");
          if (!file.isBlank() && !Files.isReadable(Path.of(file))) {
            problems.add("push.fcm.credentialsFile " + file + " cannot be read");
          }
          String endpoint = config.string("push.fcm.endpoint");
          if (!endpoint.isBlank() && !endpoint.matches("https?://[^/\\s]+(/.*)?")) {
            problems.add("push.fcm.endpoint must be an http(s) base URL, was '" + endpoint + "'");
          }
          if (!endpoint.isBlank()
              && file.isBlank()
              && config.string("push.fcm.projectId").isBlank()) {
            problems.add(
                "push.fcm.projectId is required with push.fcm.endpoint when there is no credentials file");
          }
          int batch = config.integer("push.batchSize");
          if (batch < 1 || batch > 500) {
            problems.add("push.batchSize must be 1-500 (FCM's sendEach limit), was " + batch);
          }
        });
    check(
        problems,
        () -> {
          String base = config.string("http.publicBaseUrl");
          if (!base.isBlank() && !base.matches("https?://[^/\\s?#]+(/[^\\s?#]*)?")) {
            problems.add(
                "http.publicBaseUrl must be the server's base URL, like https://tjanstemobil.region.se, was '"
                    + base
                    + "'");
          }
        });
    check(
        problems,
        () -> {
          int port = config.integer("metrics.port");
          if (port < -1 || port > 65535) {
            problems.add(
                "metrics.port must be -1 (on the API's port) or a port number 0-65535, was "
                    + port);
          } else if (port > 0 && port == config.integer("http.port")) {
            problems.add(
                "metrics.port must differ from http.port ("
                    + port
                    + "); -1 serves /metrics on the API's port");
          }
          String token = config.string("metrics.token");
          if (!token.isBlank() && token.length() < 24) {
            problems.add(
                "metrics.token must be at least 24 characters (a secret), was " + token.length());
          }
        });
    check(problems, () -> positive(problems, config, "events.maxStreamsPerPerson"));
    check(problems, () -> positive(problems, config, "push.quotaPerMinute"));
    check(problems, () -> positive(problems, config, "push.workerHeartbeatSeconds"));
    check(problems, () -> positive(problems, config, "push.sdkThreads"));
    check(problems, () -> positive(problems, config, "push.maxBatchesInFlight"));
    check(problems, () -> positive(problems, config, "push.maxAttempts"));
    check(problems, () -> positive(problems, config, "push.leaseSeconds"));
    if (config.isProduction()) {
      check(
          problems,
          () -> {
            if (config.string("database.url").isBlank()) {
              problems.add(
                  "database.url (or DATABASE_URL) is required in production: the embedded database is for development");
            }
            if (config.bool("auth.devLogin.enabled")) {
              problems.add(
                  "auth.devLogin.enabled must be false in production: dev login hands out tokens to anyone");
            }
            if (config.bool("demo.enabled")) {
              problems.add("demo.enabled must be false in production");
            }
            if (config.string("auth.jwksUrl").startsWith("http://")) {
              problems.add("auth.jwksUrl must use https in production");
            }
            String base = config.string("http.publicBaseUrl");
            if (base.isBlank()) {
              problems.add(
                  "http.publicBaseUrl is required in production: links the server hands out (the calendar feed)"
                      + " would be built from the Host header a client sends");
            } else if (!base.startsWith("https://")) {
              problems.add("http.publicBaseUrl must use https in production, was '" + base + "'");
            }
            if (config.bool("metrics.enabled")
                && config.integer("metrics.port") == -1
                && config.string("metrics.token").isBlank()) {
              problems.add(
                  "metrics.port or metrics.token is required in production with metrics.enabled:"
                      + " /metrics would answer anyone who reaches the API's port");
            }
          });
    }
    return problems;
  }

  private static void port(
      List<String> problems, AppConfig config, String key, boolean zeroAllowed) {
    int port = config.integer(key);
    if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
      problems.add(key + " must be a port number 0-65535, was " + port);
    }
  }

  private static void positive(List<String> problems, AppConfig config, String key) {
    if (config.integer(key) <= 0) {
      problems.add(key + " must be greater than 0, was " + config.integer(key));
    }
  }

  private static void check(List<String> problems, Runnable check) {
    try {
      check.run();
    } catch (ConfigException e) {
      problems.add(e.getMessage().replaceFirst("^Configuration ", ""));
    }
  }
}
