package se.tjanstemobil.availability;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import se.tjanstemobil.audit.AuditLog;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Times;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Text;

/**
 * A declared crisis (stabsläge). While it is on, an URGENT message from a crisis lead reaches even
 * those on leave; an admin or a crisis lead switches it on (with a reason) and off, audited.
 */
public final class CrisisMode {

  private final Pool pool;

  CrisisMode(Pool pool) {
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
    return AvailabilityStore.crisisActive(db);
  }

  private Future<Reply> put(RoutingContext rc) {
    Principal who = AuthHandler.requireAny(rc, Role.ADMIN, Role.CRISIS_LEAD);
    JsonObject body = Validated.body(rc);
    boolean active = body.getBoolean("active");
    String reason = body.getString("reason");
    if (active && (reason == null || reason.isBlank())) {
      throw Problem.badRequest("reason", Text.of("availability.crisis.reasonMissing"));
    }
    return pool.withTransaction(
            tx ->
                AvailabilityStore.setCrisis(tx, active, reason, who.id())
                    .compose(
                        was -> {
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

  /** The crisis as GET /admin/crisis-mode answers it (and GET /me carries it, for the banner). */
  static Future<JsonObject> state(SqlClient db) {
    return AvailabilityStore.crisis(db).map(CrisisMode::json);
  }

  private static JsonObject json(AvailabilityStore.Crisis c) {
    return new JsonObject()
        .put("active", c.active())
        .put("reason", c.reason())
        .put("changedAt", c.changedAt() == null ? null : Times.format(c.changedAt()))
        .put(
            "changedBy",
            c.byId() == null
                ? null
                : new JsonObject().put("id", c.byId().toString()).put("name", c.byName()));
  }
}
