package se.tjanstemobil.reliability;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import se.tjanstemobil.push.FakeFcm;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Eventually;

/**
 * PostgreSQL restarted under load: a manager keeps sending messages (writes) and reading the sent
 * list while the database is stopped, kept down, and started again. Readiness must go false and
 * back on every instance, every refused request must be a 503 problem+json (never a 500, never a
 * dropped connection), no accepted write may be lost, and the servers must reconnect by themselves:
 * writes accepted again and the delivery worker pushing again, without a restart.
 *
 * <p>Its sleeps are the load before, the database's downtime and the load after: real time is the
 * subject (what clients see while PostgreSQL is away), so they stay real.
 */
final class DatabaseRestartScenario {

  /**
   * How the scenario stops and starts the database (an embedded one in the suite, Debian's in the
   * script).
   */
  interface Database {
    void stop() throws Exception;

    void start() throws Exception;
  }

  /**
   * @param sender a manager, through the load balancer (or the one server)
   * @param unitId a unit the manager may send to
   * @param readiness each instance, for /health/ready
   * @param token the push token of a device of someone in that unit
   */
  record Setup(Api sender, String unitId, List<Api> readiness, FakeFcm fcm, String token) {}

  private record Outcome(long at, int status, boolean problem, String messageId, long millis) {}

  static Checks run(Setup setup, Database database, Duration before, Duration down, Duration after)
      throws Exception {
    Checks checks =
        new Checks("PostgreSQL restarted under load (down for " + down.toSeconds() + " s)");
    List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    Map<Integer, List<Integer>> readyStatuses = new TreeMap<>();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService load = Executors.newFixedThreadPool(3 + setup.readiness().size());
    for (int w = 0; w < 2; w++) {
      int writer = w;
      load.execute(
          () -> {
            for (int n = 0; running.get(); n++) {
              JsonObject draft =
                  new JsonObject()
                      .put("title", "Skrivprov " + writer + "-" + n)
                      .put("body", "Under omstart av databasen")
                      .put("category", "INFO")
                      .put(
                          "audience",
                          new JsonObject()
                              .put(
                                  "units",
                                  new JsonArray().add(new JsonObject().put("id", setup.unitId()))));
              record(
                  outcomes, failures, () -> setup.sender().post("/api/v1/messages", draft), true);
              pause(50);
            }
          });
    }
    load.execute(
        () -> {
          while (running.get()) {
            record(outcomes, failures, () -> setup.sender().get("/api/v1/messages?limit=5"), false);
            pause(50);
          }
        });
    for (int i = 0; i < setup.readiness().size(); i++) {
      List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
      readyStatuses.put(i + 1, statuses);
      Api instance = setup.readiness().get(i);
      load.execute(
          () -> {
            while (running.get()) {
              try {
                statuses.add(instance.get("/health/ready").status());
              } catch (IllegalStateException unreachable) {
                statuses.add(0);
              }
              pause(100);
            }
          });
    }

    // The phases in real time (the subject: what clients see while PostgreSQL is away).
    Thread.sleep(before.toMillis());
    long stopAt = System.currentTimeMillis();
    database.stop();
    checks.note(
        "database stopped after %d ms of load; %d requests answered so far",
        stopAt - start(outcomes), outcomes.size());
    Thread.sleep(down.toMillis());
    database.start();
    long startedAt = System.currentTimeMillis();
    long readyAt = awaitAllReady(setup.readiness(), Duration.ofSeconds(60));
    checks.note("database started again; every instance ready %d ms later", readyAt - startedAt);
    Thread.sleep(after.toMillis());
    running.set(false);
    load.shutdown();
    load.awaitTermination(90, TimeUnit.SECONDS);

    List<Outcome> all = new ArrayList<>(outcomes);
    long acceptedBefore =
        all.stream().filter(o -> o.messageId() != null && o.at() < stopAt).count();
    long acceptedAfter =
        all.stream().filter(o -> o.messageId() != null && o.at() > readyAt).count();
    long refused = all.stream().filter(o -> o.status() == 503 && o.problem()).count();
    List<String> wrong =
        all.stream()
            .filter(o -> !(o.status() / 100 == 2 || (o.status() == 503 && o.problem())))
            .map(o -> o.status() + (o.problem() ? " problem" : " not a problem"))
            .toList();
    checks.check(
        "writes accepted before the outage", acceptedBefore > 0, acceptedBefore + " messages");
    long slowest =
        all.stream().filter(o -> o.status() == 503).mapToLong(Outcome::millis).max().orElse(0);
    checks.check(
        "requests during the outage refused with 503 problem+json",
        refused > 0,
        refused + " refused, the slowest refusal took " + slowest + " ms");
    checks.check(
        "no other answer at any time (no 500, no other status)",
        wrong.isEmpty(),
        wrong.isEmpty()
            ? all.size() + " answers"
            : wrong.size() + " wrong: " + wrong.subList(0, Math.min(5, wrong.size())));
    checks.check(
        "no connection dropped or refused",
        failures.isEmpty(),
        failures.isEmpty() ? "" : failures.size() + ": " + failures.get(0));
    readyStatuses.forEach(
        (n, statuses) -> {
          List<Integer> seen = new ArrayList<>(statuses);
          boolean wentDown = seen.contains(503);
          boolean backUp = !seen.isEmpty() && seen.get(seen.size() - 1) == 200;
          checks.check(
              "instance " + n + ": /health/ready went 503 and came back to 200 by itself",
              wentDown && backUp,
              seen.stream().filter(s -> s == 503).count() + " looks at 503 of " + seen.size());
        });
    checks.check(
        "writes accepted again after the restart, without restarting the server",
        acceptedAfter > 0,
        acceptedAfter + " messages");

    List<String> accepted = all.stream().map(Outcome::messageId).filter(id -> id != null).toList();
    long missing =
        accepted.stream()
            .filter(id -> setup.sender().get("/api/v1/messages/" + id).status() != 200)
            .count();
    checks.check(
        "every accepted write is there",
        missing == 0,
        accepted.size() + " accepted, " + missing + " missing");

    String last =
        all.stream()
            .filter(o -> o.messageId() != null)
            .reduce((a, b) -> b)
            .map(Outcome::messageId)
            .orElse("");
    boolean pushed =
        Eventually.holds(
            Duration.ofSeconds(60),
            () ->
                setup.fcm().delivered().stream()
                    .anyMatch(
                        r -> r.token().equals(setup.token()) && last.equals(data(r, "messageId"))));
    checks.check(
        "the delivery worker pushes again (the last message reached the phone)",
        pushed,
        "message " + last);
    return checks;
  }

  private static String data(FakeFcm.Received r, String key) {
    JsonObject data = r.message().getJsonObject("data");
    return data == null ? null : data.getString(key);
  }

  private static long start(List<Outcome> outcomes) {
    synchronized (outcomes) {
      return outcomes.isEmpty() ? System.currentTimeMillis() : outcomes.get(0).at();
    }
  }

  private static void record(
      List<Outcome> outcomes, List<String> failures, Supplier<Api.Response> call, boolean write) {
    long began = System.currentTimeMillis();
    try {
      Api.Response r = call.get();
      boolean problem = r.contentType().startsWith("application/problem+json");
      String id = write && r.status() == 201 ? r.json().getString("id") : null;
      outcomes.add(
          new Outcome(
              System.currentTimeMillis(),
              r.status(),
              problem,
              id,
              System.currentTimeMillis() - began));
    } catch (IllegalStateException e) {
      failures.add(String.valueOf(e.getCause()));
    }
  }

  static long awaitAllReady(List<Api> instances, Duration timeout) throws InterruptedException {
    if (!Eventually.holds(
        timeout,
        () ->
            instances.stream()
                .allMatch(
                    i -> {
                      try {
                        return i.get("/health/ready").status() == 200;
                      } catch (IllegalStateException notListening) {
                        return false;
                      }
                    }))) {
      throw new IllegalStateException("not every instance became ready in " + timeout);
    }
    return System.currentTimeMillis();
  }

  /** The load's pace between requests: real time, like the phases. */
  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
