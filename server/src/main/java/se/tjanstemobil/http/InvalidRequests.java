package se.tjanstemobil.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests the HTTP decoder refused before any route saw them (a request line or headers over
 * the limits, a malformed head): answered as problem+json like every other error, instead of
 * Vert.x's empty default, and the connection closed (what follows on it cannot be trusted).
 */
final class InvalidRequests {

  private InvalidRequests() {
  }

  static void answer(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem;
    if (cause instanceof TooLongHttpLineException) {
      problem = new Problem(414, "uri-too-long", "The address is too long",
        "The request line exceeds the " + HttpVerticle.MAX_LINE_BYTES / 1024 + " KiB this server accepts");
    } else if (cause instanceof TooLongHttpHeaderException) {
      problem = new Problem(431, "headers-too-large", "The request headers are too large",
        "The headers exceed the " + HttpVerticle.MAX_HEADER_BYTES / 1024 + " KiB this server accepts");
    } else {
      problem = Problem.badRequest("The request could not be read as HTTP", java.util.List.of());
    }
    request.response().setStatusCode(problem.status())
      .putHeader("Content-Type", "application/problem+json")
      .putHeader("Connection", "close")
      .end(problem.toJson(null).encode())
      .onComplete(v -> request.connection().close());
  }
}
