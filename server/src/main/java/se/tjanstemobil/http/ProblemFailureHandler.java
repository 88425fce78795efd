package se.tjanstemobil.http;

import io.vertx.core.Handler;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.i18n.Text;

/** Turns every failure into application/problem+json; never a stack trace to the client. */
public final class ProblemFailureHandler implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(ProblemFailureHandler.class);

  @Override
  public void handle(RoutingContext rc) {
    if (rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    Problem problem = toProblem(rc);
    if (problem.status() == 500) {
      log.error(
          "[{}] {} {} failed: {}",
          RequestLogHandler.requestId(rc),
          rc.request().method(),
          RequestLogHandler.loggedPath(rc),
          rc.failure() == null ? problem.getMessage() : rc.failure().toString(),
          rc.failure());
    } else if (problem.status() == 503 && !(rc.failure() instanceof Problem)) {
      // The database is unreachable: worth a line, not a stack trace per request.
      log.warn(
          "[{}] {} {}: {}",
          RequestLogHandler.requestId(rc),
          rc.request().method(),
          RequestLogHandler.loggedPath(rc),
          rc.failure() == null ? problem.getMessage() : rc.failure().toString());
    }
    Responses.problem(rc, problem);
  }

  static Problem toProblem(RoutingContext rc) {
    Throwable failure = rc.failure();
    if (failure == null) {
      return fromStatus(rc.statusCode(), null);
    }
    Problem known = fromKnown(failure);
    if (known != null) {
      return known;
    }
    // The router's own refusals (HTTP/1.1 without Host, a malformed path) carry their 4xx.
    if (rc.statusCode() >= 400 && rc.statusCode() < 500) {
      return fromStatus(rc.statusCode(), failure.getMessage());
    }
    return new Problem(
        500, "internal", Text.of("problem.internal.detail", RequestLogHandler.requestId(rc)));
  }

  /** The problem a failure of a known kind stands for; null for any other failure. */
  private static Problem fromKnown(Throwable failure) {
    if (failure instanceof Problem p) {
      return p;
    }
    if (failure instanceof HttpException http) {
      return http.getCause() instanceof ValidatorException validation
          ? fromValidation(validation)
          : fromStatus(http.getStatusCode(), http.getPayload());
    }
    if (failure instanceof ValidatorException validation) {
      return fromValidation(validation);
    }
    if (failure instanceof DecodeException) {
      return malformedJson();
    }
    if (isDatabaseDown(failure)) {
      return Problem.unavailable(Text.of("problem.unavailable.database"));
    }
    return null;
  }

  private static Problem malformedJson() {
    return Problem.badRequest(
        Text.of("validation.bodyNotJson"),
        List.of(new Problem.FieldError("body", Text.of("validation.malformedJson"))));
  }

  /**
   * The problem for a bare status of the HTTP layer (the router, the body handler). Their payloads
   * are Vert.x's English words: the log has them, the person reads the catalogue's.
   */
  static Problem fromStatus(int status, String payload) {
    return switch (status) {
      case 400 -> Problem.badRequest(Text.of("problem.validation.detail"), List.of());
      case 401 -> Problem.unauthorized(Text.of("problem.unauthorized.detail"));
      case 403 -> Problem.forbidden(Text.of("problem.forbidden.detail"));
      case 404 -> Problem.notFound(Text.of("problem.not-found.detail"));
      case 405 ->
          new Problem(405, "method-not-allowed", Text.of("problem.method-not-allowed.detail"));
      case 413 -> new Problem(413, "body-too-large", Text.of("problem.body-too-large.detail"));
      case 415 -> unsupportedMediaType();
      case 503 -> Problem.unavailable(Text.of("problem.unavailable.detail"));
      default ->
          new Problem(
              status < 400 ? 500 : status, "http-" + status, Text.of("problem.http.detail"));
    };
  }

  private static Problem unsupportedMediaType() {
    return new Problem(
        415, "unsupported-media-type", Text.of("problem.unsupported-media-type.detail"));
  }

  private static final Pattern PARAMETER =
      Pattern.compile("(path|query|header|cookie) parameter (\\S+)");

  private static Problem fromValidation(ValidatorException e) {
    String message = e.getMessage() == null ? "The request is not valid" : e.getMessage();
    if (message.contains("decode") || message.contains("Unable to parse")) {
      return malformedJson();
    }
    if (e.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT && message.contains("body")) {
      return unsupportedMediaType();
    }
    Matcher param = PARAMETER.matcher(message);
    String root = param.find() ? param.group(2) : "body";
    List<Problem.FieldError> errors =
        e instanceof SchemaValidationException schema && schema.getOutputUnit() != null
            ? SchemaErrors.describe(schema.getOutputUnit(), root)
            : List.of();
    if (errors.isEmpty()) {
      Text why =
          Text.of(
              e.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER
                  ? "validation.required"
                  : "validation.parameter");
      errors = List.of(new Problem.FieldError(root, why));
    }
    return Problem.invalid(errors);
  }

  private static boolean isDatabaseDown(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof ClosedConnectionException) {
        return true;
      }
      // A pooled connection to a database that has just gone away fails on its next write, or
      // (picked from the pool as it closed) refuses the command.
      String message = c.getMessage() == null ? "" : c.getMessage();
      if ((c instanceof IOException
              && (message.contains("Broken pipe") || message.contains("Connection reset")))
          || (c instanceof VertxException && message.startsWith("Connection is not active now"))) {
        return true;
      }
      if (c instanceof PgException pg
          && pg.getSqlState() != null
          && pg.getSqlState().startsWith("57P")) {
        return true;
      }
      if (c instanceof ConnectionPoolTooBusyException
          || c.getClass().getSimpleName().contains("NoStackTraceTimeoutException")) {
        return true;
      }
    }
    return false;
  }
}
