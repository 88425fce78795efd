package se.tjanstemobil.process;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Eventually;
import se.tjanstemobil.support.TestServer;

/**
 * The server as its own process: the fat jar, started as an operator would, on its embedded
 * defaults.
 */
final class ServerProcess implements AutoCloseable {

  final Process process;
  final Path log;
  final Api api;

  private ServerProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.api = new Api("http://127.0.0.1:" + port);
  }

  /** Starts the jar in the dev profile with its data in the given folder and waits until ready. */
  static ServerProcess start(Path dataDir, Map<String, String> env)
      throws IOException, InterruptedException {
    int port = freePort();
    Path jar = Path.of(System.getProperty("tjm.jar"));
    Path log = dataDir.resolve("server-" + System.nanoTime() + ".log");
    Files.createDirectories(dataDir);
    ProcessBuilder pb =
        new ProcessBuilder("java", "-Xmx512m", "-jar", jar.toString())
            .directory(TestServer.projectRoot().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> all = new HashMap<>();
    all.put("TJM_HTTP_PORT", String.valueOf(port));
    all.put("TJM_DATABASE_EMBEDDED_DATADIRECTORY", dataDir.resolve("postgres").toString());
    all.put("TJM_DATABASE_EMBEDDED_PORT", String.valueOf(freePort()));
    all.put("TJM_AUTH_DEVLOGIN_KEYFILE", dataDir.resolve("dev-keys.json").toString());
    all.put("TJM_DEMO_ENABLED", "false");
    // These tests are about processes (crash, shutdown), not working hours: everyone reachable.
    all.put("TJM_AVAILABILITY_DEFAULTWEEKLY", "MONDAY-SUNDAY 00:00-00:00");
    all.putAll(env);
    pb.environment().putAll(all);
    ServerProcess server = new ServerProcess(pb.start(), log, port);
    server.awaitReady(Duration.ofMinutes(2));
    return server;
  }

  void awaitReady(Duration timeout) throws IOException {
    Eventually.await(
        "the server to be ready (log: " + log + ")",
        timeout,
        () -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("server exited: " + logOrNothing());
          }
          try {
            return api.get("/health/ready").status() == 200;
          } catch (IllegalStateException notYet) {
            return false; // not listening yet
          }
        });
  }

  private String logOrNothing() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Sends SIGTERM and waits for the process to end; returns its exit code. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("server did not stop within " + timeout);
    }
    return process.exitValue();
  }

  String logText() throws IOException {
    return Files.readString(log);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
