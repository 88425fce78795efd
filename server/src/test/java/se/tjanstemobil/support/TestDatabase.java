package se.tjanstemobil.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import se.tjanstemobil.db.DatabaseUrl;
import se.tjanstemobil.db.EmbeddedDatabase;
import se.tjanstemobil.db.Migrations;

/**
 * One embedded PostgreSQL per test JVM (started by the server's own EmbeddedDatabase class), a
 * fresh database for each test class, copied from a template migrated once per JVM.
 */
public final class TestDatabase {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final String TEMPLATE = "tjm_template";
  private static EmbeddedDatabase server;
  private static String template;

  private TestDatabase() {}

  /** The target folder of the server module: test data lives there, never under /tmp. */
  public static Path targetDir() {
    return Path.of("target").toAbsolutePath();
  }

  public static synchronized EmbeddedDatabase server() {
    if (server == null) {
      try {
        Path dir = targetDir().resolve("test-postgres");
        deleteRecursively(dir);
        server = EmbeddedDatabase.start(dir, 0);
        EmbeddedDatabase started = server;
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        started.close();
                      } catch (IOException ignored) {
                        // the JVM is going away
                      }
                    }));
      } catch (IOException e) {
        throw new IllegalStateException("Cannot start the test PostgreSQL", e);
      }
    }
    return server;
  }

  /**
   * Creates a new, empty database and returns its postgresql:// URL: for tests of migrating itself
   * (readiness while Flyway waits, a second server on one database).
   */
  public static String freshDatabase(String hint) {
    String name = name(hint);
    server().createDatabaseIfMissing(name);
    return server().url(name);
  }

  /**
   * Creates a new database as a copy of the migrated template and returns its postgresql:// URL.
   * The copy holds Flyway's schema history, so the server's own migration run validates it and
   * applies nothing (copying takes a few milliseconds, migrating an empty database about a second).
   */
  public static String migratedDatabase(String hint) {
    if ("false".equals(System.getenv("TEST_TEMPLATE"))) {
      // TEST_TEMPLATE=false: every server migrates its empty database (to time the template).
      return freshDatabase(hint);
    }
    String name = name(hint);
    String template = template();
    try (Connection c = jdbc(server().url("postgres"));
        Statement s = c.createStatement()) {
      // Both names are ours (a constant and a generated name), never input.
      s.execute("CREATE DATABASE \"" + name + "\" TEMPLATE \"" + template + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot copy the template database: " + e.getMessage(), e);
    }
    return server().url(name);
  }

  /**
   * The migrated template, made once per JVM. The data folder is wiped when the JVM starts its
   * PostgreSQL, so the template always holds the migrations on this classpath; no session may
   * connect to it afterwards (a copy needs its template without sessions).
   */
  private static synchronized String template() {
    if (template == null) {
      server().createDatabaseIfMissing(TEMPLATE);
      Migrations.migrate(DatabaseUrl.parse(server().url(TEMPLATE)));
      try (Connection c = jdbc(server().url("postgres"));
          Statement s = c.createStatement()) {
        s.execute(
            "ALTER DATABASE \"" + TEMPLATE + "\" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
      } catch (SQLException e) {
        throw new IllegalStateException("Cannot mark the template database: " + e.getMessage(), e);
      }
      template = TEMPLATE;
    }
    return template;
  }

  private static String name(String hint) {
    return ("t_" + hint.replaceAll("[^A-Za-z0-9]", "_") + "_" + COUNTER.incrementAndGet())
        .toLowerCase(Locale.ROOT);
  }

  /**
   * A plain JDBC connection to a database given by its postgresql:// URL (for checks behind the
   * API's back).
   */
  public static Connection jdbc(String url) throws SQLException {
    return DriverManager.getConnection("jdbc:" + url.replace("postgres@", ""), "postgres", "");
  }

  /** The first column of the first row of a query, as a number (counts, mostly). */
  public static long count(String url, String sql) {
    try (Connection c = jdbc(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The first column of every row of a query, as text. */
  public static List<String> texts(String url, String sql) {
    try (Connection c = jdbc(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> texts = new ArrayList<>();
      while (rs.next()) {
        texts.add(rs.getString(1));
      }
      return texts;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** Runs a statement; returns the rows it changed. */
  public static int update(String url, String sql) {
    try (Connection c = jdbc(url);
        Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
