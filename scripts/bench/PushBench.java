import com.google.api.core.ApiFuture;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.internal.ApacheHttp2Transport;
import com.google.firebase.messaging.BatchResponse;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.Notification;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import io.vertx.core.json.JsonObject;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import se.tjanstemobil.push.FakeFcm;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Push benchmark: an all-staff message to N seeded devices, through the server (real Firebase
 * Admin SDK) into a fake FCM that answers after a latency, as real FCM does; then, in the same
 * run, the SDK used with its defaults (sendEachAsync in a loop) against the same fake, in
 * alternating rounds (server, baseline, server, baseline, ...), each round's ratio printed, then
 * the median ratio and its range.
 *
 * Started by scripts/bench/push-fanout, which starts the server; arguments:
 *   FAKE_PORT LATENCY_MS SERVER_URL DATABASE_URL SERVER_PID DEVICES BASELINE_MESSAGES
 */
public class PushBench {

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  static void run(String[] args) throws Exception {
    int fakePort = Integer.parseInt(args[0]);
    long latency = Long.parseLong(args[1]);
    String server = args[2];
    String db = args[3];
    long serverPid = Long.parseLong(args[4]);
    int devices = Integer.parseInt(args[5]);
    int baselineMessages = Integer.parseInt(args[6]);

    FakeFcm fcm = FakeFcm.startOn(fakePort).latency(latency).withoutMessages();
    seedDevices(db, devices);
    fcm.reset();
    fcm.latency(latency);

    String token = login(server, "demo.communicator");
    FirebaseMessaging baseline = baselineClient(fakePort);
    // The machine is shared and its speed swings between runs, so the server and the baseline
    // take turns (ROUNDS of each, 3 by default) and the ratio is taken per round. The first send
    // and a first baseline run warm both JVMs up (the JIT still compiling the SDK's paths) and
    // are not counted.
    fanOut("first send (cold JVM, not counted)", server, token, fcm, serverPid, latency);
    baselineRate("baseline warm-up (not counted)", baseline, fcm, latency, Math.max(500, baselineMessages / 4));
    int rounds = Integer.parseInt(System.getenv().getOrDefault("ROUNDS", System.getenv().getOrDefault("WARM_SENDS", "3")));
    List<Double> ratios = new ArrayList<>();
    for (int i = 1; i <= rounds; i++) {
      awaitAutovacuum(db);
      double sustained = fanOut("round " + i, server, token, fcm, serverPid, latency);
      double base = baselineRate("round " + i, baseline, fcm, latency, baselineMessages);
      ratios.add(sustained / base);
      System.out.printf("round %d: server %.0f/s, baseline %.0f/s, ratio %.2fx%n", i, sustained, base, sustained / base);
    }
    List<Double> sorted = new ArrayList<>(ratios);
    sorted.sort(null);
    int n = sorted.size();
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    System.out.printf("ratio over %d alternating rounds: median %.2fx the baseline's rate, range %.2fx-%.2fx (goal: at least 5x)%n",
      n, median, sorted.get(0), sorted.get(n - 1));
    if (System.getenv("TABLE_STATS") != null) {
      try (Connection c = connect(db);
           Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT relname, seq_scan, seq_tup_read, idx_scan, n_tup_upd, n_tup_hot_upd "
             + "FROM pg_stat_user_tables WHERE relname IN ('deliveries', 'inbox_entries', 'devices', 'messages', 'employees')"
             + " ORDER BY relname")) {
        while (rs.next()) {
          System.out.printf("  %s seq_scan=%d seq_tup_read=%d idx_scan=%d upd=%d hot=%d%n", rs.getString(1), rs.getLong(2),
            rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
        }
      }
    }
    fcm.close();
    System.exit(0);
  }

  // The baseline: the SDK with its defaults (its own thread pool, its HTTP/2 transport).
  static FirebaseMessaging baselineClient(int fakePort) {
    FirebaseApp app = FirebaseApp.initializeApp(FirebaseOptions.builder()
      .setCredentials(new GoogleCredentials() {
        @Override
        public AccessToken refreshAccessToken() {
          return new AccessToken("fake-fcm-token", new Date(System.currentTimeMillis() + 3_600_000L));
        }
      })
      .setProjectId("fake-project")
      .setHttpTransport(sdkDefaultTransportTo(fakePort))
      .build(), "baseline");
    return FirebaseMessaging.getInstance(app);
  }

  // sendEachAsync in a loop, 500 messages a call, all calls in flight at once.
  static double baselineRate(String label, FirebaseMessaging messaging, FakeFcm fcm, long latency, int messages)
      throws Exception {
    fcm.reset();
    fcm.latency(latency);
    long b0 = System.nanoTime();
    List<ApiFuture<BatchResponse>> futures = new ArrayList<>();
    for (int i = 0; i < messages; i += 500) {
      List<Message> batch = new ArrayList<>();
      for (int j = i; j < Math.min(messages, i + 500); j++) {
        batch.add(Message.builder().setToken("baseline-" + j)
          .setNotification(Notification.builder().setTitle("Veckans livesändning").setBody("Kl 10").build()).build());
      }
      futures.add(messaging.sendEachAsync(batch));
    }
    int ok = 0;
    for (ApiFuture<BatchResponse> f : futures) {
      ok += f.get().getSuccessCount();
    }
    double seconds = (System.nanoTime() - b0) / 1e9;
    System.out.printf("baseline, %s (SDK defaults: its HTTP/2 transport and thread pool, sendEachAsync in a loop): "
        + "messages=%d ok=%d time=%.1fs rate=%.0f/s%n", label, messages, ok, seconds, ok / seconds);
    return ok / seconds;
  }

  static double fanOut(String label, String server, String token, FakeFcm fcm, long serverPid, long latency)
      throws Exception {
    fcm.reset();
    fcm.latency(latency);
    JsonObject message = new JsonObject().put("title", "Veckans livesändning").put("body", "Regiondirektören svarar på frågor kl 10.")
      .put("category", "INFO").put("audience", new JsonObject().put("everyone", true));
    long cpu0 = cpuTicks(serverPid);
    long pg0 = postgresTicks();
    long self0 = cpuTicks(ProcessHandle.current().pid());
    long t0 = System.nanoTime();
    long t0Millis = System.currentTimeMillis();
    HttpResponse<String> sent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server + "/api/v1/messages"))
      .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(message.encode())).build(), HttpResponse.BodyHandlers.ofString());
    long accepted = System.nanoTime();
    if (sent.statusCode() != 201) {
      throw new IllegalStateException("send failed: " + sent.statusCode() + " " + sent.body());
    }
    int expected = new JsonObject(sent.body()).getInteger("devices");
    long peakRss = 0;
    while (fcm.deliveredCount() < expected) {
      Thread.sleep(20);
      peakRss = Math.max(peakRss, rssKb(serverPid));
      if (System.nanoTime() - t0 > 600_000_000_000L) {
        throw new IllegalStateException("not all delivered in 10 minutes: " + fcm.deliveredCount() + "/" + expected);
      }
    }
    long last = System.nanoTime();
    double seconds = (last - t0) / 1e9;
    double serverCores = (cpuTicks(serverPid) - cpu0) / 100.0 / seconds;
    double pgCores = (postgresTicks() - pg0) / 100.0 / seconds;
    double fakeCores = (cpuTicks(ProcessHandle.current().pid()) - self0) / 100.0 / seconds;
    List<FakeFcm.Received> got = fcm.delivered();
    long first = got.get(0).atMillis();
    long lastAt = got.get(got.size() - 1).atMillis();
    double sustained = (got.size() - 1) * 1000.0 / Math.max(1, lastAt - first);
    if (System.getenv("RATE_TRACE") != null) {
      // Deliveries in each 250 ms from the first: shows stalls and the ramp at either end.
      int[] buckets = new int[(int) ((lastAt - first) / 250) + 1];
      got.forEach(r -> buckets[(int) ((r.atMillis() - first) / 250)]++);
      StringBuilder trace = new StringBuilder("  per 250 ms:");
      for (int b : buckets) {
        trace.append(' ').append(b);
      }
      System.out.println(trace);
    }
    System.out.printf("server, %s: devices=%d accept=%.0fms first_push=%.0fms last_push=%.1fs sustained=%.0f/s "
        + "peak_rss=%dMB vmhwm=%dMB; cpu cores: server=%.2f postgres=%.2f fake_fcm+bench=%.2f%n",
      label, expected, (accepted - t0) / 1e6, (double) (first - t0Millis),
      seconds, sustained, peakRss / 1024, hwmKb(serverPid) / 1024, serverCores, pgCores, fakeCores);
    return sustained;
  }

  /**
   * A server that has been up for a while gets its all-staff messages minutes apart, and between
   * them PostgreSQL's autovacuum clears the previous send's dead outbox rows and updates the
   * planner's statistics. Back to back (AUTOVACUUM_WAIT=0) each send instead works on the bloat of
   * all before it on tables never analysed: the fresh benchmark database gets its first
   * autovacuum visit only a minute or two after it is created. Waits (3 minutes at most) for
   * autovacuum's own vacuum and analyse of the outbox since the last send; nothing is run by hand.
   */
  static void awaitAutovacuum(String db) throws Exception {
    if ("0".equals(System.getenv("AUTOVACUUM_WAIT"))) {
      return;
    }
    long t0 = System.nanoTime();
    try (Connection c = connect(db);
         Statement st = c.createStatement()) {
      ResultSet since = st.executeQuery("SELECT now()");
      since.next();
      java.sql.Timestamp sentBy = since.getTimestamp(1);
      try (java.sql.PreparedStatement q = c.prepareStatement("SELECT coalesce(last_autovacuum > ?, false) "
        + "AND coalesce(last_autoanalyze > ?, false) FROM pg_stat_user_tables WHERE relname = 'deliveries'")) {
        q.setTimestamp(1, sentBy);
        q.setTimestamp(2, sentBy);
        while (System.nanoTime() - t0 < 180_000_000_000L) {
          ResultSet done = q.executeQuery();
          if (done.next() && done.getBoolean(1)) {
            System.out.printf("  autovacuum and autoanalyze of the outbox after %.0f s%n", (System.nanoTime() - t0) / 1e9);
            return;
          }
          Thread.sleep(1000);
        }
      }
      System.out.println("  no autovacuum of the outbox in 3 minutes: the next send works on its bloat");
    }
  }

  // DATABASE_URL is postgresql://postgres@host:port/db; the embedded database needs no password.
  static Connection connect(String db) throws java.sql.SQLException {
    return DriverManager.getConnection("jdbc:" + db.replace("postgres@", ""), "postgres", "");
  }

  // utime + stime of a process, in clock ticks (100 a second on Linux).
  static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  // All PostgreSQL processes (the embedded server and its backends).
  static long postgresTicks() throws Exception {
    long ticks = 0;
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String stat = Files.readString(p.resolve("stat"));
          if (stat.contains("(postgres)")) {
            ticks += cpuTicks(Long.parseLong(p.getFileName().toString()));
          }
        } catch (java.io.IOException gone) {
          // the process ended meanwhile
        }
      }
    }
    return ticks;
  }

  // The SDK's default transport (ApacheHttp2Transport with the SDK's pool and stream settings),
  // only routed to the fake and speaking HTTP/2 without TLS, as the fake does.
  static ApacheHttp2Transport sdkDefaultTransportTo(int fakePort) {
    HttpHost fake = new HttpHost("http", "127.0.0.1", fakePort);
    return new ApacheHttp2Transport(ApacheHttp2Transport.defaultHttpAsyncClientBuilder()
      .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
        .setMaxConnTotal(200)
        .setMaxConnPerRoute(100)
        .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_2).build())
        .build())
      .setRoutePlanner((target, context) -> new HttpRoute(fake))
      .build());
  }

  static void seedDevices(String db, int devices) throws Exception {
    try (Connection c = connect(db);
         Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT count(*) FROM devices");
      rs.next();
      if (rs.getLong(1) >= devices) {
        return;
      }
      // Spread the devices over the active employees, as if every one had some 25 phones and tablets.
      s.executeUpdate("""
        WITH emp AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn, count(*) OVER () AS total
                     FROM employees WHERE status = 'ACTIVE')
        INSERT INTO devices (device_key, employee_id, platform, push_token)
        SELECT 'bench-' || n, emp.id, CASE WHEN mod(n, 3) = 0 THEN 'IOS' ELSE 'ANDROID' END, 'bench-token-' || n
        FROM generate_series(1, """ + devices + """
        ) AS n JOIN emp ON emp.rn = mod(n, emp.total)
        ON CONFLICT DO NOTHING
        """);
      s.execute("ANALYZE devices");
    }
  }

  static String login(String server, String externalId) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server + "/api/v1/auth/dev-login"))
      .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"externalId\":\"" + externalId + "\"}"))
      .build(), HttpResponse.BodyHandlers.ofString());
    return new JsonObject(r.body()).getString("accessToken");
  }

  static long rssKb(long pid) {
    return statusKb(pid, "VmRSS:");
  }

  static long hwmKb(long pid) {
    return statusKb(pid, "VmHWM:");
  }

  static long statusKb(long pid, String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception gone) {
      return 0;
    }
    return 0;
  }
}
