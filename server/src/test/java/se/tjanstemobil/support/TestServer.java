package se.tjanstemobil.support;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import se.tjanstemobil.Application;
import se.tjanstemobil.config.AppConfig;
import se.tjanstemobil.org.OrgImport;

/** The real server, started in the test JVM on a free port against its own fresh database. */
public final class TestServer implements AutoCloseable {

  private final Application app;
  private final String databaseUrl;
  public final Api api;

  private TestServer(Application app, String databaseUrl) {
    this.app = app;
    this.databaseUrl = databaseUrl;
    this.api = new Api("http://127.0.0.1:" + app.port());
  }

  public static TestServer start(String name) {
    return start(name, Map.of());
  }

  /**
   * Starts with the test profile, a fresh database (a copy of the migrated template) and any
   * overrides; waits until ready.
   */
  public static TestServer start(String name, Map<String, Object> overrides) {
    return start(name, overrides, Clock.systemUTC());
  }

  /** As {@link #start(String, Map)}, with a clock the test controls (see {@link TestClock}). */
  public static TestServer start(String name, Map<String, Object> overrides, Clock clock) {
    String url =
        overrides.containsKey("database.url")
            ? (String) overrides.get("database.url")
            : TestDatabase.migratedDatabase(name);
    Application app = launch(name, url, overrides, clock);
    await(app.ready());
    return new TestServer(app, url);
  }

  /** Starts without waiting for migrations: for tests of readiness itself. */
  public static TestServer startNotWaiting(String name, String databaseUrl) {
    return new TestServer(launch(name, databaseUrl, Map.of(), Clock.systemUTC()), databaseUrl);
  }

  private static Application launch(
      String name, String url, Map<String, Object> overrides, Clock clock) {
    Map<String, Object> all = new HashMap<>();
    all.put("profile", "test");
    all.put("database.url", url);
    all.put(
        "auth.devLogin.keyFile",
        TestDatabase.targetDir().resolve("test-keys/" + name + ".json").toString());
    all.putAll(overrides);
    AppConfig config = AppConfig.load(projectRoot(), Map.of(), all);
    Application app = new Application(config, projectRoot(), clock);
    await(app.start());
    return app;
  }

  public static Path projectRoot() {
    return Path.of(System.getProperty("tjm.projectRoot", "..")).toAbsolutePath().normalize();
  }

  /** One run of a background job by its name (as a feature names it), after any run in flight. */
  public void runJob(String name) {
    await(app.jobs().runOnce(name));
  }

  public Application app() {
    return app;
  }

  public String databaseUrl() {
    return databaseUrl;
  }

  /** Logs in through the dev issuer and returns a client carrying the token. */
  public Api as(String externalId) {
    return api.as(externalId);
  }

  /** Imports an organisation as the system (bypassing HTTP), for test setup. */
  public JsonObject importOrganisation(JsonObject file) {
    return await(new OrgImport(app.pool(), "sv", "Europe/Stockholm").run(file, null));
  }

  /** Runs a query behind the API's back and returns the first column of the first row. */
  public long count(String sql) {
    return TestDatabase.count(databaseUrl, sql);
  }

  public void sql(String sql) {
    try (Connection c = TestDatabase.jdbc(databaseUrl);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    await(app.stop());
  }
}
