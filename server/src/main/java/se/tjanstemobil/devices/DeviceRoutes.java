package se.tjanstemobil.devices;

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
import se.tjanstemobil.audit.AuditLog;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.http.Page;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.messaging.DeviceDeliveries;

/**
 * The work-phone register: employees register, refresh and sign out their phones; admins see the
 * register, retire lost, replaced, returned or broken phones and hand phones to other employees. A
 * retired or signed-out phone gets no more pushes: its token is dropped and its pending deliveries
 * cancelled. Another employee's phone passes to a caller only with a sign that the caller holds it
 * (see {@link #handOverProof}); every hand-over is audited.
 */
public final class DeviceRoutes {

  /** A phone not seen for this many days is shown as stale in the register. */
  public static final int STALE_DAYS = 30;

  private static final String COLUMNS =
      """
    d.id, d.device_key, d.employee_id, d.platform, d.app_version, d.model, d.status, d.retired_reason,
    d.push_token IS NOT NULL AS push_enabled, d.token_dropped, d.registered_at, d.last_seen_at
    """;
  // Locks the row, so a retirement or another registration of the same phone waits its turn.
  private static final String FIND_BY_KEY =
      """
    SELECT d.id, d.status, d.employee_id, d.push_token, e.status AS holder_status
    FROM devices d JOIN employees e ON e.id = d.employee_id
    WHERE d.device_key = $1 FOR UPDATE OF d
    """;
  // A push token identifies one app installation: if another device row holds it, it moves here.
  private static final String RELEASE_TOKEN =
      "UPDATE devices SET push_token = NULL WHERE push_token = $1 AND device_key <> $2";
  private static final String UPSERT =
      """
    INSERT INTO devices AS d (device_key, employee_id, platform, push_token, app_version, model)
    VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (device_key) DO UPDATE SET
      employee_id = excluded.employee_id, platform = excluded.platform, push_token = excluded.push_token,
      app_version = excluded.app_version, model = excluded.model, token_dropped = NULL,
      status_changed_at = CASE WHEN d.status <> 'ACTIVE' THEN now() ELSE d.status_changed_at END,
      status = 'ACTIVE', last_seen_at = now()
    WHERE d.status <> 'RETIRED'
    RETURNING (xmax = 0) AS created,
    """
          + COLUMNS;
  private static final String MINE =
      "SELECT "
          + COLUMNS
          + " FROM devices d WHERE d.employee_id = $1 "
          + "ORDER BY d.status, d.last_seen_at DESC";
  private static final String SIGN_OUT =
      """
    UPDATE devices d SET status = 'SIGNED_OUT', push_token = NULL, status_changed_at = now()
    WHERE d.device_key = $1 AND d.employee_id = $2 AND d.status = 'ACTIVE'
    RETURNING d.id
    """;
  private static final String MINE_BY_KEY =
      "SELECT " + COLUMNS + " FROM devices d WHERE d.device_key = $1 AND d.employee_id = $2";
  private static final String REGISTER =
      "SELECT "
          + COLUMNS
          + """
    , e.name AS employee_name, e.external_id AS employee_external_id
    FROM devices d JOIN employees e ON e.id = d.employee_id
    WHERE ($1::text IS NULL OR d.status = $1)
      AND ($2::uuid IS NULL OR d.employee_id = $2)
      AND ($3::boolean IS NULL OR (d.last_seen_at < now() - make_interval(days => $4)) = $3)
      AND ($5::timestamptz IS NULL OR (d.last_seen_at, d.id) < ($5, $6::uuid))
    ORDER BY d.last_seen_at DESC, d.id DESC
    LIMIT $7
    """;
  private static final String RETIRE =
      """
    UPDATE devices d SET status = 'RETIRED', retired_reason = $2, push_token = NULL, status_changed_at = now()
    WHERE d.id = $1 AND d.status <> 'RETIRED'
    RETURNING
    """
          + COLUMNS;
  private static final String EXISTS = "SELECT status FROM devices WHERE id = $1";
  private static final String FIND_BY_ID =
      "SELECT id, device_key, status, employee_id FROM devices WHERE id = $1 FOR UPDATE";
  private static final String ACTIVE_EMPLOYEE =
      "SELECT 1 FROM employees WHERE id = $1 AND status = 'ACTIVE'";
  // The phone is the named employee's from now on; its token is dropped, so nothing is pushed to it
  // until the new holder's app registers it with its own token. A retired phone comes back into
  // use.
  private static final String REASSIGN =
      """
    UPDATE devices d SET employee_id = $2, status = 'ACTIVE', retired_reason = NULL, push_token = NULL,
      token_dropped = 'REASSIGNED', status_changed_at = now()
    WHERE d.id = $1
    RETURNING
    """
          + COLUMNS;

  private final Pool pool;

  public DeviceRoutes(Pool pool) {
    this.pool = pool;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("putMyDevice").addHandler(Responses.handle(this::register));
    builder.getRoute("listMyDevices").addHandler(Responses.handle(this::mine));
    builder.getRoute("signOutMyDevice").addHandler(Responses.handle(this::signOut));
    builder.getRoute("listDevices").addHandler(Responses.handle(this::listRegister));
    builder.getRoute("retireDevice").addHandler(Responses.handle(this::retire));
    builder.getRoute("reassignDevice").addHandler(Responses.handle(this::reassign));
  }

  private Future<Reply> register(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    String key = Validated.path(rc, "deviceId");
    JsonObject body = Validated.body(rc);
    String token = body.getString("pushToken");
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(FIND_BY_KEY)
                    .execute(Tuple.of(key))
                    .compose(
                        found -> {
                          Row existing = found.size() == 0 ? null : found.iterator().next();
                          boolean mine =
                              existing == null || existing.getUUID("employee_id").equals(me.id());
                          String proof = mine ? null : handOverProof(existing, token);
                          if (!mine && proof == null) {
                            // Someone else's phone and no sign that the caller holds it: as if
                            // there were no such phone.
                            throw Problem.notFound("You have no device " + key);
                          }
                          if (existing != null && "RETIRED".equals(existing.getString("status"))) {
                            throw Problem.conflict(
                                "device-retired",
                                "This phone was retired from the register; ask an administrator if it is back in use");
                          }
                          Future<?> handover =
                              mine
                                  ? Future.succeededFuture()
                                  : DeviceDeliveries.cancelForOthers(
                                          conn,
                                          existing.getUUID("id"),
                                          me.id(),
                                          "device moved to another employee")
                                      .compose(
                                          v ->
                                              AuditLog.write(
                                                  conn,
                                                  new AuditLog.Entry(
                                                      me.id(),
                                                      "DEVICE_HANDED_OVER",
                                                      "DEVICE",
                                                      existing.getUUID("id").toString(),
                                                      new JsonObject()
                                                          .put("deviceId", key)
                                                          .put(
                                                              "fromEmployeeId",
                                                              existing
                                                                  .getUUID("employee_id")
                                                                  .toString())
                                                          .put("toEmployeeId", me.id().toString())
                                                          .put("proof", proof))));
                          Future<?> release =
                              token == null
                                  ? handover
                                  : handover.compose(
                                      v ->
                                          conn.preparedQuery(RELEASE_TOKEN)
                                              .execute(Tuple.of(token, key)));
                          return release.compose(
                              v ->
                                  conn.preparedQuery(UPSERT)
                                      .execute(
                                          Tuple.of(
                                              key,
                                              me.id(),
                                              body.getString("platform"),
                                              token,
                                              body.getString("appVersion"),
                                              body.getString("model"))));
                        }))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new Reply(r.getBoolean("created") ? 201 : 200, json(r));
            });
  }

  /**
   * Why another employee's phone may pass to the caller, or null when nothing shows that the caller
   * holds it: the request carries the push token the phone is registered with (only the app on that
   * phone has it), its holder signed it out, or its holder has left. A retired phone passes only
   * through an administrator ({@link #reassign}).
   */
  private static String handOverProof(Row existing, String token) {
    String status = existing.getString("status");
    if ("RETIRED".equals(status)) {
      return null;
    }
    if (token != null && token.equals(existing.getString("push_token"))) {
      return "PUSH_TOKEN";
    }
    if ("SIGNED_OUT".equals(status)) {
      return "SIGNED_OUT";
    }
    return "LEFT".equals(existing.getString("holder_status")) ? "HOLDER_LEFT" : null;
  }

  private Future<Reply> mine(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    return pool.preparedQuery(MINE)
        .execute(Tuple.of(me.id()))
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              rows.forEach(r -> items.add(json(r)));
              return Reply.ok(new JsonObject().put("items", items));
            });
  }

  private Future<Reply> signOut(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    String key = Validated.path(rc, "deviceId");
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(SIGN_OUT)
                    .execute(Tuple.of(key, me.id()))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            return conn.preparedQuery(MINE_BY_KEY)
                                .execute(Tuple.of(key, me.id()))
                                .map(
                                    existing -> {
                                      if (existing.size() == 0) {
                                        throw Problem.notFound("You have no device " + key);
                                      }
                                      return (Void)
                                          null; // already signed out or retired: nothing more to do
                                    });
                          }
                          UUID id = rows.iterator().next().getUUID("id");
                          return DeviceDeliveries.cancel(conn, id, "device signed out");
                        }))
        .map(v -> Reply.noContent());
  }

  private Future<Reply> listRegister(RoutingContext rc) {
    AuthHandler.requireAny(rc, Role.ADMIN);
    Page page = Page.of(rc);
    String status = Validated.query(rc, "status");
    String employee = Validated.query(rc, "employeeId");
    String stale = Validated.query(rc, "stale");
    Page.TimeAndId after = page.afterTimeAndId();
    Tuple args =
        Tuple.of(
                status,
                employee == null ? null : UUID.fromString(employee),
                stale == null ? null : Boolean.valueOf(stale),
                STALE_DAYS,
                after.at(),
                after.id())
            .addValue(page.limit());
    return pool.preparedQuery(REGISTER)
        .execute(args)
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              JsonObject last = null;
              for (Row r : rows) {
                items.add(
                    json(r)
                        .put(
                            "employee",
                            new JsonObject()
                                .put("id", r.getUUID("employee_id").toString())
                                .put("name", r.getString("employee_name"))
                                .put("externalId", r.getString("employee_external_id"))));
                last = Page.TimeAndId.of(r.getOffsetDateTime("last_seen_at"), r.getUUID("id"));
              }
              return Reply.ok(page.body(items, last));
            });
  }

  private Future<Reply> retire(RoutingContext rc) {
    Principal admin = AuthHandler.requireAny(rc, Role.ADMIN);
    UUID id = Validated.pathUuid(rc, "id");
    String reason = Validated.body(rc).getString("reason");
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(RETIRE)
                    .execute(Tuple.of(id, reason))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            return conn.preparedQuery(EXISTS)
                                .execute(Tuple.of(id))
                                .map(
                                    existing -> {
                                      if (existing.size() == 0) {
                                        throw Problem.notFound("No device " + id);
                                      }
                                      throw Problem.conflict(
                                          "device-already-retired",
                                          "The device is already retired");
                                    });
                          }
                          Row r = rows.iterator().next();
                          return DeviceDeliveries.cancel(conn, id, "device retired: " + reason)
                              .compose(
                                  v ->
                                      AuditLog.write(
                                          conn,
                                          new AuditLog.Entry(
                                              admin.id(),
                                              "DEVICE_RETIRED",
                                              "DEVICE",
                                              id.toString(),
                                              new JsonObject()
                                                  .put("reason", reason)
                                                  .put(
                                                      "employeeId",
                                                      r.getUUID("employee_id").toString())
                                                  .put("deviceId", r.getString("device_key"))
                                                  .put("model", r.getString("model")))))
                              .map(v -> rows);
                        }))
        .map(rows -> Reply.ok(json(rows.iterator().next())));
  }

  /**
   * POST /admin/devices/{id}/reassign: an administrator hands a phone to another employee (also a
   * retired one, back in use).
   */
  private Future<Reply> reassign(RoutingContext rc) {
    Principal admin = AuthHandler.requireAny(rc, Role.ADMIN);
    UUID id = Validated.pathUuid(rc, "id");
    UUID to = UUID.fromString(Validated.body(rc).getString("employeeId"));
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(FIND_BY_ID)
                    .execute(Tuple.of(id))
                    .compose(
                        found -> {
                          if (found.size() == 0) {
                            throw Problem.notFound("No device " + id);
                          }
                          Row before = found.iterator().next();
                          return conn.preparedQuery(ACTIVE_EMPLOYEE)
                              .execute(Tuple.of(to))
                              .compose(
                                  employee -> {
                                    if (employee.size() == 0) {
                                      throw Problem.rule(
                                          "unknown-employee", "There is no active employee " + to);
                                    }
                                    UUID from = before.getUUID("employee_id");
                                    return DeviceDeliveries.cancel(
                                            conn, id, "device reassigned to another employee")
                                        .compose(
                                            v ->
                                                conn.preparedQuery(REASSIGN)
                                                    .execute(Tuple.of(id, to)))
                                        .compose(
                                            rows ->
                                                AuditLog.write(
                                                        conn,
                                                        new AuditLog.Entry(
                                                            admin.id(),
                                                            "DEVICE_REASSIGNED",
                                                            "DEVICE",
                                                            id.toString(),
                                                            new JsonObject()
                                                                .put(
                                                                    "deviceId",
                                                                    before.getString("device_key"))
                                                                .put(
                                                                    "fromEmployeeId",
                                                                    from.toString())
                                                                .put("toEmployeeId", to.toString())
                                                                .put(
                                                                    "previousStatus",
                                                                    before.getString("status"))))
                                                    .map(v -> rows));
                                  });
                        }))
        .map(rows -> Reply.ok(json(rows.iterator().next())));
  }

  static JsonObject json(Row r) {
    OffsetDateTime seen = r.getOffsetDateTime("last_seen_at");
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("deviceId", r.getString("device_key"))
        .put("employeeId", r.getUUID("employee_id").toString())
        .put("platform", r.getString("platform"))
        .put("appVersion", r.getString("app_version"))
        .put("model", r.getString("model"))
        .put("status", r.getString("status"))
        .put("retiredReason", r.getString("retired_reason"))
        .put("pushEnabled", r.getBoolean("push_enabled"))
        .put("tokenDropped", r.getString("token_dropped"))
        .put(
            "registeredAt", se.tjanstemobil.http.Times.format(r.getOffsetDateTime("registered_at")))
        .put("lastSeenAt", se.tjanstemobil.http.Times.format(seen))
        .put("stale", seen.isBefore(OffsetDateTime.now().minusDays(STALE_DAYS)));
  }
}
