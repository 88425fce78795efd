package se.tjanstemobil.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each request an id (the caller's X-Request-Id when it is sane, else a new one), returns it
 * in the response header, and logs one line per request when it ends (secrets in a path left out).
 * A platform handler (like vertx-web's own logger), so it may run before the CORS handler and every
 * answer is logged.
 */
public final class RequestLogHandler implements PlatformHandler {

  private static final Logger log = LoggerFactory.getLogger("http");
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final String KEY = "requestId";
  public static final String HEADER = "X-Request-Id";

  /** Set by authentication so the request line names who made the request. */
  public static final String ACTOR_KEY = "actor";

  @Override
  public void handle(RoutingContext rc) {
    String given = rc.request().getHeader(HEADER);
    String id =
        given != null && SANE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    rc.put(KEY, id);
    rc.response().putHeader(HEADER, id);
    long start = System.nanoTime();
    rc.addEndHandler(
        ar -> {
          if (log.isInfoEnabled()) {
            Object who = rc.get(ACTOR_KEY);
            log.info(
                "[{}] {} {} {} {}ms{}",
                id,
                rc.request().method(),
                loggedPath(rc),
                rc.response().getStatusCode(),
                (System.nanoTime() - start) / 1_000_000,
                who == null ? "" : " employee=" + who);
          }
        });
    rc.next();
  }

  /**
   * The request's path as it may be written to a log: a calendar feed's address is its secret
   * (whoever reads it reads the person's bookings), so that part is left out.
   */
  public static String loggedPath(RoutingContext rc) {
    String path = rc.request().path();
    String routed;
    try {
      routed = rc.normalizedPath(); // what the router matches ("/api/v1/./calendar/..." included)
    } catch (IllegalArgumentException brokenEscape) {
      routed = path;
    }
    Matcher secret = routed == null ? null : SECRET_IN_PATH.matcher(routed);
    return secret != null && secret.matches()
        ? secret.group(1) + "[secret]" + secret.group(2)
        : path;
  }

  private static final Pattern SECRET_IN_PATH =
      Pattern.compile("(/api/v1/calendar/)[^/]*?((?:\\.ics)?)");

  public static String requestId(RoutingContext rc) {
    String id = rc.get(KEY);
    return id == null ? "-" : id;
  }
}
