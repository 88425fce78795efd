package se.tjanstemobil.events;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Server-sent events to apps in the foreground, across instances: features publish an event
 * with NOTIFY on the channel `employee_events` (payload `{type, id}`); every instance LISTENs,
 * asks the publishing feature which of its locally connected employees the event concerns and
 * what to send them, and writes to those streams. A client connected to any instance gets it.
 */
public final class EventHub {

  private static final Logger log = LoggerFactory.getLogger(EventHub.class);
  public static final String CHANNEL = "employee_events";

  /** For an event type: given the event id and the connected employees, the event data per employee. */
  public interface Resolver extends BiFunction<String, Set<UUID>, Future<Map<UUID, JsonObject>>> {
  }

  private record Stream(HttpServerResponse response, Context context) {
  }

  private final Vertx vertx;
  private final Map<UUID, Set<Stream>> streams = new ConcurrentHashMap<>();
  private final Map<String, Resolver> resolvers = new ConcurrentHashMap<>();
  private PgSubscriber subscriber;

  public EventHub(Vertx vertx) {
    this.vertx = vertx;
  }

  public void resolver(String type, Resolver resolver) {
    resolvers.put(type, resolver);
  }

  public Future<Void> start(PgConnectOptions options) {
    subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1_000L);
    subscriber.channel(CHANNEL).handler(this::dispatch);
    return subscriber.connect();
  }

  public Future<Void> stop() {
    streams.values().forEach(set -> set.forEach(s -> s.context().runOnContext(v -> {
      if (!s.response().ended()) {
        s.response().end();
      }
    })));
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }

  /** Opens an event stream for the employee on this response; heartbeats keep proxies from closing it. */
  public void open(UUID employeeId, RoutingContext rc) {
    HttpServerResponse response = rc.response();
    response.setChunked(true)
      .putHeader("Content-Type", "text/event-stream; charset=utf-8")
      .putHeader("Cache-Control", "no-store")
      .putHeader("X-Accel-Buffering", "no");
    response.write(": connected\nretry: 5000\n\n");
    Stream stream = new Stream(response, vertx.getOrCreateContext());
    streams.computeIfAbsent(employeeId, k -> ConcurrentHashMap.newKeySet()).add(stream);
    long heartbeat = vertx.setPeriodic(25_000, id -> {
      if (!response.ended() && !response.closed()) {
        response.write(": keep-alive\n\n");
      }
    });
    Runnable remove = () -> {
      vertx.cancelTimer(heartbeat);
      Set<Stream> set = streams.get(employeeId);
      if (set != null) {
        set.remove(stream);
        if (set.isEmpty()) {
          streams.remove(employeeId, set);
        }
      }
    };
    // Through the routing context: the response's own close and end handlers are the router's
    // (its end handlers: the request log, the slow-client accounting).
    rc.addEndHandler(v -> remove.run());
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
    resolver.apply(event.getString("id"), connected).onSuccess(perEmployee -> perEmployee.forEach((employee, data) -> {
      String frame = "event: " + type + "\ndata: " + data.encode() + "\n\n";
      for (Stream s : streams.getOrDefault(employee, Set.of())) {
        s.context().runOnContext(v -> {
          if (!s.response().ended() && !s.response().closed()) {
            s.response().write(frame);
          }
        });
      }
    })).onFailure(e -> log.warn("Event {} could not be resolved: {}", payload, e.getMessage()));
  }
}
