package se.tjanstemobil.availability;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import se.tjanstemobil.audit.AuditLog;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Times;
import se.tjanstemobil.http.Validated;

/**
 * A declared crisis (stabsläge). While it is on, an URGENT message from a crisis lead reaches even
 * those on leave; an admin or a crisis lead switches it on (with a reason) and off, audited.
 */
public final class CrisisMode {

  private static final String GET =
      """
    SELECT c.active, c.reason, c.changed_at, e.id AS by_id, e.name AS by_name
    FROM crisis_mode c LEFT JOIN employees e ON e.id = c.changed_by
    """;
  private static final String SET =
      """
    UPDATE crisis_mode SET active = $1, reason = $2, changed_by = $3, changed_at = now()
    RETURNING (SELECT active FROM crisis_mode) AS was_active
    """;
  private static final String ACTIVE = "SELECT active FROM crisis_mode";

  private final Pool pool;

  public CrisisMode(Pool pool) {
    this.pool = pool;
  }

  public void mount(RouterBuilder builder) {
    builder
        .getRoute("getCrisisMode")
        .addHandler(
            Responses.handle(
                rc -> {
                  AuthHandler.requireAny(rc, Role.ADMIN, Role.CRISIS_LEAD);
                  return state(pool).map(Reply::ok);
                }));
    builder.getRoute("putCrisisMode").addHandler(Responses.handle(this::put));
  }

  /** Whether a crisis is declared (read in the send's transaction). */
  public static Future<Boolean> active(SqlClient db) {
    return db.query(ACTIVE).execute().map(rows -> rows.iterator().next().getBoolean("active"));
  }

  private Future<Reply> put(RoutingContext rc) {
    Principal who = AuthHandler.requireAny(rc, Role.ADMIN, Role.CRISIS_LEAD);
    JsonObject body = Validated.body(rc);
    boolean active = body.getBoolean("active");
    String reason = body.getString("reason");
    if (active && (reason == null || reason.isBlank())) {
      throw Problem.badRequest("reason", "say why a crisis is declared");
    }
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(SET)
                    .execute(Tuple.of(active, reason, who.id()))
                    .compose(
                        rows -> {
                          boolean was = rows.iterator().next().getBoolean("was_active");
                          if (was == active) {
                            return Future.succeededFuture();
                          }
                          return AuditLog.write(
                              tx,
                              new AuditLog.Entry(
                                  who.id(),
                                  active ? "CRISIS_DECLARED" : "CRISIS_ENDED",
                                  "CRISIS_MODE",
                                  "crisis-mode",
                                  new JsonObject().put("reason", reason)));
                        }))
        .compose(v -> state(pool))
        .map(Reply::ok);
  }

  private static Future<JsonObject> state(SqlClient db) {
    return db.query(GET)
        .execute()
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new JsonObject()
                  .put("active", r.getBoolean("active"))
                  .put("reason", r.getString("reason"))
                  .put(
                      "changedAt",
                      r.getOffsetDateTime("changed_at") == null
                          ? null
                          : Times.format(r.getOffsetDateTime("changed_at")))
                  .put(
                      "changedBy",
                      r.getUUID("by_id") == null
                          ? null
                          : new JsonObject()
                              .put("id", r.getUUID("by_id").toString())
                              .put("name", r.getString("by_name")));
            });
  }
}
