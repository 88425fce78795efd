package se.tjanstemobil.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An RFC 9457 problem: thrown (or failed into a future) anywhere a request handler decides the
 * answer is an error; {@link ProblemFailureHandler} writes it as application/problem+json. The type
 * names the rule or kind of error; the catalogue is mobile-api-docs/errors.md.
 */
public class Problem extends RuntimeException {

  public static final String TYPE_PREFIX = "urn:tjanstemobil:problem:";

  public record FieldError(String field, String message) {}

  private final int status;
  private final String type;
  private final String title;
  private final List<FieldError> errors;
  private final JsonObject extra;

  public Problem(int status, String type, String title, String detail) {
    this(status, type, title, detail, List.of(), null);
  }

  public Problem(
      int status,
      String type,
      String title,
      String detail,
      List<FieldError> errors,
      JsonObject extra) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
    this.errors = errors;
    this.extra = extra;
  }

  public static Problem badRequest(String detail, List<FieldError> errors) {
    return new Problem(400, "validation", "The request is not valid", detail, errors, null);
  }

  public static Problem badRequest(String field, String message) {
    return badRequest(field + ": " + message, List.of(new FieldError(field, message)));
  }

  public static Problem unauthorized(String detail) {
    return new Problem(401, "unauthorized", "Authentication is required", detail);
  }

  public static Problem forbidden(String detail) {
    return new Problem(403, "forbidden", "You are not allowed to do this", detail);
  }

  public static Problem notFound(String what) {
    return new Problem(404, "not-found", "Not found", what);
  }

  public static Problem conflict(String type, String detail) {
    return new Problem(409, type, "Conflict", detail);
  }

  /** A business rule said no; the rule is named in the type. */
  public static Problem rule(String rule, String detail) {
    return new Problem(422, rule, "A rule does not allow this", detail);
  }

  /** A limit was reached; the client may try again after the given seconds (Retry-After). */
  public static Problem tooMany(String type, String detail, long retryAfterSeconds) {
    return new Problem(
        429,
        type,
        "Too many requests",
        detail,
        List.of(),
        new JsonObject().put("retryAfterSeconds", Math.max(1, retryAfterSeconds)));
  }

  /** Seconds until the client may try again, for a 429; null otherwise. */
  public Long retryAfterSeconds() {
    return extra == null ? null : extra.getLong("retryAfterSeconds");
  }

  public static Problem unavailable(String detail) {
    return new Problem(503, "unavailable", "The service is not available right now", detail);
  }

  public int status() {
    return status;
  }

  public String type() {
    return TYPE_PREFIX + type;
  }

  public JsonObject toJson(String instance) {
    JsonObject json =
        new JsonObject()
            .put("type", type())
            .put("title", title)
            .put("status", status)
            .put("detail", getMessage());
    if (instance != null) {
      json.put("instance", instance);
    }
    if (!errors.isEmpty()) {
      JsonArray list = new JsonArray();
      errors.forEach(
          e -> list.add(new JsonObject().put("field", e.field()).put("message", e.message())));
      json.put("errors", list);
    }
    if (extra != null) {
      extra.forEach(e -> json.put(e.getKey(), e.getValue()));
    }
    return json;
  }
}
