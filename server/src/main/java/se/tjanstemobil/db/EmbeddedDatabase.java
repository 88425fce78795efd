package se.tjanstemobil.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The embedded PostgreSQL 17 (zonky binaries) that the server starts itself when no database
 * is configured. Its data folder is kept, so data survives restarts. Blocking: call from a
 * worker thread.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  public static final String DATABASE = "tjanstemobil";

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts (or restarts on its kept data) the embedded server; port 0 picks a free port. */
  public static EmbeddedDatabase start(Path dataDirectory, int port) throws IOException {
    Path dir = dataDirectory.toAbsolutePath().normalize();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    if (tmp.equals(dir.getParent())) {
      // The library deletes stale data folders it finds directly in the temp folder: data there could be lost.
      throw new IOException("database.embedded.dataDirectory must not be directly in " + tmp + ": " + dir);
    }
    Files.createDirectories(dir);
    stopOrphan(dir);
    log.info("Starting embedded PostgreSQL with data in {}", dir);
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
      .setDataDirectory(dir)
      .setCleanDataDirectory(false)
      .setLocaleConfig("locale", "C")
      .setLocaleConfig("encoding", "UTF8")
      .setServerConfig("synchronous_commit", "on")
      .setServerConfig("listen_addresses", "127.0.0.1")
      .setServerConfig("max_connections", "300")
      .setServerConfig("timezone", "UTC")
      .setPGStartupWait(Duration.ofSeconds(60))
      .setRegisterShutdownHook(false);
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedDatabase db = new EmbeddedDatabase(builder.start());
    db.createDatabaseIfMissing(DATABASE);
    return db;
  }

  /**
   * If this server was killed (SIGKILL, power loss of the JVM only), the PostgreSQL it started
   * outlives it and still holds the data folder: stop that one first so this start can proceed.
   */
  private static void stopOrphan(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    } catch (RuntimeException e) {
      return;
    }
    java.util.Optional<ProcessHandle> orphan = ProcessHandle.of(pid)
      .filter(p -> p.isAlive() && p.info().command().map(c -> c.contains("postgres")).orElse(false));
    if (orphan.isEmpty()) {
      return; // a stale pid file: PostgreSQL removes it itself at start
    }
    log.warn("An embedded PostgreSQL (pid {}) from a previous run still holds {}; stopping it", pid, dir);
    orphan.get().destroy();
    try {
      orphan.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("The previous embedded PostgreSQL (pid " + pid + ") did not stop", e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  /** A postgresql:// URL for the named database on this server. */
  public String url(String database) {
    return "postgresql://postgres@127.0.0.1:" + port() + "/" + database;
  }

  public void createDatabaseIfMissing(String name) {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
         PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, name);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement create = c.createStatement()) {
        // The name is ours (a constant or a test's generated name), never user input.
        create.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create database " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    log.info("Stopping embedded PostgreSQL");
    postgres.close();
  }
}
