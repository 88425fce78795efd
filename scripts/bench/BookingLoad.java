import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Booking under contention, closed loop like LoadGen: N connections, each POSTing its next
 * booking when the previous answer arrives, for a warm-up and then a measured period. Each
 * booking is one hour of a random one of the given desks, starting at a random quarter hour of
 * one of the next DAYS days (hub-local, Europe/Stockholm); connection c books as the employees
 * c, c+N, c+2N... of the token file in turn. Prints one key=value line: throughput, latency
 * percentiles (all answers, and the 201s alone), and the answers by status.
 *
 * With a DATABASE_URL it then checks in PostgreSQL that no two live bookings of one desk (or of
 * one employee) overlap, that the desks' live bookings are exactly the 201s of the whole run,
 * and the most bookings one employee holds on one day; prints a second line ending OK or FAILED.
 *
 * java -cp server/target/tjanstemobil-server.jar scripts/bench/BookingLoad.java BASE_URL TOKEN_FILE DESK_IDS DAYS \
 *   CONCURRENCY WARMUP_S MEASURE_S [DATABASE_URL]
 */
public class BookingLoad {

  static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
  static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  static final String LIVE = "('OFFERED', 'BOOKED', 'CHECKED_IN')";

  static long end;
  static long measureFrom;
  static final long[] latencies = new long[5_000_000];
  static final long[] created = new long[5_000_000];
  static final AtomicLong recorded = new AtomicLong();
  static final AtomicLong recordedCreated = new AtomicLong();
  static final AtomicLong s201 = new AtomicLong();
  static final AtomicLong s409 = new AtomicLong();
  static final AtomicLong alreadyBooked = new AtomicLong();
  static final AtomicLong s422 = new AtomicLong();
  static final AtomicLong other = new AtomicLong();
  static final AtomicLong errors = new AtomicLong();
  static final AtomicLong created201Total = new AtomicLong();

  public static void main(String[] args) throws Exception {
    URI base = URI.create(args[0]);
    List<String> tokens = Files.readAllLines(Path.of(args[1])).stream().filter(s -> !s.isBlank()).toList();
    String[] desks = args[2].split(",");
    int days = Integer.parseInt(args[3]);
    int concurrency = Integer.parseInt(args[4]);
    long warmupNanos = Long.parseLong(args[5]) * 1_000_000_000L;
    long measureNanos = Long.parseLong(args[6]) * 1_000_000_000L;
    String databaseUrl = args.length > 7 ? args[7] : null;

    Vertx vertx = Vertx.vertx();
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false),
      new PoolOptions().setHttp1MaxSize(concurrency));
    LocalDate tomorrow = LocalDate.now(ZONE).plusDays(1);

    long start = System.nanoTime();
    measureFrom = start + warmupNanos;
    end = measureFrom + measureNanos;
    CountDownLatch done = new CountDownLatch(concurrency);
    for (int c = 0; c < concurrency; c++) {
      int first = c;
      Runnable[] next = new Runnable[1];
      long[] turn = {0};
      next[0] = () -> {
        long sent = System.nanoTime();
        if (sent >= end) {
          done.countDown();
          return;
        }
        String token = tokens.get((int) ((first + turn[0]++ * concurrency) % tokens.size()));
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        ZonedDateTime from = tomorrow.plusDays(rnd.nextInt(days)).atStartOfDay(ZONE).plusMinutes(15L * rnd.nextInt(96));
        String body = new JsonObject().put("resourceId", desks[rnd.nextInt(desks.length)])
          .put("start", RFC3339.format(from)).put("end", RFC3339.format(from.plusHours(1))).encode();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost(base.getHost()).setPort(base.getPort())
          .setURI("/api/v1/bookings").putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json");
        client.request(request)
          .compose(req -> req.send(Buffer.buffer(body)).compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(),
            resp.statusCode() == 409 && b.toString().contains("already-booked")))))
          .onComplete(ar -> {
            long now = System.nanoTime();
            if (ar.succeeded() && ar.result().status() == 201) {
              created201Total.incrementAndGet();
            }
            if (ar.failed()) {
              errors.incrementAndGet();
            } else if (sent >= measureFrom && now <= end) {
              record(latencies, recorded, now - sent);
              count(ar.result());
              if (ar.result().status() == 201) {
                record(created, recordedCreated, now - sent);
              }
            }
            next[0].run();
          });
      };
      next[0].run();
    }
    done.await();
    long n = Math.min(recorded.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, (int) n);
    Arrays.sort(sorted);
    long[] sorted201 = Arrays.copyOf(created, (int) Math.min(recordedCreated.get(), created.length));
    Arrays.sort(sorted201);
    double seconds = measureNanos / 1e9;
    System.out.printf("requests=%d throughput=%.0f/s p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms 201=%d 409=%d "
        + "(already-booked=%d) 422=%d other=%d errors=%d p50_201=%.2fms p99_201=%.2fms%n",
      n, n / seconds, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), n == 0 ? 0 : sorted[(int) n - 1] / 1e6,
      s201.get(), s409.get(), alreadyBooked.get(), s422.get(), other.get(), errors.get(),
      pct(sorted201, 50), pct(sorted201, 99));
    if (databaseUrl != null) {
      check(vertx, databaseUrl, desks);
    }
    vertx.close().await();
  }

  /** An answer's status, and for a 409 whether it was the employee's own booking elsewhere. */
  record Answer(int status, boolean alreadyBooked) {
  }

  private static void count(Answer a) {
    switch (a.status()) {
      case 201 -> s201.incrementAndGet();
      case 409 -> {
        s409.incrementAndGet();
        if (a.alreadyBooked()) {
          alreadyBooked.incrementAndGet();
        }
      }
      case 422 -> s422.incrementAndGet();
      default -> other.incrementAndGet();
    }
  }

  private static void record(long[] into, AtomicLong counter, long nanos) {
    long i = counter.getAndIncrement();
    if (i < into.length) {
      into[(int) i] = nanos;
    }
  }

  /** The invariants the exclusion constraints and the per-day rule promise, read from PostgreSQL. */
  private static void check(Vertx vertx, String url, String[] desks) {
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
    UUID[] ids = Arrays.stream(desks).map(UUID::fromString).toArray(UUID[]::new);
    String sql = "SELECT"
      + " (SELECT count(*) FROM bookings WHERE resource_id = ANY($1) AND status IN " + LIVE + ") AS live,"
      + " (SELECT count(*) FROM bookings a JOIN bookings b ON a.resource_id = b.resource_id AND a.id < b.id"
      + "    AND a.period && b.period WHERE a.resource_id = ANY($1) AND a.status IN " + LIVE + " AND b.status IN " + LIVE
      + " ) AS desk_overlaps,"
      + " (SELECT count(*) FROM bookings a JOIN bookings b ON a.employee_id = b.employee_id AND a.id < b.id"
      + "    AND a.period && b.period WHERE a.status IN " + LIVE + " AND b.status IN " + LIVE + ") AS employee_overlaps,"
      + " (SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM bookings WHERE resource_id = ANY($1) AND status IN "
      + LIVE + " GROUP BY employee_id, local_date) d) AS max_per_employee_day";
    Row r = pool.preparedQuery(sql).execute(Tuple.of((Object) ids)).await().iterator().next();
    long live = r.getLong("live");
    long deskOverlaps = r.getLong("desk_overlaps");
    long employeeOverlaps = r.getLong("employee_overlaps");
    boolean ok = deskOverlaps == 0 && employeeOverlaps == 0 && live == created201Total.get();
    System.out.printf("check: live_bookings=%d created_201_whole_run=%d desk_overlaps=%d employee_overlaps=%d "
        + "max_per_employee_day=%d -> %s%n", live, created201Total.get(), deskOverlaps, employeeOverlaps,
      r.getLong("max_per_employee_day"), ok ? "OK" : "FAILED");
    pool.close().await();
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }
}
