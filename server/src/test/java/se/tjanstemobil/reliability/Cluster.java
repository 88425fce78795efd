package se.tjanstemobil.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Eventually;
import se.tjanstemobil.support.TestDatabase;
import se.tjanstemobil.support.TestServer;

/**
 * The cluster of scripts/cluster (Debian's PostgreSQL, three instances of the jar, nginx), started
 * fresh for a reliability scenario with the settings it needs, and driven through the script's own
 * commands: kill, restart, stop-db, start-db.
 */
final class Cluster implements AutoCloseable {

  static final int INSTANCES = 3;
  private static final int LB_PORT = 18300;
  private static final int BASE_PORT = 18301;
  private static final int PG_PORT = 55432;

  private final Map<String, String> env;
  private final Process process;
  private final Path log;

  private Cluster(Map<String, String> env, Process process, Path log) {
    this.env = env;
    this.process = process;
    this.log = log;
  }

  /** Starts a fresh cluster with these TJM_* settings and waits until nginx answers. */
  static Cluster up(Map<String, String> settings) throws IOException, InterruptedException {
    Path out = root().resolve("scripts/reliability/out");
    Files.createDirectories(out);
    Path log = out.resolve("cluster.log");
    Map<String, String> env = new HashMap<>(settings);
    env.put("INSTANCES", String.valueOf(INSTANCES));
    env.put("LB_PORT", String.valueOf(LB_PORT));
    env.put("BASE_PORT", String.valueOf(BASE_PORT));
    env.put("PG_PORT", String.valueOf(PG_PORT));
    ProcessBuilder pb =
        new ProcessBuilder("bash", "scripts/cluster")
            .directory(root().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    pb.environment().put("FRESH", "1");
    pb.environment().put("DETACH_AFTER", "86400");
    Process process = pb.start();
    Cluster cluster = new Cluster(env, process, log);
    // Interrupted (Ctrl-C), the scenario still stops what it started.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    Eventually.await(
        "the cluster to start (log: " + log + ")",
        Duration.ofMinutes(6),
        () -> {
          String text;
          try {
            text = Files.readString(log);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          if (!process.isAlive()) {
            throw new IllegalStateException("the cluster did not start:\n" + text);
          }
          return text.contains("Cluster up");
        });
    return cluster;
  }

  static Path root() {
    return TestServer.projectRoot();
  }

  /** Through nginx. */
  Api lb() {
    return new Api("http://127.0.0.1:" + LB_PORT);
  }

  /** Instance n (1..3) directly. */
  Api instance(int n) {
    return new Api("http://127.0.0.1:" + (BASE_PORT + n - 1));
  }

  List<Api> instances() {
    return List.of(instance(1), instance(2), instance(3));
  }

  long pid(int n) throws IOException {
    return Long.parseLong(
        Files.readString(root().resolve("scripts/cluster-data/instance-" + n + ".pid")).trim());
  }

  void kill(int n) throws IOException, InterruptedException {
    command("kill", String.valueOf(n));
  }

  void restart(int n) throws IOException, InterruptedException {
    command("restart", String.valueOf(n));
  }

  void stopDb() throws IOException, InterruptedException {
    command("stop-db");
  }

  void startDb() throws IOException, InterruptedException {
    command("start-db");
  }

  private void command(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", "scripts/cluster"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(root().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(
          "scripts/cluster " + String.join(" ", args) + " failed; see " + log);
    }
  }

  String databaseUrl() {
    return "postgresql://postgres@127.0.0.1:" + PG_PORT + "/tjanstemobil";
  }

  long query(String sql) {
    return TestDatabase.count(databaseUrl(), sql);
  }

  List<String> texts(String sql) {
    return TestDatabase.texts(databaseUrl(), sql);
  }

  int update(String sql) {
    return TestDatabase.update(databaseUrl(), sql);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
  }
}
