package se.tjanstemobil.reliability;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import se.tjanstemobil.push.FakeFcm;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Eventually;
import se.tjanstemobil.support.HubFixture;

/**
 * The reliability scenarios of scripts/reliability, each against a fresh scripts/cluster (Debian's
 * PostgreSQL, three instances of the jar, nginx in front) with the fake FCM in this process. Each
 * prints what it checked and a verdict; the exit code is 0 only for PASS.
 *
 * <p>java -cp server/target/tjanstemobil-server.jar:server/target/test-classes:... \
 * se.tjanstemobil.reliability.ClusterScenarios
 * kill-during-send|postgres-restart|fcm-outage|booking-contention|soak [minutes]
 *
 * <p>The sleeps here pace the load the scenarios put on the cluster: real time is the subject.
 */
public final class ClusterScenarios {

  private static final int FCM_PORT = 19199;

  private ClusterScenarios() {}

  public static void main(String[] args) throws Exception {
    String scenario = args.length > 0 ? args[0] : "";
    Checks checks;
    try (FakeFcm fcm = FakeFcm.startOn(FCM_PORT)) {
      checks =
          switch (scenario) {
            case "kill-during-send" -> killDuringSend(fcm);
            case "postgres-restart" -> postgresRestart(fcm);
            case "fcm-outage" -> fcmOutage(fcm);
            case "booking-contention" -> bookingContention(fcm);
            case "soak" ->
                soak(fcm, Duration.ofMinutes(args.length > 1 ? Long.parseLong(args[1]) : 30));
            default ->
                throw new IllegalArgumentException(
                    "scenario: kill-during-send, postgres-restart, fcm-outage, booking-contention or soak [minutes]");
          };
    }
    System.exit(checks.verdict());
  }

  /** Settings every scenario shares: the fake FCM, everyone reachable, no per-user rate limits. */
  private static Map<String, String> settings(Map<String, String> more) {
    Map<String, String> env = new HashMap<>();
    env.put("TJM_PUSH_FCM_ENDPOINT", "http://127.0.0.1:" + FCM_PORT);
    env.put("TJM_PUSH_FCM_PROJECTID", "reliability");
    env.put("TJM_AVAILABILITY_DEFAULTWEEKLY", "MONDAY-SUNDAY 00:00-00:00");
    env.put("TJM_RATELIMITS_SENDSPERMINUTE", "0");
    env.put("TJM_RATELIMITS_BOOKINGSPERMINUTE", "0");
    env.put("TJM_RATELIMITS_DEVLOGINSPERMINUTE", "0");
    env.put("TJM_LOG_REQUESTS", "WARN");
    env.putAll(more);
    return env;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * An all-staff message while instance 2 is killed (SIGKILL) and instance 3 restarted (SIGTERM,
   * start): every inbox entry exactly once, every active device pushed at least once, duplicates no
   * more than were claimed and in flight at the kill and at the restart; nginx keeps answering.
   */
  static Checks killDuringSend(FakeFcm fcm) throws Exception {
    fcm.latency(200);
    try (Cluster cluster =
        Cluster.up(
            settings(
                Map.of(
                    "TJM_PUSH_LEASESECONDS",
                    "10",
                    "TJM_PUSH_SDKTHREADS",
                    "32",
                    "TJM_PUSH_BATCHSIZE",
                    "100")))) {
      Checks checks =
          new Checks("An all-staff message while one instance is killed and another restarted");
      int devices =
          cluster.update(
              """
        INSERT INTO devices (device_key, employee_id, platform, push_token)
        SELECT 'rel-' || e.id, e.id, 'ANDROID', 'tok-' || e.id FROM employees e WHERE e.status = 'ACTIVE'
        """);
      long recipients = cluster.query("SELECT count(*) FROM employees WHERE status = 'ACTIVE'");
      Api communicator = cluster.lb().as("demo.communicator");
      AtomicBoolean reading = new AtomicBoolean(true);
      AtomicLong reads = new AtomicLong();
      List<String> readFailures = new ArrayList<>();
      Thread reader =
          new Thread(
              () -> {
                while (reading.get()) {
                  try {
                    int status = communicator.get("/api/v1/me").status();
                    if (status != 200) {
                      synchronized (readFailures) {
                        readFailures.add(String.valueOf(status));
                      }
                    }
                  } catch (IllegalStateException e) {
                    synchronized (readFailures) {
                      readFailures.add(String.valueOf(e.getCause()));
                    }
                  }
                  reads.incrementAndGet();
                  sleep(50);
                }
              });
      reader.start();

      Api.Response sent =
          communicator.post(
              "/api/v1/messages",
              new JsonObject()
                  .put("title", "Krisinformation")
                  .put("body", "Strömavbrott i Östersund: följ instruktionerna.")
                  .put("category", "CRISIS")
                  .put("audience", new JsonObject().put("everyone", true)));
      if (sent.status() != 201) {
        throw new IllegalStateException(sent.text());
      }
      String id = sent.json().getString("id");
      checks.note("all-staff message to %d people, %d devices", recipients, devices);

      Eventually.holds(Duration.ofMinutes(2), () -> fcm.deliveredCount() > devices / 5);
      long inFlightAtKill = claimed(cluster, id);
      cluster.kill(2);
      checks.note(
          "instance 2 killed after %d pushes, %d claimed and unrecorded",
          fcm.deliveredCount(), inFlightAtKill);
      Eventually.holds(Duration.ofMinutes(2), () -> fcm.deliveredCount() > devices / 2);
      long inFlightAtRestart = claimed(cluster, id);
      cluster.restart(3);
      checks.note(
          "instance 3 restarted after %d pushes, %d claimed and unrecorded",
          fcm.deliveredCount(), inFlightAtRestart);
      boolean settled =
          Eventually.holds(
              Duration.ofMinutes(4),
              () ->
                  cluster.query(
                          "SELECT count(*) FROM deliveries WHERE status = 'PENDING' AND message_id = '"
                              + id
                              + "'")
                      == 0);
      reading.set(false);
      reader.join();

      checks.check(
          "every delivery settled (the lease brought back what the killed instance held)",
          settled,
          cluster.query(
                  "SELECT count(*) FROM deliveries WHERE status = 'SENT' AND message_id = '"
                      + id
                      + "'")
              + " of "
              + devices
              + " sent");
      long entries =
          cluster.query("SELECT count(*) FROM inbox_entries WHERE message_id = '" + id + "'");
      long distinct =
          cluster.query(
              "SELECT count(DISTINCT employee_id) FROM inbox_entries WHERE message_id = '"
                  + id
                  + "'");
      checks.check(
          "every inbox entry exactly once",
          entries == recipients && distinct == recipients,
          entries + " entries for " + recipients + " people");
      Set<String> pushed = new HashSet<>();
      fcm.delivered().forEach(r -> pushed.add(r.token()));
      checks.check(
          "every active device pushed at least once",
          pushed.size() == devices,
          pushed.size() + " of " + devices);
      long duplicates = (long) fcm.delivered().size() - pushed.size();
      checks.check(
          "duplicates no more than were in flight at the kill and the restart",
          duplicates <= inFlightAtKill + inFlightAtRestart,
          duplicates + " duplicates, " + (inFlightAtKill + inFlightAtRestart) + " in flight");
      checks.check(
          "nginx answered every read throughout",
          readFailures.isEmpty(),
          reads.get()
              + " reads, failures: "
              + readFailures.subList(0, Math.min(5, readFailures.size())));
      return checks;
    }
  }

  private static long claimed(Cluster cluster, String messageId) {
    return cluster.query(
        "SELECT count(*) FROM deliveries WHERE status = 'PENDING' AND claimed_until IS NOT NULL"
            + " AND message_id = '"
            + messageId
            + "'");
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * PostgreSQL stopped for 20 s under load and started again (see {@link DatabaseRestartScenario}).
   */
  static Checks postgresRestart(FakeFcm fcm) throws Exception {
    try (Cluster cluster = Cluster.up(settings(Map.of()))) {
      Api manager = cluster.lb().as("demo.manager");
      String unit = manager.get("/api/v1/me").json().getJsonObject("unit").getString("id");
      String colleague = firstColleague(cluster, unit, "demo.manager");
      Api phoneOwner = cluster.lb().as(colleague);
      phoneOwner.put(
          "/api/v1/me/devices/reliability-phone",
          new JsonObject().put("platform", "ANDROID").put("pushToken", "tok-reliability"));
      return DatabaseRestartScenario.run(
          new DatabaseRestartScenario.Setup(
              manager, unit, cluster.instances(), fcm, "tok-reliability"),
          new DatabaseRestartScenario.Database() {
            @Override
            public void stop() throws Exception {
              cluster.stopDb();
            }

            @Override
            public void start() throws Exception {
              cluster.startDb();
            }
          },
          Duration.ofSeconds(10),
          Duration.ofSeconds(20),
          Duration.ofSeconds(10));
    }
  }

  private static String firstColleague(Cluster cluster, String unitId, String not) {
    return cluster
        .texts(
            "SELECT external_id FROM employees WHERE unit_id = '"
                + UUID.fromString(unitId)
                + "' AND status = 'ACTIVE' AND external_id <> '"
                + not
                + "' ORDER BY external_id LIMIT 1")
        .get(0);
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * FCM down for two minutes, then back, then a burst of 429s (see {@link FcmOutageScenario}), with
   * the default backoff (2 s doubling), a project quota of 9,000 a minute (3,000 for each instance)
   * and a heartbeat of a second (pauses shared within one).
   */
  static Checks fcmOutage(FakeFcm fcm) throws Exception {
    try (Cluster cluster =
        Cluster.up(
            settings(
                Map.of(
                    "TJM_PUSH_QUOTAPERMINUTE", "9000", "TJM_PUSH_WORKERHEARTBEATSECONDS", "1")))) {
      // The biggest unit: three phones for each of its people.
      String unit =
          cluster
              .texts(
                  "SELECT unit_id::text FROM employees WHERE status = 'ACTIVE'"
                      + " GROUP BY unit_id ORDER BY count(*) DESC, unit_id LIMIT 1")
              .get(0);
      cluster.update(
          "INSERT INTO devices (device_key, employee_id, platform, push_token) SELECT 'out-' || n || '-' || e.id, e.id,"
              + " 'ANDROID', 'out-' || n || '-' || e.id FROM employees e, generate_series(1, 3) n"
              + " WHERE e.status = 'ACTIVE' AND e.unit_id = '"
              + unit
              + "'");
      Set<String> tokens =
          new HashSet<>(
              cluster.texts(
                  "SELECT d.push_token FROM devices d JOIN employees e ON e.id = d.employee_id"
                      + " WHERE d.status = 'ACTIVE' AND d.push_token IS NOT NULL AND e.unit_id = '"
                      + unit
                      + "'"));
      Api communicator = cluster.lb().as("demo.communicator");
      return FcmOutageScenario.run(
          new FcmOutageScenario.Setup(
              communicator,
              unit,
              fcm,
              tokens,
              cluster.instances(),
              9000 / 60.0,
              5,
              2_000,
              900_000,
              1_000),
          Duration.ofMinutes(2));
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Sixty people through nginx asking for the same two desks at the same hour: exactly two
   * bookings.
   */
  static Checks bookingContention(FakeFcm fcm) throws Exception {
    try (Cluster cluster = Cluster.up(settings(Map.of()))) {
      Checks checks = new Checks("Booking contention across three instances behind nginx");
      Api admin = cluster.lb().as("demo.admin");
      String hub =
          HubFixture.hub(admin, "Arbetshubb Provning", HubFixture.alwaysOpen(), null)
              .getString("id");
      List<String> desks =
          List.of(
              HubFixture.resource(admin, hub, "DESK", "Skrivbord 1"),
              HubFixture.resource(admin, hub, "DESK", "Skrivbord 2"));
      LocalDate day = LocalDate.now(HubFixture.STOCKHOLM).plusDays(3);
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 1; i <= 60; i++) {
        Api who = cluster.lb().as(String.format("SE2321000207-E%05d", i));
        String desk = desks.get(i % 2);
        calls.add(
            () ->
                HubFixture.book(who, desk, HubFixture.at(day, 9, 0), HubFixture.at(day, 11, 0))
                    .status());
      }
      Map<Integer, Integer> statuses = new HashMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(60);
      try {
        for (Future<Integer> f : pool.invokeAll(calls)) {
          statuses.merge(f.get(), 1, Integer::sum);
        }
      } finally {
        pool.shutdown();
      }
      checks.check(
          "exactly two bookings made, every other request 409",
          statuses.getOrDefault(201, 0) == 2 && statuses.getOrDefault(409, 0) == 58,
          statuses.toString());
      long stored =
          cluster.query(
              "SELECT count(*) FROM bookings b JOIN resources r ON r.id = b.resource_id"
                  + " WHERE r.hub_id = '"
                  + hub
                  + "' AND b.status IN ('BOOKED', 'CHECKED_IN')");
      long overlapping =
          cluster.query(
              "SELECT count(*) FROM bookings a JOIN bookings b ON a.resource_id = b.resource_id"
                  + " AND a.id < b.id AND a.period && b.period JOIN resources r ON r.id = a.resource_id WHERE r.hub_id = '"
                  + hub
                  + "'"
                  + " AND a.status IN ('BOOKED', 'CHECKED_IN') AND b.status IN ('BOOKED', 'CHECKED_IN')");
      checks.check(
          "the database holds two bookings and no overlap",
          stored == 2 && overlapping == 0,
          stored + " stored, " + overlapping + " overlapping pairs");
      return checks;
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** See {@link Soak}. */
  static Checks soak(FakeFcm fcm, Duration duration) throws Exception {
    try (Cluster cluster = Cluster.up(settings(Map.of()))) {
      return new Soak(cluster, duration).run();
    }
  }

  /** The pace of the load a scenario puts on the cluster: real time, the subject. */
  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Path out() throws IOException {
    Path out = Cluster.root().resolve("scripts/reliability/out");
    Files.createDirectories(out);
    return out;
  }

  static void await(ExecutorService pool) throws InterruptedException {
    pool.shutdown();
    pool.awaitTermination(2, TimeUnit.MINUTES);
  }
}
