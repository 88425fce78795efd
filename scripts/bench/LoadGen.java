import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP load generator: N connections, each sending its next request when the
 * previous answer arrives, for a warm-up and then a measured period. Prints throughput and
 * latency percentiles as one line of key=value pairs.
 *
 * java -cp server/target/tjanstemobil-server.jar scripts/bench/LoadGen.java URL CONCURRENCY WARMUP_S MEASURE_S [BEARER]
 */
public class LoadGen {

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    int concurrency = Integer.parseInt(args[1]);
    long warmupNanos = Long.parseLong(args[2]) * 1_000_000_000L;
    long measureNanos = Long.parseLong(args[3]) * 1_000_000_000L;
    String token = args.length > 4 ? args[4] : null;

    Vertx vertx = Vertx.vertx();
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false),
      new PoolOptions().setHttp1MaxSize(concurrency));
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(uri.getHost()).setPort(uri.getPort())
      .setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }

    long start = System.nanoTime();
    long measureFrom = start + warmupNanos;
    long end = measureFrom + measureNanos;
    long[] latencies = new long[20_000_000];
    AtomicLong recorded = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong non2xx = new AtomicLong();
    CountDownLatch done = new CountDownLatch(concurrency);

    for (int i = 0; i < concurrency; i++) {
      loop(client, request, end, measureFrom, latencies, recorded, errors, non2xx, done);
    }
    done.await();
    long n = Math.min(recorded.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, (int) n);
    Arrays.sort(sorted);
    double seconds = measureNanos / 1e9;
    System.out.printf("requests=%d throughput=%.0f/s p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms errors=%d non2xx=%d%n",
      n, n / seconds, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), n == 0 ? 0 : sorted[(int) n - 1] / 1e6,
      errors.get(), non2xx.get());
    vertx.close().await();
  }

  private static void loop(HttpClientAgent client, RequestOptions request, long end, long measureFrom, long[] latencies,
                           AtomicLong recorded, AtomicLong errors, AtomicLong non2xx, CountDownLatch done) {
    long sent = System.nanoTime();
    if (sent >= end) {
      done.countDown();
      return;
    }
    client.request(request)
      .compose(req -> req.send().compose(resp -> {
        if (resp.statusCode() / 100 != 2) {
          non2xx.incrementAndGet();
        }
        return resp.body();
      }))
      .onComplete(ar -> {
        long now = System.nanoTime();
        if (ar.failed()) {
          errors.incrementAndGet();
        } else if (sent >= measureFrom && now <= end) {
          long i = recorded.getAndIncrement();
          if (i < latencies.length) {
            latencies[(int) i] = now - sent;
          }
        }
        loop(client, request, end, measureFrom, latencies, recorded, errors, non2xx, done);
      });
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }
}
