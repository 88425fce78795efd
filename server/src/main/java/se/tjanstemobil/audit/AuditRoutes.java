package se.tjanstemobil.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.http.Page;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Times;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Text;

/** GET /admin/audit: who did what, newest first, for administrators. */
public final class AuditRoutes {

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
      throw Problem.badRequest("to", Text.of("audit.range.toNotAfterFrom"));
    }
    AuditLog.Filter filter =
        new AuditLog.Filter(
            after, action, actor == null ? null : UUID.fromString(actor), from, to, page.limit());
    return AuditLog.list(pool, filter).map(entries -> Reply.ok(page(page, entries)));
  }

  private static JsonObject page(Page page, List<AuditLog.Logged> entries) {
    JsonArray items = new JsonArray();
    entries.forEach(e -> items.add(json(e)));
    Long last = entries.isEmpty() ? null : entries.get(entries.size() - 1).id();
    return page.body(items, last == null ? null : new JsonObject().put("id", last));
  }

  private static JsonObject json(AuditLog.Logged e) {
    return new JsonObject()
        .put("id", String.valueOf(e.id()))
        .put("at", Times.format(e.at()))
        .put(
            "actor",
            e.actorId() == null
                ? null
                : new JsonObject().put("id", e.actorId().toString()).put("name", e.actorName()))
        .put("action", e.action())
        .put("objectType", e.objectType())
        .put("objectId", e.objectId())
        .put("details", e.details());
  }

  /** The position a cursor of this list holds; anything else was not handed out by this server. */
  private static long cursorId(JsonObject position) {
    Object id = position.getValue("id");
    if (id instanceof Integer || id instanceof Long) {
      return ((Number) id).longValue();
    }
    throw Problem.badRequest("cursor", Text.of("audit.cursor.unknown"));
  }
}
