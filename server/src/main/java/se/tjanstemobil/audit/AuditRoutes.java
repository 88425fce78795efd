package se.tjanstemobil.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.http.Page;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Times;
import se.tjanstemobil.http.Validated;

/** GET /admin/audit: who did what, newest first, for administrators. */
public final class AuditRoutes {

  private static final String LIST =
      """
    SELECT a.id, a.at, a.action, a.object_type, a.object_id, a.details, a.actor_id, e.name AS actor_name
    FROM audit_log a LEFT JOIN employees e ON e.id = a.actor_id
    WHERE ($1::bigint IS NULL OR a.id < $1)
      AND ($2::text IS NULL OR a.action = $2)
      AND ($3::uuid IS NULL OR a.actor_id = $3)
      AND ($4::timestamptz IS NULL OR a.at >= $4)
      AND ($5::timestamptz IS NULL OR a.at < $5)
    ORDER BY a.id DESC
    LIMIT $6
    """;

  private final Pool pool;

  public AuditRoutes(Pool pool) {
    this.pool = pool;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("listAudit").addHandler(Responses.handle(this::list));
  }

  private Future<Reply> list(RoutingContext rc) {
    AuthHandler.requireAny(rc, Role.ADMIN);
    Page page = Page.of(rc);
    Long after = page.after() == null ? null : cursorId(page.after());
    String action = Validated.query(rc, "action");
    String actor = Validated.query(rc, "actorId");
    OffsetDateTime from = Validated.time(Validated.query(rc, "from"), "from");
    OffsetDateTime to = Validated.time(Validated.query(rc, "to"), "to");
    if (from != null && to != null && !from.isBefore(to)) {
      throw Problem.badRequest("to", "must be after from");
    }
    Tuple args =
        Tuple.of(
            after, action, actor == null ? null : UUID.fromString(actor), from, to, page.limit());
    return pool.preparedQuery(LIST)
        .execute(args)
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              Long last = null;
              for (Row r : rows) {
                last = r.getLong("id");
                UUID actorId = r.getUUID("actor_id");
                items.add(
                    new JsonObject()
                        .put("id", String.valueOf(last))
                        .put("at", Times.format(r.getOffsetDateTime("at")))
                        .put(
                            "actor",
                            actorId == null
                                ? null
                                : new JsonObject()
                                    .put("id", actorId.toString())
                                    .put("name", r.getString("actor_name")))
                        .put("action", r.getString("action"))
                        .put("objectType", r.getString("object_type"))
                        .put("objectId", r.getString("object_id"))
                        .put("details", r.getJsonObject("details")));
              }
              return Reply.ok(
                  page.body(items, last == null ? null : new JsonObject().put("id", last)));
            });
  }

  /** The position a cursor of this list holds; anything else was not handed out by this server. */
  private static long cursorId(JsonObject position) {
    Object id = position.getValue("id");
    if (id instanceof Integer || id instanceof Long) {
      return ((Number) id).longValue();
    }
    throw Problem.badRequest("cursor", "is not a cursor this server handed out");
  }
}
