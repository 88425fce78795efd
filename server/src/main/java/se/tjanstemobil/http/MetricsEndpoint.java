package se.tjanstemobil.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import se.tjanstemobil.config.AppConfig;
import se.tjanstemobil.i18n.Text;

/**
 * GET /metrics, the Prometheus text of this server's registry. It tells whoever reads it how busy
 * the service is, which routes fail and how the pool is doing, so it need not answer anyone who
 * reaches the API: it can be served on a management port of its own (the load balancer exposes only
 * the API's) and can ask for a token. See metrics.* in config/application.yaml.
 */
public final class MetricsEndpoint {

  /** metrics.port (-1: on the API's port) and metrics.token (empty: none asked). */
  public record Settings(int port, String token) {

    public static Settings from(AppConfig c) {
      return new Settings(c.integer("metrics.port"), c.string("metrics.token"));
    }
  }

  private final Settings settings;
  private final Handler<RoutingContext> scrape;
  private HttpServer management;

  public MetricsEndpoint(MeterRegistry meters, Settings settings) {
    this.settings = settings;
    // This server's own registry: the argument-less handler scrapes the JVM-wide default one,
    // which belongs to whichever Vert.x started first (in tests, possibly one already closed).
    this.scrape =
        meters instanceof PrometheusMeterRegistry prometheus
            ? PrometheusScrapingHandler.create(prometheus)
            : rc -> rc.fail(Problem.notFound(Text.of("problem.not-found.metricsOff")));
  }

  /** The contract's getMetrics on the API's port. */
  public void mount(RouterBuilder builder) {
    builder
        .getRoute("getMetrics")
        .addHandler(
            onManagementPort()
                ? rc -> rc.fail(Problem.notFound(Text.of("problem.not-found.metricsElsewhere")))
                : this::scrape);
  }

  private boolean onManagementPort() {
    return settings.port() >= 0;
  }

  private void scrape(RoutingContext rc) {
    if (!settings.token().isBlank() && !tokenGiven(rc)) {
      rc.fail(Problem.unauthorized(Text.of("problem.unauthorized.metricsToken")));
      return;
    }
    scrape.handle(rc);
  }

  private boolean tokenGiven(RoutingContext rc) {
    String header = rc.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    // In constant time: how much of a guess matched must not show in how long the answer takes.
    return MessageDigest.isEqual(
        header.substring(7).trim().getBytes(StandardCharsets.UTF_8),
        settings.token().getBytes(StandardCharsets.UTF_8));
  }

  /** Starts the management port when one is configured; completes with its port (-1: none). */
  public Future<Integer> start(Vertx vertx, String host) {
    if (!onManagementPort()) {
      return Future.succeededFuture(-1);
    }
    Router router = Router.router(vertx);
    router.route().handler(new RequestLogHandler());
    router.get("/metrics").handler(this::scrape);
    ProblemFailureHandler problems = new ProblemFailureHandler();
    router.route().failureHandler(problems);
    for (int status : new int[] {404, 405, 500}) {
      router.errorHandler(status, problems);
    }
    management =
        vertx
            .createHttpServer(
                InvalidRequests.decoderLimits(new HttpServerOptions())
                    .setHost(host)
                    .setPort(settings.port())
                    .setIdleTimeout(120))
            .invalidRequestHandler(InvalidRequests::answer)
            .requestHandler(
                request -> {
                  if (InvalidRequests.refused(vertx, request)) {
                    return;
                  }
                  SecurityHeaders.apply(request);
                  router.handle(request);
                });
    return management.listen().map(HttpServer::actualPort);
  }

  public Future<Void> stop() {
    return management == null ? Future.succeededFuture() : management.close();
  }
}
