package se.tjanstemobil.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Text;

/**
 * Request heads refused before any route sees them: a request line over {@link #MAX_LINE_BYTES}
 * (414), headers over {@link #MAX_HEADER_BYTES} (431), a head the HTTP decoder could not read
 * (400). Answered as problem+json like every other error, instead of Vert.x's empty default, with a
 * request id to quote, and the connection closed (what follows on it cannot be trusted).
 *
 * <p>The decoder reads heads up to {@link #DECODER_SLACK} times those limits, so a head over them
 * is still read as the request it is, and {@link #refused} answers it in the request's own HTTP
 * version. Only a head beyond what the decoder reads, or one it could not parse, reaches {@link
 * #answer}: Netty stands in an HTTP/1.0 request for it (the version was on the line it could not
 * read), and Vert.x answers in that version, so that answer's status line says HTTP/1.0. Its
 * problem is the same.
 */
final class InvalidRequests {

  private static final Logger log = LoggerFactory.getLogger("http");

  /** The request line (method, path and query) allowed: errors.md, 414. */
  static final int MAX_LINE_BYTES = 8 * 1024;

  /** The headers allowed, together: errors.md, 431. */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  /** How far above the limits the decoder reads, so the limits are checked on a read request. */
  static final int DECODER_SLACK = 4;

  private InvalidRequests() {}

  /** The decoder's limits for a server that refuses heads with {@link #refused} first. */
  static HttpServerOptions decoderLimits(HttpServerOptions options) {
    return options
        .setMaxInitialLineLength(DECODER_SLACK * MAX_LINE_BYTES)
        .setMaxHeaderSize(DECODER_SLACK * MAX_HEADER_BYTES);
  }

  /**
   * The first thing a server does with a request: whether its head is over the limits, in which
   * case it has been answered and its connection is closing.
   */
  static boolean refused(Vertx vertx, HttpServerRequest request) {
    Problem problem =
        lineBytes(request) > MAX_LINE_BYTES
            ? uriTooLong()
            : headerBytes(request.headers()) > MAX_HEADER_BYTES ? headersTooLarge() : null;
    if (problem == null) {
      return false;
    }
    send(request, problem, "over the limits")
        .onComplete(
            v -> {
              if (request.isEnded()) {
                request.connection().close();
              } else {
                LingeringClose.after(vertx, request);
              }
            });
    return true;
  }

  /** The server's invalid-request handler: what the decoder itself refused. */
  static void answer(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem;
    if (cause instanceof TooLongHttpLineException) {
      problem = uriTooLong();
    } else if (cause instanceof TooLongHttpHeaderException) {
      problem = headersTooLarge();
    } else {
      problem = Problem.badRequest(Text.of("problem.validation.notHttp"), List.of());
    }
    send(request, problem, cause == null ? "" : cause.getClass().getSimpleName())
        .onComplete(v -> request.connection().close());
  }

  private static Future<Void> send(HttpServerRequest request, Problem problem, String why) {
    String id = UUID.randomUUID().toString();
    Language language = Language.fromAcceptLanguage(request.getHeader("Accept-Language"));
    log.info("[{}] refused before routing: {} {}", id, problem.status(), why);
    return request
        .response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", Responses.PROBLEM_JSON)
        .putHeader("Connection", "close")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader(RequestLogHandler.HEADER, id)
        .putHeader("Content-Language", language.code())
        .end(problem.toJson(null, language).encode());
  }

  private static Problem uriTooLong() {
    return new Problem(
        414, "uri-too-long", Text.of("problem.uri-too-long.detail", MAX_LINE_BYTES / 1024));
  }

  private static Problem headersTooLarge() {
    return new Problem(
        431,
        "headers-too-large",
        Text.of("problem.headers-too-large.detail", MAX_HEADER_BYTES / 1024));
  }

  /** The request line as the decoder counted it: method, space, target, space, version. */
  private static int lineBytes(HttpServerRequest request) {
    return request.method().name().length() + 1 + request.uri().length() + 1 + "HTTP/1.1".length();
  }

  /** The header lines as the decoder counted them: each name, colon, space and value. */
  private static int headerBytes(MultiMap headers) {
    int bytes = 0;
    for (Map.Entry<String, String> header : headers) {
      bytes += header.getKey().length() + 2 + header.getValue().length();
    }
    return bytes;
  }
}
