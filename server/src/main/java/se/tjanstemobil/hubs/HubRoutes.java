package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import se.tjanstemobil.audit.AuditLog;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.db.SqlErrors;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.org.RoleGrants;

/**
 * Hubs and their resources: what employees browse (hubs near them with free places on a day, a
 * hub's details), and what admins run (ADMIN creates hubs and names their administrators; a
 * HUB_ADMIN edits their own hubs' details, opening hours, rules and resources). The SQL is in
 * {@link HubStore}, the merge of a PATCH in {@link HubRules}.
 */
final class HubRoutes {

  /** How far ahead a resource taken out of use cancels its bookings: further than any horizon. */
  private static final Duration OUT_OF_USE = Duration.ofDays(3660);

  /** What a PATCH says about the change itself, besides the hub's fields. */
  private static final List<String> ABOUT_THE_CHANGE = List.of("cancelAffected", "reason");

  private final Pool pool;
  private final Closures closures;
  private final HoursChange hours;
  private final Clock clock;

  HubRoutes(Pool pool, Closures closures, Clock clock) {
    this.pool = pool;
    this.closures = closures;
    this.hours = new HoursChange(pool, closures, clock);
    this.clock = clock;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("listHubs").addHandler(Responses.handle(this::list));
    builder.getRoute("getHub").addHandler(Responses.handle(this::get));
    builder.getRoute("createHub").addHandler(Responses.handle(this::create));
    builder.getRoute("updateHub").addHandler(Responses.handle(this::update));
    builder.getRoute("addHubAdmin").addHandler(Responses.handle(this::addAdmin));
    builder.getRoute("removeHubAdmin").addHandler(Responses.handle(this::removeAdmin));
    builder.getRoute("createResource").addHandler(Responses.handle(this::createResource));
    builder.getRoute("updateResource").addHandler(Responses.handle(this::updateResource));
    hours.mount(builder);
  }

  /** GET /hubs: each hub with what is free on the day (today by default, from now on). */
  private Future<Reply> list(RoutingContext rc) {
    String municipality = Validated.query(rc, "municipality");
    String rawDate = Validated.query(rc, "date");
    Instant now = clock.instant();
    return HubStore.list(pool, municipality)
        .compose(
            hubs ->
                hubs.isEmpty()
                    ? Future.succeededFuture(new JsonArray())
                    : listed(hubs, rawDate, now))
        .map(items -> Reply.ok(new JsonObject().put("items", items)));
  }

  private Future<JsonArray> listed(List<Hub> hubs, String rawDate, Instant now) {
    HubRules.Days days = HubRules.days(hubs, rawDate, now);
    UUID[] ids = hubs.stream().map(Hub::id).toArray(UUID[]::new);
    Span w = days.window();
    return HubStore.day(
            pool, ids, w.start(), w.end(), days.first(), days.last(), HubDay.Detail.LIVE)
        .map(
            day -> {
              JsonArray items = new JsonArray();
              hubs.forEach(h -> items.add(HubJson.listed(h, days.dates().get(h.id()), day, now)));
              return items;
            });
  }

  private Future<Reply> get(RoutingContext rc) {
    UUID id = Validated.pathUuid(rc, "hubId");
    return HubStore.details(pool, id).map(d -> Reply.ok(HubJson.details(d)));
  }

  private Future<Reply> create(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    if (!me.has(Role.ADMIN)) {
      throw Problem.forbidden(Text.of("hubs.access.createHub"));
    }
    JsonObject body = Validated.body(rc);
    String externalId = HubRules.externalId(body, UUID.randomUUID().toString());
    Hub draft = HubRules.merge(null, body);
    JsonObject audit =
        new JsonObject().put("name", draft.name()).put("municipality", draft.municipality());
    return pool.withTransaction(
            tx ->
                HubStore.insert(tx, draft, externalId)
                    .compose(id -> audit(tx, me, "HUB_CREATED", "HUB", id, audit).map(id)))
        .recover(
            SqlErrors.onUniqueViolation(
                () ->
                    Future.failedFuture(
                        Problem.conflict(
                            "hub-exists", Text.of("hubs.conflict.hubExists", externalId)))))
        .compose(id -> HubStore.load(pool, id))
        .map(h -> Reply.created(HubJson.created(h)));
  }

  /**
   * PATCH /hubs/{id}: the hub changed, under its lock; bookings that new opening hours (or a new
   * zone) leave outside them are cancelled with it when the body asks (`cancelAffected`), else the
   * change is refused naming them ({@link HoursChange}).
   */
  private Future<Reply> update(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID id = Validated.pathUuid(rc, "hubId");
    JsonObject body = Validated.body(rc);
    boolean cancel = body.getBoolean("cancelAffected", false);
    String given = body.getString("reason");
    String reason = given == null || given.isBlank() ? null : given.strip();
    List<String> changed = new ArrayList<>(body.fieldNames());
    changed.removeAll(ABOUT_THE_CHANGE);
    return pool.withTransaction(
            tx ->
                HubStore.loadForUpdate(tx, id)
                    .compose(
                        hub -> {
                          HubAccess.requireManages(me, id, hub.name());
                          Hub next = HubRules.merge(hub, body);
                          return hours
                              .apply(tx, me, hub, next, cancel, reason)
                              .compose(n -> HubStore.update(tx, next).map(n));
                        })
                    .compose(
                        n -> {
                          JsonObject audit =
                              new JsonObject()
                                  .put("changed", new JsonArray(changed))
                                  .put("cancelledBookings", n);
                          return audit(tx, me, "HUB_UPDATED", "HUB", id, audit).map(n);
                        }))
        .compose(
            n -> get(rc).map(r -> Reply.ok(((JsonObject) r.body()).put("cancelledBookings", n))));
  }

  private Future<Reply> addAdmin(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID hubId = Validated.pathUuid(rc, "hubId");
    UUID employee = UUID.fromString(Validated.body(rc).getString("employeeId"));
    requireAdmin(me);
    return HubStore.load(pool, hubId)
        .compose(
            hub ->
                pool.withTransaction(
                    tx ->
                        HubStore.isActiveEmployee(tx, employee)
                            .compose(
                                active -> {
                                  if (!active) {
                                    throw Problem.rule(
                                        "unknown-employee", Text.of("hubs.rule.unknownEmployee"));
                                  }
                                  return RoleGrants.grant(tx, employee, hubId);
                                })
                            .compose(v -> roleAudit(tx, me, "ROLE_GRANTED", employee, hub))))
        .compose(v -> get(rc))
        .map(reply -> Reply.created(reply.body()));
  }

  private Future<Reply> removeAdmin(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID hubId = Validated.pathUuid(rc, "hubId");
    UUID employee = Validated.pathUuid(rc, "employeeId");
    requireAdmin(me);
    return HubStore.load(pool, hubId)
        .compose(
            hub ->
                pool.withTransaction(
                    tx ->
                        RoleGrants.revoke(tx, employee, hubId)
                            .compose(
                                revoked -> {
                                  if (!revoked) {
                                    throw Problem.notFound(
                                        Text.of("hubs.notFound.hubAdmin", hub.name()));
                                  }
                                  return roleAudit(tx, me, "ROLE_REVOKED", employee, hub);
                                })))
        .map(v -> Reply.noContent());
  }

  private Future<Reply> createResource(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID hubId = Validated.pathUuid(rc, "hubId");
    JsonObject b = Validated.body(rc);
    HubStore.Resource draft =
        new HubStore.Resource(
            null,
            hubId,
            b.getString("kind"),
            name(b.getString("name")),
            b.getInteger("capacity", 1),
            features(b),
            true);
    JsonObject audit = new JsonObject().put("resource", draft.name());
    return HubStore.load(pool, hubId)
        .compose(
            hub -> {
              HubAccess.requireManages(me, hubId, hub.name());
              return pool.withTransaction(
                      tx ->
                          HubStore.insertResource(tx, hubId, draft)
                              .compose(
                                  r ->
                                      audit(tx, me, "RESOURCE_CREATED", "HUB", hubId, audit)
                                          .map(r)))
                  .recover(nameTaken(hub, draft.name()));
            })
        .map(r -> Reply.created(HubJson.resource(r)));
  }

  /**
   * PATCH /resources/{id}: details, or taken out of use (its future bookings cancelled and their
   * bookers told).
   */
  private Future<Reply> updateResource(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID id = Validated.pathUuid(rc, "resourceId");
    JsonObject b = Validated.body(rc);
    return pool.withTransaction(
            tx ->
                HubStore.resourceForUpdate(tx, id)
                    .compose(
                        old ->
                            HubStore.load(tx, old.hubId())
                                .compose(hub -> changeResource(tx, me, hub, old, b))))
        .map(Reply::ok);
  }

  private Future<JsonObject> changeResource(
      SqlClient tx, Principal me, Hub hub, HubStore.Resource old, JsonObject b) {
    HubAccess.requireManages(me, hub.id(), hub.name());
    HubStore.Resource changed =
        new HubStore.Resource(
            old.id(),
            old.hubId(),
            b.getString("kind", old.kind()),
            name(b.getString("name", old.name())),
            b.getInteger("capacity", old.capacity()),
            b.containsKey("features") ? features(b) : old.features(),
            b.getBoolean("active", old.active()));
    return cancelIfTakenOutOfUse(tx, me, hub, old, changed, b.getString("reason"))
        .compose(
            n ->
                HubStore.updateResource(tx, changed)
                    .compose(
                        r -> {
                          JsonObject audit =
                              new JsonObject()
                                  .put("resource", r.name())
                                  .put("active", r.active())
                                  .put("cancelledBookings", n);
                          return audit(tx, me, "RESOURCE_UPDATED", "HUB", hub.id(), audit)
                              .map(HubJson.resource(r).put("cancelledBookings", n));
                        }))
        .recover(nameTaken(hub, changed.name()));
  }

  /** How many bookings taking the resource out of use cancelled (0 when it stays in use). */
  private Future<Integer> cancelIfTakenOutOfUse(
      SqlClient tx,
      Principal me,
      Hub hub,
      HubStore.Resource old,
      HubStore.Resource changed,
      String reason) {
    if (!old.active() || changed.active()) {
      return Future.succeededFuture(0);
    }
    if (reason == null || reason.isBlank()) {
      throw Problem.badRequest("reason", Text.of("hubs.field.outOfUseReason"));
    }
    Instant now = clock.instant();
    return closures.cancelOverlapping(
        tx, hub, old.id(), new Span(now, now.plus(OUT_OF_USE)), me.id(), reason.strip());
  }

  private static <T> Function<Throwable, Future<T>> nameTaken(Hub hub, String name) {
    return SqlErrors.onUniqueViolation(
        () ->
            Future.failedFuture(
                Problem.conflict(
                    "resource-exists", Text.of("hubs.conflict.resourceExists", hub.name(), name))));
  }

  private static void requireAdmin(Principal me) {
    if (!me.has(Role.ADMIN)) {
      throw Problem.forbidden(Text.of("hubs.access.nameAdmins"));
    }
  }

  private static String name(String raw) {
    String name = raw.strip();
    if (name.isEmpty()) {
      throw Problem.badRequest("name", Text.of("hubs.field.resourceName"));
    }
    return name;
  }

  private static List<String> features(JsonObject b) {
    return b.getJsonArray("features", new JsonArray()).stream()
        .map(String::valueOf)
        .distinct()
        .toList();
  }

  private static Future<Void> roleAudit(
      SqlClient tx, Principal me, String action, UUID employee, Hub hub) {
    return AuditLog.write(
        tx,
        new AuditLog.Entry(
            me.id(),
            action,
            "EMPLOYEE",
            employee.toString(),
            new JsonObject().put("role", "HUB_ADMIN").put("hub", hub.name())));
  }

  private static Future<Void> audit(
      SqlClient tx, Principal me, String action, String kind, UUID id, JsonObject details) {
    return AuditLog.write(tx, new AuditLog.Entry(me.id(), action, kind, id.toString(), details));
  }
}
