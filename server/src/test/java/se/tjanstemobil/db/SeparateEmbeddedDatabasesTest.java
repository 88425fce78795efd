package se.tjanstemobil.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.Application;
import se.tjanstemobil.config.AppConfig;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestDatabase;
import se.tjanstemobil.support.TestServer;

/**
 * Two servers on one machine, each with the embedded PostgreSQL of its own data folder (two clones
 * started on their defaults): they never share one PostgreSQL. On the default port each takes a
 * free one; both configured on the same port, the second refuses to start and names the conflict;
 * and a second server on a folder a running one holds refuses too, leaving the first's database
 * alone.
 */
class SeparateEmbeddedDatabasesTest {

  private static Path folder(String name) throws IOException {
    Path dir = TestDatabase.targetDir().resolve("separate-embedded/" + name);
    TestDatabase.deleteRecursively(dir);
    return dir;
  }

  private static Map<String, Object> embedded(Path dataDirectory, Integer port) {
    Map<String, Object> o = new HashMap<>();
    o.put("database.url", "");
    o.put("database.embedded.dataDirectory", dataDirectory.toString());
    if (port != null) {
      o.put("database.embedded.port", port);
    }
    return o;
  }

  private static String scalar(TestServer server, String sql) {
    return String.valueOf(
        TestServer.await(server.app().pool().query(sql).execute()).iterator().next().getValue(0));
  }

  private static Path realDataDirectory(TestServer server) throws IOException {
    return Path.of(scalar(server, "SHOW data_directory")).toRealPath();
  }

  /** Starts a server that must not start; returns why it did not. */
  private static String refusal(String name, Map<String, Object> overrides) throws Exception {
    Map<String, Object> all = new HashMap<>(overrides);
    all.put("profile", "test");
    all.put(
        "auth.devLogin.keyFile",
        TestDatabase.targetDir().resolve("test-keys/" + name + ".json").toString());
    Application app =
        new Application(
            AppConfig.load(TestServer.projectRoot(), Map.of(), all), TestServer.projectRoot());
    try {
      app.start()
          .compose(a -> a.ready())
          .toCompletionStage()
          .toCompletableFuture()
          .get(120, TimeUnit.SECONDS);
      fail("the second server started");
      return null;
    } catch (ExecutionException e) {
      return e.getCause().getMessage();
    } finally {
      app.stop().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void onTheirDefaultsTwoServersEachHaveTheirOwnPostgres() throws Exception {
    Path a = folder("default-a");
    Path b = folder("default-b");
    TestServer first = TestServer.start("separate_default_a", embedded(a, null));
    TestServer second = null;
    try {
      first.importOrganisation(Orgs.small());
      second = TestServer.start("separate_default_b", embedded(b, null));
      assertEquals(a.toRealPath(), realDataDirectory(first));
      assertEquals(
          b.toRealPath(),
          realDataDirectory(second),
          "the second server is on another folder's PostgreSQL");
      assertNotEquals(scalar(first, "SHOW port"), scalar(second, "SHOW port"));
      assertEquals(
          "0",
          scalar(second, "SELECT count(*) FROM employees"),
          "the second sees the first one's data");
      first.close();
      first = null;
      // The first one's PostgreSQL is gone; the second does not notice.
      assertEquals("0", scalar(second, "SELECT count(*) FROM employees"));
      assertEquals(200, second.api.get("/health/ready").status());
    } finally {
      if (first != null) {
        first.close();
      }
      if (second != null) {
        second.close();
      }
    }
  }

  @Test
  void twoServersConfiguredOnOnePortDoNotShareItsPostgres() throws Exception {
    int port = freePort();
    Path a = folder("port-a");
    Path b = folder("port-b");
    try (TestServer first = TestServer.start("separate_port_a", embedded(a, port))) {
      first.importOrganisation(Orgs.small());
      String why = refusal("separate_port_b", embedded(b, port));
      assertTrue(why.contains("database.embedded.port") && why.contains(String.valueOf(port)), why);
      assertTrue(
          why.contains(a.toRealPath().toString()),
          "it names whose PostgreSQL holds the port: " + why);
      assertTrue(
          !Files.exists(b.resolve("postmaster.pid")), "no PostgreSQL was left running on " + b);
      // The first one works on, on its own folder, with its own data.
      assertEquals(a.toRealPath(), realDataDirectory(first));
      assertEquals("7", scalar(first, "SELECT count(*) FROM employees"));
      assertEquals(200, first.api.get("/health/ready").status());
    }
  }

  @Test
  void aSecondServerOnAFolderInUseIsRefusedAndTheFirstKeepsItsDatabase() throws Exception {
    Path a = folder("shared-folder");
    try (TestServer first = TestServer.start("separate_same_a", embedded(a, 0))) {
      first.importOrganisation(Orgs.small());
      String pid = Files.readAllLines(a.resolve("postmaster.pid")).get(0);
      String why = refusal("separate_same_b", embedded(a, 0));
      assertTrue(why.contains("database.embedded.dataDirectory") && why.contains("in use"), why);
      assertEquals(
          pid,
          Files.readAllLines(a.resolve("postmaster.pid")).get(0),
          "the first one's PostgreSQL was stopped");
      assertEquals("7", scalar(first, "SELECT count(*) FROM employees"));
      assertEquals(200, first.api.get("/health/ready").status());
    }
  }
}
