package se.tjanstemobil.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.config.AppConfig;

/**
 * Request rate limits on the operations that write for people and cost the most: sending messages
 * and booking (per signed-in person), and dev login (per client address). A token bucket per key
 * allows a burst of the limit and refills at the limit a minute; past it, 429 with Retry-After.
 * Kept in this instance's memory: behind a load balancer each instance counts its own share.
 */
public final class RequestRateLimits {

  /** Requests a minute for each limited group of operations; 0 turns a limit off. */
  public record Limits(int sendsPerMinute, int bookingsPerMinute, int devLoginsPerMinute) {

    public static Limits from(AppConfig c) {
      return new Limits(
          c.integer("rateLimits.sendsPerMinute"),
          c.integer("rateLimits.bookingsPerMinute"),
          c.integer("rateLimits.devLoginsPerMinute"));
    }
  }

  private static final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }
  }

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Limits limits;

  public RequestRateLimits(Vertx vertx, Limits limits) {
    this.limits = limits;
    // Buckets that have filled up again are forgotten, so the map holds only the active.
    vertx.setPeriodic(
        60_000,
        id -> {
          long now = System.currentTimeMillis();
          buckets.entrySet().removeIf(e -> now - e.getValue().last > 120_000);
        });
  }

  /** Mounted before the features' handlers, so a limited request never reaches them. */
  public void mount(RouterBuilder builder) {
    Function<RoutingContext, String> person = rc -> AuthHandler.principal(rc).id().toString();
    Function<RoutingContext, String> address =
        rc ->
            rc.request().remoteAddress() == null ? "?" : rc.request().remoteAddress().hostAddress();
    limit(builder, "sendMessage", "sends", limits.sendsPerMinute(), person);
    limit(builder, "createBooking", "bookings", limits.bookingsPerMinute(), person);
    limit(builder, "createBookingSeries", "bookings", limits.bookingsPerMinute(), person);
    limit(builder, "devLogin", "dev-login", limits.devLoginsPerMinute(), address);
  }

  private void limit(
      RouterBuilder builder,
      String operation,
      String group,
      int perMinute,
      Function<RoutingContext, String> key) {
    if (perMinute <= 0) {
      return;
    }
    builder.getRoute(operation).addHandler(handler(group, perMinute, key));
  }

  private Handler<RoutingContext> handler(
      String group, int perMinute, Function<RoutingContext, String> key) {
    double perMilli = perMinute / 60_000.0;
    return rc -> {
      long now = System.currentTimeMillis();
      Bucket b =
          buckets.computeIfAbsent(group + ":" + key.apply(rc), k -> new Bucket(perMinute, now));
      long waitMillis;
      synchronized (b) {
        b.tokens = Math.min(perMinute, b.tokens + (now - b.last) * perMilli);
        b.last = now;
        if (b.tokens >= 1) {
          b.tokens -= 1;
          waitMillis = 0;
        } else {
          waitMillis = (long) Math.ceil((1 - b.tokens) / perMilli);
        }
      }
      if (waitMillis == 0) {
        rc.next();
        return;
      }
      rc.fail(
          Problem.tooMany(
              "rate-limited",
              "Too many "
                  + group
                  + " requests: at most "
                  + perMinute
                  + " a minute; try again in a moment",
              (waitMillis + 999) / 1000));
    };
  }
}
