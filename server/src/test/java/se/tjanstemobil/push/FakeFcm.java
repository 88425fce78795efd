package se.tjanstemobil.push;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A small FCM HTTP v1 server: POST /v1/projects/{project}/messages:send. It records what it
 * receives and answers like FCM, including its errors (UNREGISTERED, INVALID_ARGUMENT,
 * QUOTA_EXCEEDED with Retry-After, UNAVAILABLE, INTERNAL, THIRD_PARTY_AUTH_ERROR,
 * SENDER_ID_MISMATCH), by token prefix or for the next N requests, with optional latency.
 *
 * <p>Runnable for benchmarks: java -cp
 * server/target/tjanstemobil-server.jar:server/target/test-classes \ se.tjanstemobil.push.FakeFcm
 * PORT LATENCY_MS
 */
public final class FakeFcm implements AutoCloseable {

  /** The FCM errors the fake can answer with. */
  public enum Fault {
    UNREGISTERED(404, "NOT_FOUND", "Requested entity was not found."),
    INVALID_ARGUMENT(
        400, "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token"),
    QUOTA_EXCEEDED(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Send requests'."),
    UNAVAILABLE(503, "UNAVAILABLE", "The service is currently unavailable."),
    INTERNAL(500, "INTERNAL", "Internal error encountered."),
    THIRD_PARTY_AUTH_ERROR(401, "UNAUTHENTICATED", "Auth error from APNS or Web Push Service"),
    SENDER_ID_MISMATCH(403, "PERMISSION_DENIED", "SenderId mismatch");

    final int status;
    final String grpc;
    final String text;

    Fault(int status, String grpc, String text) {
      this.status = status;
      this.grpc = grpc;
      this.text = text;
    }
  }

  /** One request as it arrived: when, on which connection, and the status it got. */
  public record Request(long atMillis, String connection, int status) {}

  /** One request FCM received. */
  public record Received(String token, JsonObject message, long atMillis) {}

  private static final Pattern SEND_PATH = Pattern.compile("/v1/projects/[^/]+/messages:send");

  private final Vertx vertx;
  private final HttpServer server;
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final Map<String, Fault> byTokenPrefix = new ConcurrentHashMap<>();
  private final AtomicInteger failNextCount = new AtomicInteger();
  private volatile Fault failNextWith;
  private volatile Integer retryAfterSeconds;
  private volatile long latencyMillis;
  private volatile Fault down;
  private volatile boolean keepMessages = true;
  private final ConcurrentLinkedQueue<Request> requestLog = new ConcurrentLinkedQueue<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong deliveredCount = new AtomicLong();

  private FakeFcm(Vertx vertx, int port, int eventLoops) {
    this.vertx = vertx;
    this.server = vertx.createHttpServer().requestHandler(this::handle);
    server.listen(port, "127.0.0.1").await();
    // More servers on the same port share the connections across event loops (benchmarks).
    for (int i = 1; i < eventLoops; i++) {
      vertx
          .createHttpServer()
          .requestHandler(this::handle)
          .listen(server.actualPort(), "127.0.0.1")
          .await();
    }
  }

  public static FakeFcm start() {
    return new FakeFcm(Vertx.vertx(), 0, 1);
  }

  /** On a fixed port (benchmarks). */
  public static FakeFcm startOn(int port) {
    return new FakeFcm(Vertx.vertx(), port, Runtime.getRuntime().availableProcessors());
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Tokens starting with this prefix always get this error. */
  public FakeFcm failTokens(String prefix, Fault error) {
    byTokenPrefix.put(prefix, error);
    return this;
  }

  /** The next n requests (any token) get this error. */
  public FakeFcm failNext(int n, Fault error) {
    failNextWith = error;
    failNextCount.set(n);
    return this;
  }

  public FakeFcm retryAfter(Integer seconds) {
    this.retryAfterSeconds = seconds;
    return this;
  }

  /**
   * Benchmarks: keep only each push's token and time, not its message (a hundred thousand parsed
   * messages would cost the benchmark's process memory and collections on the machine it shares).
   */
  public FakeFcm withoutMessages() {
    this.keepMessages = false;
    return this;
  }

  /** Every request gets this error until {@code up()}: FCM down (UNAVAILABLE) or refusing. */
  public FakeFcm down(Fault error) {
    this.down = error;
    return this;
  }

  public FakeFcm up() {
    this.down = null;
    return this;
  }

  /** Every request, answered or refused, in the order they were answered. */
  public List<Request> requestLog() {
    return new ArrayList<>(requestLog);
  }

  public FakeFcm latency(long millis) {
    this.latencyMillis = millis;
    return this;
  }

  /** Successful pushes only, in arrival order. */
  public List<Received> delivered() {
    return new ArrayList<>(received);
  }

  /** How many pushes succeeded, without copying them (benchmarks poll this). */
  public long deliveredCount() {
    return deliveredCount.get();
  }

  public long requests() {
    return requests.get();
  }

  public void reset() {
    received.clear();
    deliveredCount.set(0);
    byTokenPrefix.clear();
    failNextCount.set(0);
    retryAfterSeconds = null;
    latencyMillis = 0;
    requests.set(0);
    down = null;
    requestLog.clear();
  }

  private void handle(HttpServerRequest req) {
    if (!SEND_PATH.matcher(req.path()).matches() || !HttpMethod.POST.equals(req.method())) {
      req.response().setStatusCode(404).end();
      return;
    }
    req.body()
        .onSuccess(
            buffer -> {
              requests.incrementAndGet();
              JsonObject message = buffer.toJsonObject().getJsonObject("message");
              String token = message.getString("token");
              long at = System.currentTimeMillis();
              Runnable answer =
                  () ->
                      requestLog.add(
                          new Request(
                              at,
                              String.valueOf(req.connection().remoteAddress()),
                              answer(req, token, message)));
              if (latencyMillis > 0) {
                Delayed.on(vertx.getOrCreateContext()).add(at + latencyMillis, answer);
              } else {
                answer.run();
              }
            });
  }

  /** Answers and returns the status given. */
  private int answer(HttpServerRequest req, String token, JsonObject message) {
    if (!"Bearer fake-fcm-token".equals(req.getHeader("Authorization"))) {
      return error(req, Fault.THIRD_PARTY_AUTH_ERROR);
    }
    Fault error = down;
    for (Map.Entry<String, Fault> e : byTokenPrefix.entrySet()) {
      if (token != null && token.startsWith(e.getKey())) {
        error = e.getValue();
      }
    }
    if (error == null && failNextCount.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      error = failNextWith;
    }
    if (error != null) {
      return error(req, error);
    }
    received.add(new Received(token, keepMessages ? message : null, System.currentTimeMillis()));
    deliveredCount.incrementAndGet();
    req.response()
        .putHeader("Content-Type", "application/json")
        .end("{\"name\":\"projects/fake/messages/" + requests.get() + "\"}");
    return 200;
  }

  private int error(HttpServerRequest req, Fault error) {
    String fcmCode =
        switch (error) {
          case UNREGISTERED -> "UNREGISTERED";
          case INVALID_ARGUMENT -> "INVALID_ARGUMENT";
          case QUOTA_EXCEEDED -> "QUOTA_EXCEEDED";
          case UNAVAILABLE -> "UNAVAILABLE";
          case INTERNAL -> "INTERNAL";
          case THIRD_PARTY_AUTH_ERROR -> "THIRD_PARTY_AUTH_ERROR";
          case SENDER_ID_MISMATCH -> "SENDER_ID_MISMATCH";
        };
    JsonObject body =
        new JsonObject()
            .put(
                "error",
                new JsonObject()
                    .put("code", error.status)
                    .put("message", error.text)
                    .put("status", error.grpc)
                    .put(
                        "details",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put(
                                        "@type",
                                        "type.googleapis.com/google.firebase.fcm.v1.FcmError")
                                    .put("errorCode", fcmCode))));
    if (error == Fault.QUOTA_EXCEEDED && retryAfterSeconds != null) {
      req.response().putHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }
    req.response()
        .setStatusCode(error.status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
    return error.status;
  }

  /**
   * The answers waiting out the latency on one event loop, run by one timer for all that fall due
   * in the same millisecond rather than a timer each: at 10,000 requests a second that is several
   * answers a timer, in the benchmark's process, which shares the machine with the server.
   */
  private static final class Delayed {
    private record Answer(long dueMillis, long order, Runnable answer) {}

    private final Context context;
    private final PriorityQueue<Answer> waiting =
        new PriorityQueue<>(
            Comparator.comparingLong(Answer::dueMillis).thenComparingLong(Answer::order));
    private long added;
    private long timerDue = Long.MAX_VALUE;

    private Delayed(Context context) {
      this.context = context;
    }

    static Delayed on(Context context) {
      Delayed delayed = context.get(Delayed.class.getName());
      if (delayed == null) {
        delayed = new Delayed(context);
        context.put(Delayed.class.getName(), delayed);
      }
      return delayed;
    }

    void add(long dueMillis, Runnable answer) {
      waiting.add(new Answer(dueMillis, added++, answer));
      schedule();
    }

    private void schedule() {
      Answer next = waiting.peek();
      if (next != null && next.dueMillis() < timerDue) {
        timerDue = next.dueMillis();
        context
            .owner()
            .setTimer(Math.max(1, next.dueMillis() - System.currentTimeMillis()), id -> runDue());
      }
    }

    private void runDue() {
      timerDue = Long.MAX_VALUE;
      long now = System.currentTimeMillis();
      while (!waiting.isEmpty() && waiting.peek().dueMillis() <= now) {
        waiting.poll().answer().run();
      }
      schedule();
    }
  }

  @Override
  public void close() {
    server.close().await();
    vertx.close();
  }

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9099;
    long latency = args.length > 1 ? Long.parseLong(args[1]) : 50;
    FakeFcm fake = startOn(port).latency(latency);
    System.out.println(
        "fake FCM listening on " + fake.endpoint() + " with " + latency + " ms latency");
    Thread.currentThread().join();
  }
}
