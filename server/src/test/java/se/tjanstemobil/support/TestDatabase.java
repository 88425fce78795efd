package se.tjanstemobil.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import se.tjanstemobil.db.EmbeddedDatabase;

/**
 * One embedded PostgreSQL per test JVM (started by the server's own EmbeddedDatabase class), a
 * fresh database for each test class.
 */
public final class TestDatabase {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedDatabase server;

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

  /** Creates a new, empty database and returns its postgresql:// URL. */
  public static String freshDatabase(String hint) {
    String name =
        ("t_" + hint.replaceAll("[^A-Za-z0-9]", "_") + "_" + COUNTER.incrementAndGet())
            .toLowerCase();
    server().createDatabaseIfMissing(name);
    return server().url(name);
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
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The first column of every row of a query, as text. */
  public static java.util.List<String> texts(String url, String sql) {
    try (Connection c = jdbc(url);
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      java.util.List<String> texts = new java.util.ArrayList<>();
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
        java.sql.Statement s = c.createStatement()) {
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
