package se.tjanstemobil.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.i18n.Language;

/**
 * Requests the HTTP decoder refused before any route saw them (a request line or headers over the
 * limits, a malformed head): answered as problem+json like every other error, instead of Vert.x's
 * empty default, with a request id to quote, and the connection closed (what follows on it cannot
 * be trusted).
 *
 * <p>Netty stands in an HTTP/1.0 request for a head it could not read (the version is on the line
 * that was too long), and Vert.x answers in the request's version: an HTTP/1.1 client would get an
 * HTTP/1.0 status line. So the answer is written to the connection's channel as an HTTP/1.1
 * response directly; nothing else is written on that connection afterwards.
 */
final class InvalidRequests {

  private static final Logger log = LoggerFactory.getLogger("http");

  private InvalidRequests() {}

  static void answer(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem;
    if (cause instanceof TooLongHttpLineException) {
      problem =
          new Problem(
              414,
              "uri-too-long",
              "The address is too long",
              "The request line exceeds the "
                  + HttpVerticle.MAX_LINE_BYTES / 1024
                  + " KiB this server accepts");
    } else if (cause instanceof TooLongHttpHeaderException) {
      problem =
          new Problem(
              431,
              "headers-too-large",
              "The request headers are too large",
              "The headers exceed the "
                  + HttpVerticle.MAX_HEADER_BYTES / 1024
                  + " KiB this server accepts");
    } else {
      problem = Problem.badRequest("The request could not be read as HTTP", java.util.List.of());
    }
    String id = UUID.randomUUID().toString();
    log.info(
        "[{}] refused before routing: {} {}",
        id,
        problem.status(),
        cause == null ? "" : cause.getClass().getSimpleName());
    Language language = Language.fromAcceptLanguage(request.getHeader("Accept-Language"));
    byte[] body = problem.toJson(null, language).encode().getBytes(StandardCharsets.UTF_8);
    if (request.connection() instanceof ConnectionBase connection) {
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(problem.status()),
              Unpooled.wrappedBuffer(body));
      response
          .headers()
          .set(HttpHeaderNames.CONTENT_TYPE, Responses.PROBLEM_JSON)
          .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
          .set(HttpHeaderNames.CONNECTION, "close")
          .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
          .set("X-Content-Type-Options", "nosniff")
          .set(RequestLogHandler.HEADER, id);
      connection.channel().writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    request
        .response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", Responses.PROBLEM_JSON)
        .putHeader("Connection", "close")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader(RequestLogHandler.HEADER, id)
        .end(Buffer.buffer(body))
        .onComplete(v -> request.connection().close());
  }
}
