package se.tjanstemobil.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import se.tjanstemobil.i18n.Language;

/** Writing answers: JSON bodies and problem+json, and adapting Future-returning handlers. */
public final class Responses {

  public static final String JSON = "application/json";
  public static final String PROBLEM_JSON = "application/problem+json";

  private Responses() {}

  /** An answer a handler computed: status and a JSON body (object, array, or none). */
  public record Reply(int status, Object body, String contentType) {
    public Reply(int status, Object body) {
      this(status, body, JSON);
    }

    /** A body in another format (CSV, calendar) given as text. */
    public static Reply text(String contentType, String body) {
      return new Reply(200, body, contentType);
    }

    public static Reply ok(Object body) {
      return new Reply(200, body);
    }

    public static Reply created(Object body) {
      return new Reply(201, body);
    }

    public static Reply noContent() {
      return new Reply(204, null);
    }

    /** A binary body (a PDF). */
    public static Reply bytes(String contentType, Buffer body) {
      return new Reply(200, body, contentType);
    }
  }

  /** Adapts a handler that computes a Reply asynchronously; failures go to the failure handler. */
  public static Handler<RoutingContext> handle(Function<RoutingContext, Future<Reply>> handler) {
    return rc -> {
      Future<Reply> reply;
      try {
        reply = handler.apply(rc);
      } catch (RuntimeException e) {
        rc.fail(e);
        return;
      }
      reply.onComplete(
          ar -> {
            if (ar.failed()) {
              rc.fail(ar.cause());
            } else if (!rc.response().ended()) {
              write(rc, ar.result());
            }
          });
    };
  }

  public static void write(RoutingContext rc, Reply reply) {
    rc.response().setStatusCode(reply.status());
    if (reply.body() == null) {
      rc.response().end();
      return;
    }
    if (reply.body() instanceof Buffer bytes) {
      rc.response().putHeader("Content-Type", reply.contentType()).end(bytes);
      return;
    }
    String encoded =
        reply.body() instanceof JsonObject o
            ? o.encode()
            : reply.body() instanceof JsonArray a ? a.encode() : String.valueOf(reply.body());
    rc.response().putHeader("Content-Type", reply.contentType()).end(encoded);
  }

  public static void problem(RoutingContext rc, Problem problem) {
    Language language = ReaderLanguage.of(rc);
    String body = problem.toJson(rc.request().path(), language).encode();
    rc.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", PROBLEM_JSON)
        .putHeader("Content-Language", language.code())
        .putHeader("Vary", "Accept-Language")
        .putHeader("Cache-Control", "no-store");
    if (problem.status() == 401) {
      rc.response().putHeader("WWW-Authenticate", "Bearer");
    }
    if (problem.retryAfterSeconds() != null) {
      rc.response().putHeader("Retry-After", String.valueOf(problem.retryAfterSeconds()));
    }
    if (!rc.request().isEnded() && !smallBody(rc)) {
      // Refused before its body was read (401, 413, ...): the rest is dropped, briefly, then
      // closed.
      rc.response()
          .putHeader("Connection", "close")
          .end(body)
          .onComplete(v -> LingeringClose.after(rc.vertx(), rc.request()));
      return;
    }
    // A small unread body is let through and dropped, so the connection can serve the next request.
    rc.request().resume();
    rc.response().end(body);
  }

  /** Bodies up to this size (declared by Content-Length) are drained after an early refusal. */
  private static final long DRAINED_BODY_BYTES = 64 * 1024;

  private static boolean smallBody(RoutingContext rc) {
    String length = rc.request().getHeader("Content-Length");
    if (length == null) {
      // No length and not chunked: no body at all (a GET whose end waits behind the pause).
      return rc.request().getHeader("Transfer-Encoding") == null;
    }
    try {
      return Long.parseLong(length.trim()) <= DRAINED_BODY_BYTES;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
