import io.vertx.core.json.JsonObject;
import se.tjanstemobil.push.FakeFcm;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;

/**
 * Held-delivery benchmark: a message to N recipients of whom half are off duty (shift workers
 * whose shift starts a little later). Measures the time to accept the send (everyone's next
 * reachable time is computed inside it) and the release of the held half when their shift
 * starts: from the window opening until no push is held any more.
 *
 * Started by scripts/bench/held-release; arguments: FAKE_PORT SERVER_URL DATABASE_URL RECIPIENTS OPEN_AFTER_SECONDS
 */
public class HeldReleaseBench {

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
    String server = args[1];
    String db = args[2];
    int recipients = Integer.parseInt(args[3]);
    int openAfter = Integer.parseInt(args[4]);
    FakeFcm fcm = FakeFcm.startOn(fakePort).latency(50);
    try (Connection c = DriverManager.getConnection("jdbc:" + db.replace("postgres@", ""), "postgres", "");
         Statement s = c.createStatement()) {
      String token = new JsonObject(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server + "/api/v1/auth/dev-login"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"externalId\":\"demo.communicator\"}"))
        .build(), HttpResponse.BodyHandlers.ofString()).body()).getString("accessToken");
      // A server that has been up a while: its send path compiled by the JIT (three all-staff
      // messages to the demo region's 3,997 people first).
      for (int i = 0; i < 3; i++) {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server + "/api/v1/messages"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("title", "Uppvärmning").put("body", "Välkommen")
            .put("category", "INFO").put("audience", new JsonObject().put("everyone", true)).encode())).build(),
          HttpResponse.BodyHandlers.ofString());
      }
      while (fcm.deliveredCount() > 0 && Long.parseLong(scalar(s, "SELECT count(*) FROM deliveries WHERE status = 'PENDING'")) > 0) {
        Thread.sleep(100);
      }
      fcm.reset();
      fcm.latency(50);
      Instant opens = seed(s, recipients, openAfter);
      String unit = scalar(s, "SELECT id FROM units WHERE external_id = 'BENCH-HELD'");
      JsonObject message = new JsonObject().put("title", "Schemaändring").put("body", "Nytt schema för december är publicerat.")
        .put("category", "SCHEDULE").put("audience", new JsonObject().put("units",
          new io.vertx.core.json.JsonArray().add(new JsonObject().put("id", unit))));
      long t0 = System.nanoTime();
      HttpResponse<String> sent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server + "/api/v1/messages"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(message.encode())).build(), HttpResponse.BodyHandlers.ofString());
      double acceptMs = (System.nanoTime() - t0) / 1e6;
      if (sent.statusCode() != 201) {
        throw new IllegalStateException("send failed: " + sent.statusCode() + " " + sent.body());
      }
      JsonObject answer = new JsonObject(sent.body());
      long held = Long.parseLong(scalar(s, "SELECT count(*) FROM deliveries WHERE status = 'HELD'"));
      System.out.printf("accept: recipients=%d reachableNow=%d held=%s devices=%d in %.0f ms (availability of all computed inside)%n",
        answer.getInteger("recipients"), answer.getInteger("reachableNow"), answer.getJsonArray("held").encode(),
        answer.getInteger("devices"), acceptMs);
      if (Instant.now().isAfter(opens)) {
        throw new IllegalStateException("the window opened before the send was accepted; raise OPEN_AFTER");
      }
      // Wait for the window, then time until nothing is held any more.
      while (Instant.now().isBefore(opens)) {
        Thread.sleep(5);
      }
      long open = System.nanoTime();
      long left = held;
      while (left > 0) {
        Thread.sleep(10);
        left = Long.parseLong(scalar(s, "SELECT count(*) FROM deliveries WHERE status = 'HELD'"));
        if (System.nanoTime() - open > 120_000_000_000L) {
          throw new IllegalStateException(left + " still held two minutes after the window opened");
        }
      }
      double releaseMs = (System.nanoTime() - open) / 1e6;
      System.out.printf("release: %d held pushes released %.0f ms after their window opened%n", held, releaseMs);
      long target = recipients;
      while (fcm.deliveredCount() < target && System.nanoTime() - open < 300_000_000_000L) {
        Thread.sleep(20);
      }
      System.out.printf("pushed: %d delivered to the fake FCM %.1f s after the window opened; attempts: %s%n",
        fcm.deliveredCount(), (System.nanoTime() - open) / 1e9,
        scalar(s, "SELECT string_agg(attempts || 'x' || n, ' ') FROM (SELECT attempts, count(*) n FROM deliveries GROUP BY 1 ORDER BY 1) a"));
    }
    fcm.close();
    System.exit(0);
  }

  // N employees in one unit with a phone each; the odd ones are shift workers whose shift starts
  // openAfter seconds from now (off duty until then), the even ones reachable around the clock.
  static Instant seed(Statement s, int n, int openAfter) throws Exception {
    Instant opens = Instant.now().plusSeconds(openAfter);
    s.execute("INSERT INTO units (external_id, name) VALUES ('BENCH-HELD', 'Benchmark unit') ON CONFLICT DO NOTHING");
    s.execute("INSERT INTO employees (external_id, name, unit_id) SELECT 'held-' || g, 'Anställd ' || g, "
      + "(SELECT id FROM units WHERE external_id = 'BENCH-HELD') FROM generate_series(1, " + n + ") g");
    s.execute("INSERT INTO devices (device_key, employee_id, platform, push_token) SELECT 'held-dev-' || e.external_id, e.id, "
      + "'ANDROID', 'held-token-' || e.external_id FROM employees e WHERE e.external_id LIKE 'held-%'");
    s.execute("INSERT INTO availability_profiles (employee_id, mode) SELECT id, 'SHIFTS' FROM employees "
      + "WHERE external_id LIKE 'held-%' AND substring(external_id from 6)::int % 2 = 1");
    s.execute("INSERT INTO availability_periods (employee_id, kind, start_at, end_at) SELECT employee_id, 'SHIFT', "
      + "'" + opens + "'::timestamptz, '" + opens + "'::timestamptz + interval '8 hours' FROM availability_profiles");
    s.execute("ANALYZE");
    if (System.getenv("PG_SLOW_MS") != null) {
      s.execute("ALTER SYSTEM SET log_min_duration_statement = " + Integer.parseInt(System.getenv("PG_SLOW_MS")));
      s.execute("SELECT pg_reload_conf()");
    }
    return opens;
  }

  static String scalar(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
