package se.tjanstemobil.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import se.tjanstemobil.i18n.Text;

/**
 * Slow clients (slowloris and slow bodies). The idle timeout alone does not stop them: a byte every
 * few seconds keeps a connection "active" for ever, and each such connection holds a socket and its
 * buffers. So a connection must complete each request's head within the head timeout of opening or
 * of its last answer (or it is closed), and each body within the body timeout of its head (or it
 * gets a 408 problem and is closed). The first also closes keep-alive connections idle that long.
 * One per HTTP verticle: its connections and requests are on one event loop.
 */
final class SlowClients {

  private static final class Watch {
    int inFlight;
    long timer = -1;
  }

  private static final String WATCHED = "slowClients.watched";

  private final Vertx vertx;
  private final long headMillis;
  private final long bodyMillis;
  private final Map<HttpConnection, Watch> connections = new HashMap<>();

  SlowClients(Vertx vertx, long headMillis, long bodyMillis) {
    this.vertx = vertx;
    this.headMillis = headMillis;
    this.bodyMillis = bodyMillis;
  }

  void connected(HttpConnection connection) {
    Watch watch = new Watch();
    connections.put(connection, watch);
    connection.closeHandler(
        v -> {
          cancel(watch);
          connections.remove(connection);
        });
    awaitHead(connection, watch);
  }

  /** A request's head arrived: the connection is busy until it is answered. */
  void headArrived(HttpServerRequest request) {
    Watch watch = connections.get(request.connection());
    if (watch != null) {
      cancel(watch);
      watch.inFlight++;
    }
  }

  /**
   * The first handler, and failure handler, of every route: counts the request until its answer
   * ends, and bounds its body's arrival. A request the router refused before any handler comes here
   * as a failure, with no body to wait for.
   */
  void route(RoutingContext rc) {
    if (rc.get(WATCHED) == null) {
      rc.put(WATCHED, true);
      watch(rc);
    }
    rc.next();
  }

  private void watch(RoutingContext rc) {
    BodyDeadline deadline = new BodyDeadline(rc);
    if (!rc.failed() && !rc.request().isEnded()) {
      deadline.timer = vertx.setTimer(bodyMillis, id -> deadline.expire());
    }
    rc.addEndHandler(done -> deadline.answered());
  }

  /** One request's body deadline: on time, the connection may serve the next request. */
  private final class BodyDeadline {
    private final RoutingContext rc;
    private final HttpConnection connection;
    private long timer = -1;
    private boolean timedOut;

    BodyDeadline(RoutingContext rc) {
      this.rc = rc;
      this.connection = rc.request().connection();
    }

    void expire() {
      if (rc.request().isEnded() || rc.response().ended()) {
        return;
      }
      timedOut = true;
      rc.fail(
          new Problem(
              408,
              "request-timeout",
              Text.of("problem.request-timeout.detail", bodyMillis / 1000)));
    }

    void answered() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      if (timedOut) {
        // The rest of the body may still trickle in: nothing more is read from this client.
        connection.close();
        return;
      }
      SlowClients.this.answered(connection);
    }
  }

  private void answered(HttpConnection connection) {
    Watch watch = connections.get(connection);
    if (watch != null && --watch.inFlight == 0) {
      awaitHead(connection, watch);
    }
  }

  private void awaitHead(HttpConnection connection, Watch watch) {
    watch.timer =
        vertx.setTimer(
            headMillis,
            id -> {
              watch.timer = -1;
              if (watch.inFlight == 0) {
                connection.close();
              }
            });
  }

  private void cancel(Watch watch) {
    if (watch.timer >= 0) {
      vertx.cancelTimer(watch.timer);
      watch.timer = -1;
    }
  }
}
