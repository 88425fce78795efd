package se.tjanstemobil.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import se.tjanstemobil.i18n.Catalogue;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Phrase;
import se.tjanstemobil.i18n.Text;

/**
 * An RFC 9457 problem: thrown (or failed into a future) anywhere a request handler decides the
 * answer is an error; {@link ProblemFailureHandler} writes it as application/problem+json, its
 * title, detail and field messages in the reader's language (the catalogue's {@code
 * problem.<type>.title}, and the Text the thrower gives). The type names the rule or kind of error;
 * the catalogue of types is mobile-api-docs/errors.md.
 */
public class Problem extends RuntimeException {

  public static final String TYPE_PREFIX = "urn:tjanstemobil:problem:";

  /** One field's message; the field's name stays as the client sent it. */
  public record FieldError(String field, Phrase message) {}

  private final int status;
  private final String type;
  private final Phrase detail;
  private final List<FieldError> errors;
  private final JsonObject extra;

  public Problem(int status, String type, Phrase detail) {
    this(status, type, detail, List.of(), null);
  }

  public Problem(
      int status, String type, Phrase detail, List<FieldError> errors, JsonObject extra) {
    super(null, null, false, false);
    this.status = status;
    this.type = type;
    this.detail = detail;
    this.errors = List.copyOf(errors);
    this.extra = extra;
  }

  public static Problem badRequest(Phrase detail, List<FieldError> errors) {
    return new Problem(400, "validation", detail, errors, null);
  }

  /** A 400 naming every field that is wrong; the detail names the first. */
  public static Problem invalid(List<FieldError> errors) {
    FieldError first = errors.get(0);
    return badRequest(
        errors.size() == 1
            ? Text.of("validation.detail.one", first.field(), first.message())
            : Text.of("validation.detail.many", errors.size(), first.field(), first.message()),
        errors);
  }

  public static Problem badRequest(String field, Phrase message) {
    return badRequest(
        Text.of("validation.detail.one", field, message), List.of(new FieldError(field, message)));
  }

  public static Problem unauthorized(Phrase detail) {
    return new Problem(401, "unauthorized", detail);
  }

  public static Problem forbidden(Phrase detail) {
    return new Problem(403, "forbidden", detail);
  }

  public static Problem notFound(Phrase what) {
    return new Problem(404, "not-found", what);
  }

  public static Problem conflict(String type, Phrase detail) {
    return new Problem(409, type, detail);
  }

  /** A business rule said no; the rule is named in the type. */
  public static Problem rule(String rule, Phrase detail) {
    return new Problem(422, rule, detail);
  }

  /** A limit was reached; the client may try again after the given seconds (Retry-After). */
  public static Problem tooMany(String type, Phrase detail, long retryAfterSeconds) {
    return new Problem(
        429,
        type,
        detail,
        List.of(),
        new JsonObject().put("retryAfterSeconds", Math.max(1, retryAfterSeconds)));
  }

  /** Seconds until the client may try again, for a 429; null otherwise. */
  public Long retryAfterSeconds() {
    return extra == null ? null : extra.getLong("retryAfterSeconds");
  }

  public static Problem unavailable(Phrase detail) {
    return new Problem(503, "unavailable", detail);
  }

  public int status() {
    return status;
  }

  public String type() {
    return TYPE_PREFIX + type;
  }

  /** The detail in English, for the log. */
  @Override
  public String getMessage() {
    return detail.in(Language.EN);
  }

  /** The title of this problem's type; a type the catalogue lacks reads as its status's kind. */
  public Phrase title() {
    String key = "problem." + type + ".title";
    return Catalogue.pattern(Language.SV, key) != null
        ? Text.of(key)
        : Text.of(status >= 500 ? "problem.internal.title" : "problem.http.title");
  }

  public JsonObject toJson(String instance, Language language) {
    JsonObject json =
        new JsonObject()
            .put("type", type())
            .put("title", title().in(language))
            .put("status", status)
            .put("detail", detail.in(language));
    if (instance != null) {
      json.put("instance", instance);
    }
    if (!errors.isEmpty()) {
      JsonArray list = new JsonArray();
      errors.forEach(
          e ->
              list.add(
                  new JsonObject()
                      .put("field", e.field())
                      .put("message", e.message().in(language))));
      json.put("errors", list);
    }
    if (extra != null) {
      extra.forEach(e -> json.put(e.getKey(), e.getValue()));
    }
    return json;
  }
}
