package se.tjanstemobil.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import se.tjanstemobil.config.AppConfig;

/** One event loop's HTTP server; several instances share the port. */
public final class HttpVerticle extends VerticleBase {

  /** Where and how long: see http.* in config/application.yaml. */
  public record Settings(
      String host,
      int port,
      int shutdownGraceSeconds,
      int headTimeoutSeconds,
      int bodyTimeoutSeconds) {

    public static Settings from(AppConfig c) {
      return new Settings(
          c.string("http.host"),
          c.integer("http.port"),
          c.integer("http.shutdownGraceSeconds"),
          c.integer("http.headTimeoutSeconds"),
          c.integer("http.bodyTimeoutSeconds"));
    }
  }

  /** http.instances: the verticle instances to deploy (0: one per processor). */
  public static int instances(AppConfig c) {
    return c.integer("http.instances") == 0
        ? Runtime.getRuntime().availableProcessors()
        : c.integer("http.instances");
  }

  private final Supplier<Router> routers;
  private final Settings settings;
  private HttpServer server;

  public HttpVerticle(Supplier<Router> routers, Settings settings) {
    this.routers = routers;
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options =
        InvalidRequests.decoderLimits(new HttpServerOptions())
            .setHost(settings.host())
            .setPort(settings.port())
            .setIdleTimeout(120)
            // HTTP/1.1 only (TLS and HTTP/2 end at the load balancer). With cleartext HTTP/2 on,
            // the
            // connection is only made once its first bytes show the protocol, so a client that
            // sends
            // nothing, or half a head, was never seen by the head timeout.
            .setHttp2ClearTextEnabled(false)
            .setCompressionSupported(true);
    SlowClients slowClients =
        new SlowClients(
            vertx, settings.headTimeoutSeconds() * 1000L, settings.bodyTimeoutSeconds() * 1000L);
    Router router = routers.get();
    // Before every other route, so each request is counted and its body timed; as a failure
    // handler too, for the requests the router refuses before any handler (no Host, a bad path).
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(slowClients::route)
        .failureHandler(slowClients::route);
    server =
        vertx
            .createHttpServer(options)
            .connectionHandler(slowClients::connected)
            .invalidRequestHandler(InvalidRequests::answer)
            .requestHandler(
                request -> {
                  if (InvalidRequests.refused(vertx, request)) {
                    return;
                  }
                  SecurityHeaders.apply(request);
                  slowClients.headArrived(request);
                  router.handle(request);
                });
    return server.listen();
  }

  /** Stops accepting and lets requests in flight finish, for at most the grace period. */
  @Override
  public Future<?> stop() {
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(settings.shutdownGraceSeconds(), TimeUnit.SECONDS);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
