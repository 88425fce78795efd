package se.tjanstemobil.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;
import se.tjanstemobil.i18n.Text;

/**
 * Keyset pagination: `?limit=` (default 50, max 200) and an opaque `cursor` that encodes the sort
 * key of the last item a client saw.
 */
public record Page(int limit, JsonObject after) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  public static Page of(RoutingContext rc) {
    Integer limit = Validated.queryInt(rc, "limit");
    String cursor = Validated.query(rc, "cursor");
    int l = limit == null ? DEFAULT_LIMIT : Math.max(1, Math.min(MAX_LIMIT, limit));
    return new Page(l, cursor == null ? null : decode(cursor));
  }

  /** A keyset position of a list sorted by a time and an id; both null on the first page. */
  public record TimeAndId(OffsetDateTime at, UUID id) {
    /** The cursor position for the last item of a page. */
    public static JsonObject of(OffsetDateTime at, UUID id) {
      return new JsonObject().put("at", Times.format(at)).put("id", id.toString());
    }
  }

  /** The position this page starts after, for lists sorted by (time, id). */
  public TimeAndId afterTimeAndId() {
    if (after == null) {
      return new TimeAndId(null, null);
    }
    try {
      return new TimeAndId(
          OffsetDateTime.parse(after.getString("at")), UUID.fromString(after.getString("id")));
    } catch (RuntimeException e) {
      throw Problem.badRequest("cursor", Text.of("validation.cursor"));
    }
  }

  public static String encode(JsonObject position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(position.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject decode(String cursor) {
    try {
      return new JsonObject(
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw Problem.badRequest("cursor", Text.of("validation.cursor"));
    }
  }

  /** The list body: the items, and the cursor for the next page when there may be more. */
  public JsonObject body(JsonArray items, JsonObject lastPosition) {
    JsonObject body = new JsonObject().put("items", items);
    body.put(
        "nextCursor", items.size() == limit && lastPosition != null ? encode(lastPosition) : null);
    return body;
  }
}
