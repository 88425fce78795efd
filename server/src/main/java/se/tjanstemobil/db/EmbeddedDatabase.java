package se.tjanstemobil.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL 17 (zonky binaries) that the server starts itself when no database is
 * configured. Its data folder is kept, so data survives restarts. The server only ever talks to the
 * PostgreSQL of its own folder: it holds the folder (a lock beside it) while it runs, refuses a
 * fixed port another PostgreSQL holds, and checks after the start that the server it reached serves
 * its folder (the library otherwise takes whatever answers on the port for its own). Blocking: call
 * from a worker thread.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  public static final String DATABASE = "tjanstemobil";

  private final EmbeddedPostgres postgres;
  private final DataFolderLock lock;

  private EmbeddedDatabase(EmbeddedPostgres postgres, DataFolderLock lock) {
    this.postgres = postgres;
    this.lock = lock;
  }

  /** Starts (or restarts on its kept data) the embedded server; port 0 picks a free port. */
  public static EmbeddedDatabase start(Path dataDirectory, int port) throws IOException {
    Path dir = dataDirectory.toAbsolutePath().normalize();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    if (tmp.equals(dir.getParent())) {
      // The library deletes stale data folders it finds directly in the temp folder: data there
      // could be lost.
      throw new IOException(
          "database.embedded.dataDirectory must not be directly in " + tmp + ": " + dir);
    }
    Files.createDirectories(dir);
    DataFolderLock lock = DataFolderLock.take(dir);
    try {
      // No running server holds the folder, so a PostgreSQL still on it was left by one that died.
      stopOrphan(dir);
      if (port > 0) {
        refuseIfTaken(port, dir);
      }
      EmbeddedDatabase db = new EmbeddedDatabase(launch(dir, port), lock);
      db.checkItServes(dir);
      db.createDatabaseIfMissing(DATABASE);
      return db;
    } catch (IOException | RuntimeException e) {
      lock.release();
      throw e;
    }
  }

  private static EmbeddedPostgres launch(Path dir, int port) throws IOException {
    log.info("Starting embedded PostgreSQL with data in {}", dir);
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
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
    return builder.start();
  }

  /**
   * A fixed port that another PostgreSQL already listens on would make the library's start
   * "succeed" on that one (ours fails to bind, and the library only waits for the port to answer).
   */
  private static void refuseIfTaken(int port, Path dir) throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException taken) {
      String holder = dataDirectoryOn(port);
      throw new IOException(
          "database.embedded.port "
              + port
              + " is taken by "
              + (holder == null
                  ? "another program"
                  : "another PostgreSQL, the one with data in " + holder)
              + "; this server's data folder is "
              + dir
              + ". Give it another port, or 0 for a free one at each start");
    }
  }

  /** The data folder of the PostgreSQL on a loopback port, when it lets us ask; null otherwise. */
  private static String dataDirectoryOn(int port) {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres?connectTimeout=5",
                "postgres",
                "");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW data_directory")) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      return null;
    }
  }

  /**
   * The PostgreSQL the library connected to must be the one on this folder, listening where the
   * folder says.
   */
  private void checkItServes(Path dir) throws IOException {
    String served;
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW data_directory")) {
      rs.next();
      served = rs.getString(1);
    } catch (SQLException e) {
      stopQuietly();
      throw new IOException(
          "Cannot ask the embedded PostgreSQL on port "
              + port()
              + " for its data folder: "
              + e.getMessage(),
          e);
    }
    Path pidFile = dir.resolve("postmaster.pid");
    List<String> pid = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
    // postmaster.pid: pid, data folder, start time, port, ...
    boolean ours =
        sameFolder(Path.of(served), dir)
            && pid.size() > 3
            && pid.get(3).trim().equals(String.valueOf(port()));
    if (!ours) {
      stopQuietly();
      throw new IOException(
          "The PostgreSQL on port "
              + port()
              + " serves the data folder "
              + served
              + ", not this server's "
              + dir
              + " (database.embedded.dataDirectory); another server's database is never used. Set database.embedded.port "
              + "to 0 (a free port) or to a port of its own");
    }
  }

  private static boolean sameFolder(Path a, Path b) {
    try {
      return a.toRealPath().equals(b.toRealPath());
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  /**
   * Stops our own PostgreSQL if it runs; pg_ctl is given our folder, so no other one is touched.
   */
  private void stopQuietly() {
    try {
      postgres.close();
    } catch (IOException | RuntimeException e) {
      log.debug("The embedded PostgreSQL of this folder was not running: {}", e.getMessage());
    }
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
    Optional<ProcessHandle> orphan =
        ProcessHandle.of(pid)
            .filter(
                p ->
                    p.isAlive()
                        && p.info().command().map(c -> c.contains("postgres")).orElse(false));
    if (orphan.isEmpty()) {
      return; // a stale pid file: PostgreSQL removes it itself at start
    }
    log.warn(
        "An embedded PostgreSQL (pid {}) from a previous run still holds {}; stopping it",
        pid,
        dir);
    orphan.get().destroy();
    try {
      orphan.get().onExit().get(60, TimeUnit.SECONDS);
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
        PreparedStatement exists =
            c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
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
    try {
      postgres.close();
    } finally {
      lock.release();
    }
  }
}
