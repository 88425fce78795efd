package se.tjanstemobil.devices;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.messaging.DeviceDeliveries;

/**
 * The work-phone register: employees register, refresh and sign out their phones; admins see the
 * register, retire lost, replaced, returned or broken phones and hand phones to other employees. A
 * retired or signed-out phone gets no more pushes: its token is dropped and its pending deliveries
 * cancelled. Another employee's phone passes to a caller only with a sign that the caller holds it
 * (see {@link HandOver}); every hand-over is audited.
 */
final class DeviceRoutes {

  private final Pool pool;
  private final DeviceStore store;
  private final Clock clock;

  DeviceRoutes(Pool pool, DeviceStore store, Clock clock) {
    this.pool = pool;
    this.store = store;
    this.clock = clock;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("putMyDevice").addHandler(Responses.handle(this::register));
    builder.getRoute("listMyDevices").addHandler(Responses.handle(this::mine));
    builder.getRoute("signOutMyDevice").addHandler(Responses.handle(this::signOut));
    builder.getRoute("listDevices").addHandler(Responses.handle(this::listRegister));
    builder.getRoute("retireDevice").addHandler(Responses.handle(this::retire));
    builder.getRoute("reassignDevice").addHandler(Responses.handle(this::reassign));
  }

  private Future<Reply> register(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    JsonObject body = Validated.body(rc);
    DeviceStore.Registration r =
        new DeviceStore.Registration(
            Validated.path(rc, "deviceId"),
            me.id(),
            body.getString("platform"),
            body.getString("pushToken"),
            body.getString("appVersion"),
            body.getString("model"));
    return pool.withTransaction(
            tx ->
                store
                    .findByKeyForUpdate(tx, r.key())
                    .compose(found -> admit(tx, r, found))
                    .compose(
                        v ->
                            r.pushToken() == null
                                ? Future.succeededFuture()
                                : store.releaseToken(tx, r.pushToken(), r.key()))
                    .compose(v -> store.upsert(tx, r)))
        .map(
            saved ->
                new Reply(saved.created() ? 201 : 200, DeviceJson.device(saved.device(), now())));
  }

  /**
   * Lets the registration go on: a new phone, the caller's own, or another's with a sign that the
   * caller holds it (then the phone's pushes for others are cancelled and the hand-over audited).
   */
  private Future<Void> admit(
      SqlClient tx, DeviceStore.Registration r, Optional<DeviceStore.Found> found) {
    if (found.isEmpty()) {
      return Future.succeededFuture();
    }
    DeviceStore.Found phone = found.get();
    boolean mine = phone.holder().equals(r.employee());
    Optional<HandOver.Proof> proof =
        mine
            ? Optional.empty()
            : HandOver.proof(phone.status(), phone.pushToken(), phone.holderLeft(), r.pushToken());
    if (!mine && proof.isEmpty()) {
      // Someone else's phone and no sign that the caller holds it: as if there were no such phone.
      throw Problem.notFound(Text.of("devices.mine.notFound"));
    }
    if (phone.status() == DeviceStatus.RETIRED) {
      throw Problem.conflict("device-retired", Text.of("devices.mine.retired"));
    }
    if (mine) {
      return Future.succeededFuture();
    }
    JsonObject details =
        new JsonObject()
            .put("deviceId", r.key())
            .put("fromEmployeeId", phone.holder().toString())
            .put("toEmployeeId", r.employee().toString())
            .put("proof", proof.get().name());
    return DeviceDeliveries.cancelForOthers(
            tx, phone.id(), r.employee(), "device moved to another employee")
        .compose(v -> audit(tx, r.employee(), "DEVICE_HANDED_OVER", phone.id(), details));
  }

  private Future<Reply> mine(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    Instant now = now();
    return store
        .mine(pool, me.id())
        .map(
            devices -> {
              JsonArray items = new JsonArray();
              devices.forEach(d -> items.add(DeviceJson.device(d, now)));
              return Reply.ok(new JsonObject().put("items", items));
            });
  }

  private Future<Reply> signOut(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    String key = Validated.path(rc, "deviceId");
    return pool.withTransaction(
            tx ->
                store
                    .signOut(tx, key, me.id())
                    .compose(
                        id ->
                            id.isPresent()
                                ? DeviceDeliveries.cancel(tx, id.get(), "device signed out")
                                : alreadySignedOut(tx, key, me)))
        .map(v -> Reply.noContent());
  }

  /** Already signed out or retired: nothing more to do; not the caller's: not found. */
  private Future<Void> alreadySignedOut(SqlClient tx, String key, Principal me) {
    return store
        .mine(tx, key, me.id())
        .map(
            existing -> {
              if (existing.isEmpty()) {
                throw Problem.notFound(Text.of("devices.mine.notFound"));
              }
              return null;
            });
  }

  private Future<Reply> listRegister(RoutingContext rc) {
    AuthHandler.requireAny(rc, Role.ADMIN);
    Page page = Page.of(rc);
    String employee = Validated.query(rc, "employeeId");
    String stale = Validated.query(rc, "stale");
    Page.TimeAndId after = page.afterTimeAndId();
    Instant now = now();
    DeviceStore.Filter filter =
        new DeviceStore.Filter(
            Validated.query(rc, "status"),
            employee == null ? null : UUID.fromString(employee),
            stale == null ? null : Boolean.valueOf(stale),
            now,
            after.at(),
            after.id(),
            page.limit());
    return store.list(pool, filter).map(listed -> Reply.ok(registerPage(page, listed, now)));
  }

  private static JsonObject registerPage(Page page, List<Device.Listed> listed, Instant now) {
    JsonArray items = new JsonArray();
    listed.forEach(l -> items.add(DeviceJson.listed(l, now)));
    Device last = listed.isEmpty() ? null : listed.get(listed.size() - 1).device();
    return page.body(items, last == null ? null : Page.TimeAndId.of(last.lastSeenAt(), last.id()));
  }

  private Future<Reply> retire(RoutingContext rc) {
    Principal admin = AuthHandler.requireAny(rc, Role.ADMIN);
    UUID id = Validated.pathUuid(rc, "id");
    String reason = Validated.body(rc).getString("reason");
    return pool.withTransaction(
            tx ->
                store
                    .retire(tx, id, reason)
                    .compose(
                        retired -> retired.isPresent() ? succeeded(retired.get()) : whyNot(tx, id))
                    .compose(d -> retired(tx, admin.id(), d, reason)))
        .map(d -> Reply.ok(DeviceJson.device(d, now())));
  }

  /** A retired phone's pushes still to go cancelled, and the retirement audited. */
  private static Future<Device> retired(SqlClient tx, UUID admin, Device d, String reason) {
    return DeviceDeliveries.cancel(tx, d.id(), "device retired: " + reason)
        .compose(
            v ->
                audit(
                    tx,
                    admin,
                    "DEVICE_RETIRED",
                    d.id(),
                    new JsonObject()
                        .put("reason", reason)
                        .put("employeeId", d.employeeId().toString())
                        .put("deviceId", d.key())
                        .put("model", d.model())))
        .map(d);
  }

  /** A phone that could not be retired: there is none, or it is retired already. */
  private Future<Device> whyNot(SqlClient tx, UUID id) {
    return store
        .exists(tx, id)
        .map(
            exists -> {
              if (!exists) {
                throw Problem.notFound(Text.of("devices.register.notFound"));
              }
              throw Problem.conflict(
                  "device-already-retired", Text.of("devices.register.alreadyRetired"));
            });
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
            tx ->
                store
                    .findForUpdate(tx, id)
                    .map(
                        found ->
                            found.orElseThrow(
                                () -> Problem.notFound(Text.of("devices.register.notFound"))))
                    .compose(before -> requireActive(tx, to).map(before))
                    .compose(before -> reassigned(tx, admin.id(), before, to)))
        .map(d -> Reply.ok(DeviceJson.device(d, now())));
  }

  /**
   * The phone's pushes still to go cancelled (they were for its holder before), the phone given to
   * {@code to}, the hand-over audited; answers the phone as it is now.
   */
  private Future<Device> reassigned(SqlClient tx, UUID admin, Device before, UUID to) {
    return DeviceDeliveries.cancel(tx, before.id(), "device reassigned to another employee")
        .compose(v -> store.reassign(tx, before.id(), to))
        .compose(
            after ->
                audit(
                        tx,
                        admin,
                        "DEVICE_REASSIGNED",
                        before.id(),
                        new JsonObject()
                            .put("deviceId", before.key())
                            .put("fromEmployeeId", before.employeeId().toString())
                            .put("toEmployeeId", to.toString())
                            .put("previousStatus", before.status().name()))
                    .map(after));
  }

  private Future<Void> requireActive(SqlClient tx, UUID employee) {
    return store
        .isActiveEmployee(tx, employee)
        .map(
            active -> {
              if (!active) {
                throw Problem.rule("unknown-employee", Text.of("devices.register.unknownEmployee"));
              }
              return null;
            });
  }

  private static Future<Void> audit(
      SqlClient tx, UUID actor, String action, UUID device, JsonObject details) {
    return AuditLog.write(
            tx, new AuditLog.Entry(actor, action, "DEVICE", device.toString(), details))
        .mapEmpty();
  }

  private static Future<Device> succeeded(Device d) {
    return Future.succeededFuture(d);
  }

  private Instant now() {
    return clock.instant();
  }
}
