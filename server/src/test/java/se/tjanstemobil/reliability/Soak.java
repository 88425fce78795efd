package se.tjanstemobil.reliability;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.PrometheusText;

/**
 * A soak at moderate mixed load through nginx: twelve clients with a short pause between requests,
 * 85% inbox reads and 15% bookings (booked, then cancelled), and a manager sending a message to
 * their unit every ten seconds, as busy a sender as a real one and then some (a message on every
 * request of the mix would give each of the unit's people thousands of unread messages within
 * minutes, which measures the growing inboxes, not the server). Every minute: each instance's heap
 * after a full GC (jcmd GC.run, then the heap gauge of its /metrics), its open files
 * (/proc/PID/fd), PostgreSQL's connections, and the minute's p99 and errors. The verdict compares
 * the last three minutes with the three after the warm-up (the first fifth of the run): no growth
 * of heap, files or connections, p99 stable, no 5xx.
 *
 * <p>Its sleeps pace the clients and the phases of the soak: real time is the subject (a long run
 * at a steady load), so they stay real.
 */
final class Soak {

  private static final int CLIENTS = 12;

  private record Sample(
      int minute,
      List<Long> heapBytes,
      List<Long> openFiles,
      long connections,
      long p99Micros,
      long requests,
      long errors) {}

  private final Cluster cluster;
  private final Duration duration;
  private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
  private final AtomicLong serverErrors = new AtomicLong();
  private final AtomicLong otherErrors = new AtomicLong();

  Soak(Cluster cluster, Duration duration) {
    this.cluster = cluster;
    this.duration = duration;
  }

  Checks run() throws Exception {
    Checks checks =
        new Checks("Soak of " + duration.toMinutes() + " minutes at moderate mixed load");
    Api lb = cluster.lb();
    Api admin = lb.as("demo.admin");
    String hub =
        HubFixture.hub(admin, "Arbetshubb Uthållighet", HubFixture.alwaysOpen(), null)
            .getString("id");
    List<String> desks = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      desks.add(HubFixture.resource(admin, hub, "DESK", "Skrivbord " + i));
    }
    List<Api> employees = new ArrayList<>();
    for (int i = 1; i <= 120; i++) {
      employees.add(lb.as(String.format("SE2321000207-E%05d", i)));
    }
    Api manager = lb.as("demo.manager");
    String unit = manager.get("/api/v1/me").json().getJsonObject("unit").getString("id");

    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
    for (int c = 0; c < CLIENTS; c++) {
      clients.execute(
          () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (running.get()) {
              Api who = employees.get(random.nextInt(employees.size()));
              if (random.nextDouble() < 0.85) {
                timed(() -> who.get("/api/v1/me/inbox?limit=20"));
              } else {
                LocalDate day =
                    LocalDate.now(HubFixture.STOCKHOLM).plusDays(1 + random.nextInt(14));
                int hour = 7 + random.nextInt(10);
                Api.Response booked =
                    timed(
                        () ->
                            HubFixture.book(
                                who,
                                desks.get(random.nextInt(desks.size())),
                                HubFixture.at(day, hour, 15 * random.nextInt(4)),
                                HubFixture.at(day, hour + 1, 15 * random.nextInt(4))));
                if (booked != null && booked.status() == 201) {
                  timed(() -> who.delete("/api/v1/bookings/" + booked.json().getString("id")));
                }
              }
              ClusterScenarios.sleep(20);
            }
          });
    }
    clients.execute(
        () -> {
          while (running.get()) {
            timed(
                () ->
                    manager.post(
                        "/api/v1/messages",
                        new JsonObject()
                            .put("title", "Uthållighetsprov")
                            .put("body", "Ett meddelande under provet")
                            .put("category", "INFO")
                            .put(
                                "audience",
                                new JsonObject()
                                    .put(
                                        "units",
                                        new JsonArray().add(new JsonObject().put("id", unit))))));
            ClusterScenarios.sleep(10_000);
          }
        });

    List<Sample> samples = new ArrayList<>();
    long minutes = duration.toMinutes();
    for (int minute = 1; minute <= minutes; minute++) {
      // A sample a real minute: a steady load over real time is the subject.
      Thread.sleep(60_000);
      samples.add(sample(minute));
      Sample s = samples.get(samples.size() - 1);
      checks.note(
          "minute %2d: %5d requests, p99 %6.1f ms, %d errors; heap after GC %s MB; open files %s; database connections %d",
          s.minute(),
          s.requests(),
          s.p99Micros() / 1000.0,
          s.errors(),
          mb(s.heapBytes()),
          s.openFiles(),
          s.connections());
    }
    running.set(false);
    ClusterScenarios.await(clients);
    Files.writeString(ClusterScenarios.out().resolve("soak.csv"), csv(samples));

    int warm = Math.max(1, (int) (minutes / 5));
    List<Sample> early = samples.subList(warm, Math.min(samples.size(), warm + 3));
    List<Sample> late = samples.subList(Math.max(0, samples.size() - 3), samples.size());
    for (int i = 0; i < Cluster.INSTANCES; i++) {
      int n = i;
      long heapEarly = median(early.stream().mapToLong(s -> s.heapBytes().get(n)).toArray());
      long heapLate = median(late.stream().mapToLong(s -> s.heapBytes().get(n)).toArray());
      checks.check(
          "instance " + (n + 1) + ": no heap growth after GC",
          heapLate <= heapEarly * 1.25 + 16_000_000,
          heapEarly / 1_000_000 + " MB early, " + heapLate / 1_000_000 + " MB late");
      long filesEarly = median(early.stream().mapToLong(s -> s.openFiles().get(n)).toArray());
      long filesLate = median(late.stream().mapToLong(s -> s.openFiles().get(n)).toArray());
      checks.check(
          "instance " + (n + 1) + ": no growth of open files",
          filesLate <= filesEarly + 20,
          filesEarly + " early, " + filesLate + " late");
    }
    long connEarly = median(early.stream().mapToLong(Sample::connections).toArray());
    long connLate = median(late.stream().mapToLong(Sample::connections).toArray());
    checks.check(
        "no growth of database connections",
        connLate <= connEarly + 5,
        connEarly + " early, " + connLate + " late");
    long p99Early = median(early.stream().mapToLong(Sample::p99Micros).toArray());
    long p99Late = median(late.stream().mapToLong(Sample::p99Micros).toArray());
    checks.check(
        "p99 stable",
        p99Late <= Math.max(p99Early * 3 / 2, p99Early + 20_000),
        p99Early / 1000.0 + " ms early, " + p99Late / 1000.0 + " ms late");
    long total = samples.stream().mapToLong(Sample::requests).sum();
    checks.check(
        "no 5xx and no failed connection",
        serverErrors.get() == 0 && otherErrors.get() == 0,
        total
            + " requests, "
            + serverErrors.get()
            + " 5xx, "
            + otherErrors.get()
            + " failed connections");
    return checks;
  }

  private Api.Response timed(Supplier<Api.Response> call) {
    long start = System.nanoTime();
    try {
      Api.Response r = call.get();
      latencies.add((System.nanoTime() - start) / 1_000);
      if (r.status() >= 500) {
        serverErrors.incrementAndGet();
      }
      return r;
    } catch (IllegalStateException e) {
      otherErrors.incrementAndGet();
      return null;
    }
  }

  private Sample sample(int minute) throws IOException, InterruptedException {
    List<Long> window = new ArrayList<>();
    for (Long l; (l = latencies.poll()) != null; ) {
      window.add(l);
    }
    window.sort(null);
    long p99 =
        window.isEmpty()
            ? 0
            : window.get((int) Math.min(window.size() - 1, Math.ceil(window.size() * 0.99) - 1));
    long[] heap = new long[Cluster.INSTANCES];
    long[] files = new long[Cluster.INSTANCES];
    for (int i = 0; i < Cluster.INSTANCES; i++) {
      long pid = cluster.pid(i + 1);
      Process gc =
          new ProcessBuilder("jcmd", String.valueOf(pid), "GC.run")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      gc.waitFor();
      heap[i] =
          (long)
              PrometheusText.sum(
                  cluster.instance(i + 1).get("/metrics").text(),
                  "jvm_memory_used_bytes",
                  "area=\"heap\"");
      try (var list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
        files[i] = list.count();
      }
    }
    long connections =
        cluster.query("SELECT count(*) FROM pg_stat_activity WHERE datname = 'tjanstemobil'");
    return new Sample(
        minute,
        Arrays.stream(heap).boxed().toList(),
        Arrays.stream(files).boxed().toList(),
        connections,
        p99,
        window.size(),
        serverErrors.get() + otherErrors.get());
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
  }

  private static String mb(List<Long> bytes) {
    return bytes.stream().map(b -> b / 1_000_000).toList().toString();
  }

  private static String csv(List<Sample> samples) {
    StringBuilder b =
        new StringBuilder(
            "minute,requests,p99_ms,errors,heap_mb_1,heap_mb_2,heap_mb_3,files_1,files_2,files_3,db_connections\n");
    for (Sample s : samples) {
      b.append(s.minute())
          .append(',')
          .append(s.requests())
          .append(',')
          .append(s.p99Micros() / 1000.0)
          .append(',')
          .append(s.errors());
      for (long h : s.heapBytes()) {
        b.append(',').append(h / 1_000_000);
      }
      for (long f : s.openFiles()) {
        b.append(',').append(f);
      }
      b.append(',').append(s.connections()).append('\n');
    }
    return b.toString();
  }
}
