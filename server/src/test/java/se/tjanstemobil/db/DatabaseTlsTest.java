package se.tjanstemobil.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Row;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.TestCertificates;
import se.tjanstemobil.support.TestDatabase;
import se.tjanstemobil.support.TestServer;

/**
 * A region's database on another host is reached over TLS, asked for in DATABASE_URL as libpq reads
 * it (sslmode, sslrootcert). Here a PostgreSQL of its own that takes TLS connections only (pg_hba:
 * hostssl), with a certificate from a test CA: the server migrates (Flyway, JDBC) and serves
 * (Vert.x pool) over TLS, checks the certificate and host with verify-full, and does not start
 * against a certificate its root does not vouch for.
 */
class DatabaseTlsTest {

  private static EmbeddedPostgres postgres;
  private static TestCertificates.Issued certificates;
  private static TestCertificates.Issued strangers;

  @BeforeAll
  static void start() throws Exception {
    certificates = TestCertificates.create("database-tls");
    strangers = TestCertificates.create("database-tls-other-ca");
    Path dir = TestDatabase.targetDir().resolve("tls-postgres");
    TestDatabase.deleteRecursively(dir);
    postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir)
            .setCleanDataDirectory(true)
            .setLocaleConfig("locale", "C")
            .setLocaleConfig("encoding", "UTF8")
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("ssl", "on")
            .setServerConfig("ssl_cert_file", certificates.serverCertPem().toString())
            .setServerConfig("ssl_key_file", certificates.serverKeyPem().toString())
            .setPGStartupWait(Duration.ofSeconds(60))
            .start();
    // From now on, TCP connections without TLS are refused.
    Files.writeString(
        dir.resolve("pg_hba.conf"),
        """
      local all all trust
      hostssl all all 127.0.0.1/32 trust
      hostnossl all all 127.0.0.1/32 reject
      """);
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_reload_conf()");
      s.execute("CREATE DATABASE tls_app");
      s.execute("CREATE DATABASE tls_refused");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private static String url(String database, String query) {
    return "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/" + database + "?" + query;
  }

  private static String rootCert(Path pem) {
    return URLEncoder.encode(pem.toString(), StandardCharsets.UTF_8);
  }

  @Test
  void theServerMigratesAndServesOverTlsCheckingCertificateAndHost() {
    try (TestServer server =
        TestServer.start(
            "database_tls",
            Map.of(
                "database.url",
                url(
                    "tls_app",
                    "sslmode=verify-full&sslrootcert=" + rootCert(certificates.caPem()))))) {
      assertEquals(200, server.api.get("/health/ready").status());
      // The pool's connection is encrypted...
      Row row =
          TestServer.await(
                  server
                      .app()
                      .pool()
                      .query("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                      .execute())
              .iterator()
              .next();
      assertTrue(row.getBoolean("ssl"), "the pool's connection is not encrypted");
      // ...and so was Flyway's: with hostssl only, no migration could have run otherwise.
      assertTrue(
          TestServer.await(
                      server
                          .app()
                          .pool()
                          .query("SELECT count(*) AS n FROM flyway_schema_history")
                          .execute())
                  .iterator()
                  .next()
                  .getLong("n")
              > 0);
      assertEquals(401, server.api.get("/api/v1/me").status());
    }
  }

  @Test
  void requireEncryptsWithoutARootCertificateAsLibpqDoes() {
    try (TestServer server =
        TestServer.start(
            "database_tls_require", Map.of("database.url", url("tls_app", "sslmode=require")))) {
      Row row =
          TestServer.await(
                  server
                      .app()
                      .pool()
                      .query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                      .execute())
              .iterator()
              .next();
      assertTrue(row.getBoolean("ssl"));
    }
  }

  @Test
  void aCertificateTheRootDoesNotVouchForIsRefused() {
    TestServer server =
        TestServer.startNotWaiting(
            "database_tls_refused",
            url("tls_refused", "sslmode=verify-full&sslrootcert=" + rootCert(strangers.caPem())));
    try {
      assertThrows(IllegalStateException.class, () -> TestServer.await(server.app().ready()));
      assertEquals(503, server.api.get("/health/ready").status());
    } finally {
      server.close();
    }
  }
}
