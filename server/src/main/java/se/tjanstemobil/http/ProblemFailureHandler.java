package se.tjanstemobil.http;

import io.vertx.core.Handler;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        500,
        "internal",
        "Internal error",
        "Something went wrong on our side; the request id is " + RequestLogHandler.requestId(rc));
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
      return Problem.unavailable("The database cannot be reached; try again shortly");
    }
    return null;
  }

  private static Problem malformedJson() {
    return Problem.badRequest(
        "The body is not valid JSON", List.of(new Problem.FieldError("body", "malformed JSON")));
  }

  static Problem fromStatus(int status, String payload) {
    return switch (status) {
      case 400 ->
          Problem.badRequest(payload == null ? "The request is not valid" : payload, List.of());
      case 401 ->
          Problem.unauthorized(payload == null ? "A valid bearer token is required" : payload);
      case 403 -> Problem.forbidden(payload == null ? "Not allowed" : payload);
      case 404 -> Problem.notFound("No such resource");
      case 405 ->
          new Problem(
              405,
              "method-not-allowed",
              "Method not allowed",
              "This path does not accept that method");
      case 413 ->
          new Problem(
              413,
              "body-too-large",
              "The request body is too large",
              "The body exceeds the size this server accepts");
      case 415 ->
          new Problem(
              415,
              "unsupported-media-type",
              "Unsupported media type",
              "Send the body as application/json");
      case 503 -> Problem.unavailable(payload == null ? "Try again shortly" : payload);
      default ->
          new Problem(
              status < 400 ? 500 : status,
              "http-" + status,
              "Request failed",
              payload == null ? "The request failed" : payload);
    };
  }

  private static final Pattern PARAMETER =
      Pattern.compile("(path|query|header|cookie) parameter (\\S+)");

  private static Problem fromValidation(ValidatorException e) {
    String message = e.getMessage() == null ? "The request is not valid" : e.getMessage();
    if (message.contains("decode") || message.contains("Unable to parse")) {
      return malformedJson();
    }
    if (e.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT && message.contains("body")) {
      return new Problem(
          415,
          "unsupported-media-type",
          "Unsupported media type",
          "Send the body as application/json");
    }
    Matcher param = PARAMETER.matcher(message);
    String root = param.find() ? param.group(2) : "body";
    List<Problem.FieldError> errors = new ArrayList<>();
    if (e instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      List<OutputUnit> leaves = new ArrayList<>();
      leaves(schema.getOutputUnit(), leaves);
      errors = describe(leaves, root);
    }
    if (errors.isEmpty()) {
      errors.add(new Problem.FieldError(root, message));
    }
    return Problem.invalid(errors);
  }

  private static void leaves(OutputUnit unit, List<OutputUnit> out) {
    if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
      unit.getErrors().forEach(child -> leaves(child, out));
    } else if (unit.getError() != null) {
      out.add(unit);
    }
  }

  /**
   * Turns schema errors into one message per field: the specific keyword (type, format, enum,
   * length...) wins over the wrappers ("does not match schema") the validator also reports.
   */
  private static List<Problem.FieldError> describe(List<OutputUnit> leaves, String root) {
    Map<String, List<String>> specific = new LinkedHashMap<>();
    Map<String, String> unknown = new LinkedHashMap<>();
    Map<String, String> wrappers = new LinkedHashMap<>();
    // A field the schema's `properties` holds: the validator also reports it under
    // additionalProperties
    // when something inside it failed, which is not an unknown field.
    Set<String> declared = new HashSet<>();
    for (OutputUnit u : leaves) {
      String location = field(u.getInstanceLocation());
      String keyword = u.getKeywordLocation() == null ? "" : u.getKeywordLocation();
      String error = u.getError();
      if (keyword.endsWith("/additionalProperties") || error.contains("additional properties")) {
        Matcher m = Pattern.compile("Property \"([^\"]+)\"").matcher(error);
        String prop = m.find() ? m.group(1) : location;
        String field =
            join(
                root,
                location.equals(prop) || location.endsWith("." + prop)
                    ? location
                    : join(location, prop));
        unknown.put(field, "is not a known field");
      } else if (error.startsWith("Instance does not have required property")) {
        Matcher m = Pattern.compile("property \"([^\"]+)\"").matcher(error);
        String prop = m.find() ? m.group(1) : "";
        specific
            .computeIfAbsent(join(root, join(location, prop)), k -> new ArrayList<>())
            .add("is required");
      } else if (keyword.endsWith("/enum") || keyword.endsWith("/const")) {
        specific
            .computeIfAbsent(join(root, location), k -> new ArrayList<>())
            .add("is not one of the allowed values");
      } else if (error.endsWith("does not match schema")
          || keyword.matches(".*/(properties|items|\\$ref|allOf|anyOf|oneOf)$")) {
        wrappers.putIfAbsent(join(root, location), error);
        if (keyword.endsWith("/properties")) {
          declared.add(join(root, location));
        }
      } else {
        specific.computeIfAbsent(join(root, location), k -> new ArrayList<>()).add(friendly(error));
      }
    }
    List<Problem.FieldError> out = new ArrayList<>();
    specific.forEach(
        (field, messages) -> out.add(new Problem.FieldError(field, String.join("; ", messages))));
    unknown.forEach(
        (field, msg) -> {
          if (!specific.containsKey(field) && !declared.contains(field)) {
            out.add(new Problem.FieldError(field, msg));
          }
        });
    if (out.isEmpty()) {
      wrappers.forEach((field, msg) -> out.add(new Problem.FieldError(field, msg)));
    }
    return out;
  }

  private static String join(String a, String b) {
    if (a == null || a.isEmpty() || (a.equals("body") && b != null && !b.isEmpty())) {
      return b == null || b.isEmpty() ? "body" : b;
    }
    return b == null || b.isEmpty() ? a : a + "." + b;
  }

  /**
   * The validator's instance location is a JSON pointer in its URI-fragment form ({@code
   * #/weekly/0/lunch%20break}): the field as the client sent it is its segments, percent-decoded
   * and unescaped ({@code ~1} is '/', {@code ~0} is '~'), joined with dots.
   */
  static String field(String instanceLocation) {
    String pointer = instanceLocation == null ? "" : instanceLocation.replaceFirst("^#?/?", "");
    if (pointer.isEmpty()) {
      return "";
    }
    List<String> segments = new ArrayList<>();
    for (String segment : pointer.split("/", -1)) {
      segments.add(percentDecoded(segment).replace("~1", "/").replace("~0", "~"));
    }
    return String.join(".", segments);
  }

  private static String percentDecoded(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%'
          && i + 2 < s.length()
          && Character.digit(s.charAt(i + 1), 16) >= 0
          && Character.digit(s.charAt(i + 2), 16) >= 0) {
        bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String friendly(String error) {
    if (error.startsWith("Instance type ")) {
      return error.replaceFirst(
          "^Instance type (\\S+) is invalid\\. Expected (.+)$", "must be $2, not $1");
    }
    return error;
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
