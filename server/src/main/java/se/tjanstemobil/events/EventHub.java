package se.tjanstemobil.events;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.i18n.Text;

/**
 * Server-sent events to apps in the foreground, across instances: features publish an event with
 * {@link Events#publish} (a NOTIFY on the channel `employee_events`, payload `{type, id}`); every
 * instance LISTENs, asks the publishing feature which of its locally connected employees the event
 * concerns and what to send them, and writes to those streams. A client connected to any instance
 * gets it.
 */
public final class EventHub {

  private static final Logger log = LoggerFactory.getLogger(EventHub.class);

  /**
   * For an event type: given the event id and the connected employees, the event data per employee.
   */
  public interface Resolver extends BiFunction<String, Set<UUID>, Future<Map<UUID, JsonObject>>> {}

  private record Stream(HttpServerResponse response, Context context) {}

  /** A person asking for more streams than this is told to try again after this long. */
  private static final int RETRY_AFTER_SECONDS = 30;

  private final Vertx vertx;
  private final int maxStreamsPerPerson;
  private final Map<UUID, Set<Stream>> streams = new ConcurrentHashMap<>();
  private final Map<String, Resolver> resolvers = new ConcurrentHashMap<>();
  private PgSubscriber subscriber;

  /**
   * @param maxStreamsPerPerson streams one person may hold open on this instance
   *     (events.maxStreamsPerPerson)
   */
  public EventHub(Vertx vertx, int maxStreamsPerPerson) {
    this.vertx = vertx;
    this.maxStreamsPerPerson = maxStreamsPerPerson;
  }

  public void resolver(String type, Resolver resolver) {
    resolvers.put(type, resolver);
  }

  public Future<Void> start(PgConnectOptions options) {
    subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1_000L);
    subscriber.channel(Events.CHANNEL).handler(this::dispatch);
    return subscriber.connect();
  }

  public Future<Void> stop() {
    streams
        .values()
        .forEach(
            set ->
                set.forEach(
                    s ->
                        s.context()
                            .runOnContext(
                                v -> {
                                  if (!s.response().ended()) {
                                    s.response().end();
                                  }
                                })));
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }

  /**
   * Opens an event stream for the employee on this response; heartbeats keep proxies from closing
   * it. Each stream holds a connection and its buffers for as long as it is open, so one person
   * holds a bounded number: beyond it, 429.
   */
  public void open(UUID employeeId, RoutingContext rc) {
    Stream stream = new Stream(rc.response(), vertx.getOrCreateContext());
    if (!admitted(employeeId, stream)) {
      rc.fail(
          Problem.tooMany(
              "too-many-streams",
              Text.of("problem.too-many-streams.detail", maxStreamsPerPerson),
              RETRY_AFTER_SECONDS));
      return;
    }
    begin(stream.response());
    long heartbeat = heartbeat(stream.response());
    // Through the routing context: the response's own close and end handlers are the router's
    // (its end handlers: the request log, the slow-client accounting).
    rc.addEndHandler(
        v -> {
          vertx.cancelTimer(heartbeat);
          remove(employeeId, stream);
        });
  }

  /** Holds the stream for the employee, unless they hold as many as they may already. */
  private boolean admitted(UUID employeeId, Stream stream) {
    Set<Stream> held =
        streams.compute(
            employeeId,
            (k, set) -> {
              Set<Stream> streamsOfOne = set == null ? ConcurrentHashMap.newKeySet() : set;
              if (streamsOfOne.size() < maxStreamsPerPerson) {
                streamsOfOne.add(stream);
              }
              return streamsOfOne.isEmpty() ? null : streamsOfOne;
            });
    // Only the stream's own end removes it again, and that handler is not set yet.
    return held != null && held.contains(stream);
  }

  private static void begin(HttpServerResponse response) {
    response
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    response.write(": connected\nretry: 5000\n\n");
  }

  /** A comment every 25 s, so that proxies do not close a quiet stream; the timer's id. */
  private long heartbeat(HttpServerResponse response) {
    return vertx.setPeriodic(
        25_000,
        id -> {
          if (!response.ended() && !response.closed()) {
            response.write(": keep-alive\n\n");
          }
        });
  }

  private void remove(UUID employeeId, Stream stream) {
    streams.computeIfPresent(
        employeeId,
        (k, set) -> {
          set.remove(stream);
          return set.isEmpty() ? null : set;
        });
  }

  /** How many streams are open on this instance (metrics, tests). */
  public int openStreams() {
    return streams.values().stream().mapToInt(Set::size).sum();
  }

  private void dispatch(String payload) {
    JsonObject event;
    try {
      event = new JsonObject(payload);
    } catch (RuntimeException e) {
      log.warn("Ignoring malformed event {}", payload);
      return;
    }
    String type = event.getString("type");
    Resolver resolver = resolvers.get(type);
    Set<UUID> connected = Set.copyOf(streams.keySet());
    if (resolver == null || connected.isEmpty()) {
      return;
    }
    resolver
        .apply(event.getString("id"), connected)
        .onSuccess(
            perEmployee ->
                perEmployee.forEach(
                    (employee, data) -> {
                      String frame = "event: " + type + "\ndata: " + data.encode() + "\n\n";
                      for (Stream s : streams.getOrDefault(employee, Set.of())) {
                        s.context()
                            .runOnContext(
                                v -> {
                                  if (!s.response().ended() && !s.response().closed()) {
                                    s.response().write(frame);
                                  }
                                });
                      }
                    }))
        .onFailure(e -> log.warn("Event {} could not be resolved: {}", payload, e.getMessage()));
  }
}
