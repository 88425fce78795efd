package se.tjanstemobil.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import se.tjanstemobil.i18n.Text;

/** Reads the parts of a request the contract has already validated. */
public final class Validated {

  private Validated() {}

  private static ValidatedRequest request(RoutingContext rc) {
    ValidatedRequest request = rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    if (request == null) {
      throw new IllegalStateException(
          "route " + rc.normalizedPath() + " was not validated against the contract");
    }
    return request;
  }

  public static JsonObject body(RoutingContext rc) {
    RequestParameter body = request(rc).getBody();
    if (body == null || body.isNull() || body.isEmpty()) {
      return new JsonObject();
    }
    return body.getJsonObject();
  }

  /** A query parameter as text, or null when absent. */
  public static String query(RoutingContext rc, String name) {
    RequestParameter p = request(rc).getQuery().get(name);
    return p == null || p.isNull() || p.isEmpty() ? null : String.valueOf(p.get());
  }

  public static Integer queryInt(RoutingContext rc, String name) {
    RequestParameter p = request(rc).getQuery().get(name);
    return p == null || p.isNull() || p.isEmpty() ? null : p.getInteger();
  }

  public static String path(RoutingContext rc, String name) {
    RequestParameter p = request(rc).getPathParameters().get(name);
    return p == null ? null : String.valueOf(p.get());
  }

  /** A path parameter that is a UUID; the contract declares the format, this converts it. */
  public static UUID pathUuid(RoutingContext rc, String name) {
    String raw = path(rc, name);
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Problem.notFound(Text.of("problem.not-found.detail"));
    }
  }

  /**
   * A time the client sent (body field or query value), or null when absent. The contract's
   * date-time format lets some texts through that are not an instant (no offset:
   * "2026-11-22T08:15:00"); those are the client's mistake, a 400 naming the field.
   */
  public static OffsetDateTime time(String raw, String field) {
    if (raw == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(raw);
    } catch (DateTimeParseException e) {
      throw Problem.badRequest(field, Text.of("validation.format.date-time"));
    }
  }

  /** As {@link #time(String, String)}, for a field that must be there. */
  public static OffsetDateTime requiredTime(JsonObject body, String field) {
    OffsetDateTime t = time(body.getString(field), field);
    if (t == null) {
      throw Problem.badRequest(field, Text.of("validation.requiredTime"));
    }
    return t;
  }
}
