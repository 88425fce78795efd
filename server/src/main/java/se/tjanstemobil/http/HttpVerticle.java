package se.tjanstemobil.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** One event loop's HTTP server; several instances share the port. */
public final class HttpVerticle extends VerticleBase {

  private final Supplier<Router> routers;
  private final String host;
  private final int port;
  private final int shutdownGraceSeconds;
  private HttpServer server;

  public HttpVerticle(Supplier<Router> routers, String host, int port, int shutdownGraceSeconds) {
    this.routers = routers;
    this.host = host;
    this.port = port;
    this.shutdownGraceSeconds = shutdownGraceSeconds;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
      .setHost(host)
      .setPort(port)
      .setMaxHeaderSize(16 * 1024)
      .setMaxInitialLineLength(8 * 1024)
      .setIdleTimeout(120)
      .setCompressionSupported(true);
    server = vertx.createHttpServer(options).requestHandler(routers.get());
    return server.listen();
  }

  /** Stops accepting and lets requests in flight finish, for at most the grace period. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(shutdownGraceSeconds, TimeUnit.SECONDS);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
