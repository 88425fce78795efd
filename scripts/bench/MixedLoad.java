import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mixed load, closed loop like LoadGen: N connections, each sending its next request when the
 * previous answer arrives: 80% GET /me/inbox as an employee, 15% POST /bookings (an hour at a
 * random quarter hour of the next 30 days on one of the desks), 5% POST /messages by a manager to
 * their unit. Prints one key=value line: throughput, p50/p99 over all, and per kind.
 *
 * java -cp server/target/tjanstemobil-server.jar scripts/bench/MixedLoad.java BASE_URL EMPLOYEE_TOKENS MANAGER_TOKENS_AND_UNITS \
 *   DESK_IDS CONCURRENCY WARMUP_S MEASURE_S
 * (MANAGER_TOKENS_AND_UNITS: lines "token unitId")
 */
public class MixedLoad {

  static final String[] KINDS = {"inbox", "booking", "send"};
  static final long[][] latencies = new long[3][3_000_000];
  static final AtomicLong[] counts = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
  static final AtomicLong errors = new AtomicLong();
  static final AtomicLong serverErrors = new AtomicLong();
  static long measureFrom;
  static long end;

  public static void main(String[] args) throws Exception {
    URI base = URI.create(args[0]);
    List<String> employees = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.isBlank()).toList();
    List<String[]> managers = Files.readAllLines(Path.of(args[2])).stream().filter(l -> !l.isBlank()).map(l -> l.split(" ")).toList();
    String[] desks = args[3].split(",");
    int concurrency = Integer.parseInt(args[4]);
    long start = System.nanoTime();
    measureFrom = start + Long.parseLong(args[5]) * 1_000_000_000L;
    end = measureFrom + Long.parseLong(args[6]) * 1_000_000_000L;
    Vertx vertx = Vertx.vertx();
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setDefaultHost(base.getHost())
      .setDefaultPort(base.getPort()), new PoolOptions().setHttp1MaxSize(concurrency));
    CountDownLatch done = new CountDownLatch(concurrency);
    for (int c = 0; c < concurrency; c++) {
      int conn = c;
      vertx.runOnContext(v -> next(client, employees, managers, desks, conn, 0, done));
    }
    done.await();
    long measured = Arrays.stream(counts).mapToLong(AtomicLong::get).sum();
    double seconds = (end - measureFrom) / 1e9;
    StringBuilder out = new StringBuilder(String.format("requests=%d throughput=%.0f/s", measured, measured / seconds));
    long[] all = new long[(int) measured];
    int k = 0;
    for (int i = 0; i < 3; i++) {
      int n = (int) counts[i].get();
      System.arraycopy(latencies[i], 0, all, k, n);
      k += n;
    }
    out.append(" ").append(percentiles("", all));
    for (int i = 0; i < 3; i++) {
      long[] l = Arrays.copyOf(latencies[i], (int) counts[i].get());
      out.append(" | ").append(KINDS[i]).append(" n=").append(l.length).append(" ").append(percentiles(KINDS[i] + "_", l));
    }
    out.append(String.format(" | non2xx_other=%d server_errors=%d", errors.get(), serverErrors.get()));
    System.out.println(out);
    vertx.close();
  }

  static String percentiles(String prefix, long[] l) {
    if (l.length == 0) {
      return prefix + "p50=- " + prefix + "p99=-";
    }
    Arrays.sort(l);
    return String.format("%sp50=%.2fms %sp99=%.2fms", prefix, l[l.length / 2] / 1e6, prefix, l[(int) (l.length * 0.99)] / 1e6);
  }

  static void next(HttpClientAgent client, List<String> employees, List<String[]> managers, String[] desks, int conn, int round,
                   CountDownLatch done) {
    if (System.nanoTime() >= end) {
      done.countDown();
      return;
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int dice = r.nextInt(100);
    int kind = dice < 80 ? 0 : dice < 95 ? 1 : 2;
    RequestOptions o = new RequestOptions().putHeader("Content-Type", "application/json");
    String body = null;
    if (kind == 0) {
      o.setMethod(HttpMethod.GET).setURI("/api/v1/me/inbox?limit=20");
      o.putHeader("Authorization", "Bearer " + employees.get((conn + round * 64) % employees.size()));
    } else if (kind == 1) {
      ZonedDateTime s = LocalDate.now(ZoneId.of("Europe/Stockholm")).plusDays(1 + r.nextInt(30)).atStartOfDay(ZoneId.of("Europe/Stockholm"))
        .plusMinutes(15L * r.nextInt(90));
      DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
      body = new JsonObject().put("resourceId", desks[r.nextInt(desks.length)]).put("start", f.format(s)).put("end", f.format(s.plusHours(1)))
        .encode();
      o.setMethod(HttpMethod.POST).setURI("/api/v1/bookings");
      o.putHeader("Authorization", "Bearer " + employees.get(r.nextInt(employees.size())));
    } else {
      String[] m = managers.get(r.nextInt(managers.size()));
      body = new JsonObject().put("title", "Belastning").put("body", "Mätning").put("category", "INFO")
        .put("audience", new JsonObject().put("units", new JsonArray().add(new JsonObject().put("id", m[1])))).encode();
      o.setMethod(HttpMethod.POST).setURI("/api/v1/messages");
      o.putHeader("Authorization", "Bearer " + m[0]);
    }
    long t0 = System.nanoTime();
    String payload = body;
    client.request(o).compose(req -> payload == null ? req.send() : req.send(Buffer.buffer(payload)))
      .compose(res -> res.body().map(b -> res.statusCode()))
      .onComplete(ar -> {
        long t1 = System.nanoTime();
        if (t0 >= measureFrom && t1 <= end) {
          int status = ar.succeeded() ? ar.result() : 599;
          // 409 and 422 are answers (a taken desk, a rule); only transport errors and 5xx count as errors.
          if (status >= 500) {
            serverErrors.incrementAndGet();
          } else if (status >= 400 && status != 409 && status != 422) {
            errors.incrementAndGet();
          }
          int i = (int) counts[kind].getAndIncrement();
          if (i < latencies[kind].length) {
            latencies[kind][i] = t1 - t0;
          }
        }
        next(client, employees, managers, desks, conn, round + 1, done);
      });
  }
}
