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
import se.tjanstemobil.i18n.Text;

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

  /** A token bucket: a burst of the limit, refilled at the limit a minute. */
  private static final class Bucket {
    private final int perMinute;
    private double tokens;
    private long last;

    Bucket(int perMinute, long now) {
      this.perMinute = perMinute;
      this.tokens = perMinute;
      this.last = now;
    }

    /** Takes a token if there is one (0); else how long until there is one, in milliseconds. */
    synchronized long take(long now) {
      double perMilli = perMinute / 60_000.0;
      tokens = Math.min(perMinute, tokens + (now - last) * perMilli);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / perMilli);
    }

    synchronized boolean idleSince(long then) {
      return last < then;
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
          buckets.values().removeIf(b -> b.idleSince(now - 120_000));
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
    return rc -> {
      // Real time, not the injected clock: a limit is so many requests a real minute.
      long now = System.currentTimeMillis();
      long waitMillis =
          buckets
              .computeIfAbsent(group + ":" + key.apply(rc), k -> new Bucket(perMinute, now))
              .take(now);
      if (waitMillis == 0) {
        rc.next();
        return;
      }
      rc.fail(
          Problem.tooMany(
              "rate-limited",
              Text.of("problem.rate-limited." + group, perMinute),
              (waitMillis + 999) / 1000));
    };
  }
}
