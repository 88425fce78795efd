package se.tjanstemobil.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

import java.util.UUID;

/** Reads the parts of a request the contract has already validated. */
public final class Validated {

  private Validated() {
  }

  private static ValidatedRequest request(RoutingContext rc) {
    ValidatedRequest request = rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    if (request == null) {
      throw new IllegalStateException("route " + rc.normalizedPath() + " was not validated against the contract");
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
      throw Problem.notFound("No " + name + " " + raw);
    }
  }
}
