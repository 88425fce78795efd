package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import se.tjanstemobil.audit.AuditLog;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.availability.WeeklyInterval;
import se.tjanstemobil.availability.WeeklyPattern;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;

/**
 * Hubs and their resources: what employees browse (hubs near them with free places on a day, a
 * hub's details), and what admins run (ADMIN creates hubs and names their administrators; a
 * HUB_ADMIN edits their own hubs' details, opening hours, rules and resources).
 */
final class HubRoutes {

  private static final String LIST =
      "SELECT "
          + Hub.COLUMNS
          + """

    FROM hubs h WHERE ($1::text IS NULL OR lower(h.municipality) = lower($1)) ORDER BY h.municipality, h.name
    """;
  static final String ONE = "SELECT " + Hub.COLUMNS + " FROM hubs h WHERE h.id = $1";
  private static final String ADMINS =
      """
    SELECT e.id, e.name, e.email FROM role_grants g JOIN employees e ON e.id = g.employee_id
    WHERE g.role = 'HUB_ADMIN' AND g.hub_id = $1 AND e.status = 'ACTIVE' ORDER BY e.name
    """;
  private static final String INSERT_HUB =
      """
    INSERT INTO hubs (external_id, name, municipality, address, latitude, longitude, time_zone, owner_kind, owner_name,
                      description, opening_hours, horizon_days, min_minutes, max_minutes, max_per_day,
                      check_in_before_minutes, check_in_after_minutes, offer_hold_minutes)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
    RETURNING id
    """;
  private static final String UPDATE_HUB =
      """
    UPDATE hubs SET name = $2, municipality = $3, address = $4, latitude = $5, longitude = $6, time_zone = $7,
      owner_kind = $8, owner_name = $9, description = $10, opening_hours = $11, horizon_days = $12, min_minutes = $13,
      max_minutes = $14, max_per_day = $15, check_in_before_minutes = $16, check_in_after_minutes = $17,
      offer_hold_minutes = $18, updated_at = now()
    WHERE id = $1
    """;
  private static final String EMPLOYEE =
      "SELECT id, name FROM employees WHERE id = $1 AND status = 'ACTIVE'";
  private static final String GRANT =
      """
    INSERT INTO role_grants (employee_id, role, hub_id, source) VALUES ($1, 'HUB_ADMIN', $2, 'API') ON CONFLICT DO NOTHING
    """;
  private static final String REVOKE =
      "DELETE FROM role_grants WHERE employee_id = $1 AND role = 'HUB_ADMIN' AND hub_id = $2 RETURNING id";
  private static final String INSERT_RESOURCE =
      """
    INSERT INTO resources (hub_id, kind, name, capacity, features) VALUES ($1, $2, $3, $4, $5)
    RETURNING id, hub_id, kind, name, capacity, features, active
    """;
  private static final String RESOURCE =
      """
    SELECT r.id, r.hub_id, r.kind, r.name, r.capacity, r.features, r.active FROM resources r WHERE r.id = $1
    """;
  private static final String UPDATE_RESOURCE =
      """
    UPDATE resources SET name = $2, capacity = $3, features = $4, active = $5, kind = $6, updated_at = now() WHERE id = $1
    RETURNING id, hub_id, kind, name, capacity, features, active
    """;

  private final Pool pool;
  private final Closures closures;
  private final Clock clock;

  HubRoutes(Pool pool, Closures closures, Clock clock) {
    this.pool = pool;
    this.closures = closures;
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
  }

  /** The hub; 404 when there is none. */
  static Future<Hub> load(SqlClient db, UUID id) {
    return db.preparedQuery(ONE).execute(Tuple.of(id)).map(rows -> found(rows, id));
  }

  /**
   * The hub, locked for this transaction (a closure or a change of rules waits for bookings, and
   * they for it).
   */
  static Future<Hub> loadForUpdate(SqlClient db, UUID id) {
    return db.preparedQuery(ONE + " FOR UPDATE").execute(Tuple.of(id)).map(rows -> found(rows, id));
  }

  private static Hub found(io.vertx.sqlclient.RowSet<Row> rows, UUID id) {
    if (rows.size() == 0) {
      throw Problem.notFound("No hub " + id);
    }
    return Hub.of(rows.iterator().next());
  }

  /** GET /hubs: each hub with what is free on the day (today by default, from now on). */
  private Future<Reply> list(RoutingContext rc) {
    String municipality = Validated.query(rc, "municipality");
    Instant now = clock.instant();
    String rawDate = Validated.query(rc, "date");
    return pool.preparedQuery(LIST)
        .execute(Tuple.of(municipality))
        .compose(
            rows -> {
              List<Hub> hubs = new ArrayList<>();
              rows.forEach(r -> hubs.add(Hub.of(r)));
              if (hubs.isEmpty()) {
                return Future.succeededFuture(
                    Reply.ok(new JsonObject().put("items", new JsonArray())));
              }
              // Each hub's day in its own zone; one load covers the union.
              Map<UUID, LocalDate> dates = new java.util.HashMap<>();
              Instant from = null;
              Instant to = null;
              LocalDate first = null;
              LocalDate last = null;
              for (Hub h : hubs) {
                LocalDate d = Intervals.date(rawDate, "date", now.atZone(h.zone()).toLocalDate());
                dates.put(h.id(), d);
                first = first == null || d.isBefore(first) ? d : first;
                last = last == null || d.isAfter(last) ? d : last;
                Span day = OpeningHours.day(d, h.zone());
                from = from == null || day.start().isBefore(from) ? day.start() : from;
                to = to == null || day.end().isAfter(to) ? day.end() : to;
              }
              UUID[] ids = hubs.stream().map(Hub::id).toArray(UUID[]::new);
              return HubDay.load(pool, ids, from, to, first, last, HubDay.Detail.LIVE)
                  .map(
                      day -> {
                        JsonArray items = new JsonArray();
                        for (Hub h : hubs) {
                          LocalDate d = dates.get(h.id());
                          JsonObject free =
                              new JsonObject().put("DESK", 0).put("ROOM", 0).put("PHONE_BOOTH", 0);
                          int total = 0;
                          int freeCount = 0;
                          for (HubDay.Resource r : day.resources(h.id())) {
                            if (!r.active()) {
                              continue;
                            }
                            total++;
                            if (day.hasRoom(h, r, d, now)) {
                              freeCount++;
                              free.put(r.kind(), free.getInteger(r.kind()) + 1);
                            }
                          }
                          JsonArray open = new JsonArray();
                          OpeningHours.openOn(h.openingHours(), h.zone(), d)
                              .forEach(s -> open.add(s.toJson(h.zone())));
                          items.add(
                              h.toJson()
                                  .put(
                                      "day",
                                      new JsonObject()
                                          .put("date", d.toString())
                                          .put("open", open)
                                          .put("resources", total)
                                          .put("freeResources", freeCount)
                                          .put("freeByKind", free)));
                        }
                        return Reply.ok(new JsonObject().put("items", items));
                      });
            });
  }

  private Future<Reply> get(RoutingContext rc) {
    UUID id = Validated.pathUuid(rc, "hubId");
    return load(pool, id)
        .compose(
            hub ->
                Future.all(
                        pool.preparedQuery(HubDay.RESOURCES)
                            .execute(Tuple.of((Object) new UUID[] {id})),
                        pool.preparedQuery(ADMINS).execute(Tuple.of(id)))
                    .map(
                        all -> {
                          JsonArray resources = new JsonArray();
                          for (Row r : all.<io.vertx.sqlclient.RowSet<Row>>resultAt(0)) {
                            resources.add(resource(r));
                          }
                          JsonArray admins = new JsonArray();
                          for (Row a : all.<io.vertx.sqlclient.RowSet<Row>>resultAt(1)) {
                            admins.add(
                                new JsonObject()
                                    .put("id", a.getUUID("id").toString())
                                    .put("name", a.getString("name"))
                                    .put("email", a.getString("email")));
                          }
                          return Reply.ok(
                              hub.toJson().put("resources", resources).put("admins", admins));
                        }));
  }

  private Future<Reply> create(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    if (!me.has(Role.ADMIN)) {
      throw Problem.forbidden("Only admins create hubs");
    }
    JsonObject body = Validated.body(rc);
    String externalId =
        body.getString(
            "externalId", "HUB-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase());
    Hub draft = merge(null, body);
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(INSERT_HUB)
                    .execute(columns(draft, externalId))
                    .compose(
                        rows -> {
                          UUID id = rows.iterator().next().getUUID("id");
                          return AuditLog.write(
                                  conn,
                                  new AuditLog.Entry(
                                      me.id(),
                                      "HUB_CREATED",
                                      "HUB",
                                      id.toString(),
                                      new JsonObject()
                                          .put("name", draft.name())
                                          .put("municipality", draft.municipality())))
                              .map(id);
                        }))
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof PgException pg && "23505".equals(pg.getSqlState())
                        ? Problem.conflict(
                            "hub-exists", "There is already a hub with external id " + externalId)
                        : e))
        .compose(id -> load(pool, id))
        .map(
            h ->
                Reply.created(
                    h.toJson().put("resources", new JsonArray()).put("admins", new JsonArray())));
  }

  private Future<Reply> update(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID id = Validated.pathUuid(rc, "hubId");
    JsonObject body = Validated.body(rc);
    return pool.withTransaction(
            conn ->
                loadForUpdate(conn, id)
                    .compose(
                        hub -> {
                          HubAccess.requireManages(me, id, hub.name());
                          Hub changed = merge(hub, body);
                          return conn.preparedQuery(UPDATE_HUB)
                              .execute(columns(changed, id))
                              .compose(
                                  v ->
                                      AuditLog.write(
                                          conn,
                                          new AuditLog.Entry(
                                              me.id(),
                                              "HUB_UPDATED",
                                              "HUB",
                                              id.toString(),
                                              new JsonObject()
                                                  .put(
                                                      "changed",
                                                      new JsonArray(
                                                          new ArrayList<>(body.fieldNames()))))));
                        }))
        .compose(v -> get(rc));
  }

  /** The hub with the body's fields applied (a new one when hub is null), checked. */
  static Hub merge(Hub hub, JsonObject b) {
    String name = b.getString("name", hub == null ? null : hub.name());
    String municipality = b.getString("municipality", hub == null ? null : hub.municipality());
    if (name == null || name.isBlank()) {
      throw Problem.badRequest("name", "a hub has a name");
    }
    if (municipality == null || municipality.isBlank()) {
      throw Problem.badRequest("municipality", "a hub is in a municipality");
    }
    ZoneId zone;
    try {
      zone =
          b.containsKey("timeZone")
              ? ZoneId.of(b.getString("timeZone"))
              : hub == null ? ZoneId.of("Europe/Stockholm") : hub.zone();
    } catch (DateTimeException e) {
      throw Problem.badRequest("timeZone", "is not a time zone; use a name like Europe/Stockholm");
    }
    JsonObject location = b.containsKey("location") ? b.getJsonObject("location") : null;
    Double lat =
        b.containsKey("location")
            ? location == null ? null : location.getDouble("latitude")
            : hub == null ? null : hub.latitude();
    Double lon =
        b.containsKey("location")
            ? location == null ? null : location.getDouble("longitude")
            : hub == null ? null : hub.longitude();
    JsonObject owner = b.getJsonObject("owner");
    List<WeeklyInterval> opening =
        b.containsKey("openingHours")
            ? WeeklyPattern.fromJson(b.getJsonArray("openingHours"))
            : hub == null
                ? WeeklyPattern.fromConfig(List.of("MONDAY-FRIDAY 07:00-18:00"))
                : hub.openingHours();
    JsonObject r = b.getJsonObject("rules", new JsonObject());
    Hub.Rules old = hub == null ? new Hub.Rules(30, 30, 600, 2, 15, 30, 30) : hub.rules();
    Hub.Rules rules =
        new Hub.Rules(
            r.getInteger("bookingHorizonDays", old.horizonDays()),
            r.getInteger("minBookingMinutes", old.minMinutes()),
            r.getInteger("maxBookingMinutes", old.maxMinutes()),
            r.getInteger("maxBookingsPerDay", old.maxPerDay()),
            r.getInteger("checkInOpensMinutesBefore", old.checkInBeforeMinutes()),
            r.getInteger("checkInClosesMinutesAfter", old.checkInAfterMinutes()),
            r.getInteger("waitlistOfferHoldMinutes", old.offerHoldMinutes()));
    if (rules.minMinutes() > rules.maxMinutes()) {
      throw Problem.badRequest(
          "rules.minBookingMinutes",
          "must not be more than maxBookingMinutes (" + rules.maxMinutes() + ")");
    }
    return new Hub(
        hub == null ? null : hub.id(),
        hub == null ? null : hub.externalId(),
        name.strip(),
        municipality.strip(),
        b.getString("address", hub == null ? "" : hub.address()),
        lat,
        lon,
        zone,
        owner == null ? hub == null ? "REGION" : hub.ownerKind() : owner.getString("kind"),
        owner == null
            ? hub == null ? "Region Jämtland Härjedalen" : hub.ownerName()
            : owner.getString("name"),
        b.containsKey("description")
            ? b.getString("description")
            : hub == null ? null : hub.description(),
        opening,
        rules);
  }

  /** $1..$18 of INSERT_HUB and UPDATE_HUB ($1 the external id there, the hub id here). */
  private static Tuple columns(Hub h, Object first) {
    Hub.Rules r = h.rules();
    return Tuple.tuple()
        .addValue(first)
        .addValue(h.name())
        .addValue(h.municipality())
        .addValue(h.address())
        .addValue(h.latitude())
        .addValue(h.longitude())
        .addValue(h.zone().getId())
        .addValue(h.ownerKind())
        .addValue(h.ownerName())
        .addValue(h.description())
        .addValue(WeeklyPattern.toJson(h.openingHours()))
        .addValue(r.horizonDays())
        .addValue(r.minMinutes())
        .addValue(r.maxMinutes())
        .addValue(r.maxPerDay())
        .addValue(r.checkInBeforeMinutes())
        .addValue(r.checkInAfterMinutes())
        .addValue(r.offerHoldMinutes());
  }

  private Future<Reply> addAdmin(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID hubId = Validated.pathUuid(rc, "hubId");
    UUID employee = UUID.fromString(Validated.body(rc).getString("employeeId"));
    if (!me.has(Role.ADMIN)) {
      throw Problem.forbidden("Only admins name hub administrators");
    }
    return load(pool, hubId)
        .compose(
            hub ->
                pool.withTransaction(
                    conn ->
                        conn.preparedQuery(EMPLOYEE)
                            .execute(Tuple.of(employee))
                            .compose(
                                rows -> {
                                  if (rows.size() == 0) {
                                    throw Problem.rule(
                                        "unknown-employee",
                                        "There is no active employee " + employee);
                                  }
                                  return conn.preparedQuery(GRANT)
                                      .execute(Tuple.of(employee, hubId));
                                })
                            .compose(
                                v ->
                                    AuditLog.write(
                                        conn,
                                        new AuditLog.Entry(
                                            me.id(),
                                            "ROLE_GRANTED",
                                            "EMPLOYEE",
                                            employee.toString(),
                                            new JsonObject()
                                                .put("role", "HUB_ADMIN")
                                                .put("hub", hub.name()))))))
        .compose(v -> get(rc))
        .map(reply -> Reply.created(reply.body()));
  }

  private Future<Reply> removeAdmin(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID hubId = Validated.pathUuid(rc, "hubId");
    UUID employee = Validated.pathUuid(rc, "employeeId");
    if (!me.has(Role.ADMIN)) {
      throw Problem.forbidden("Only admins name hub administrators");
    }
    return load(pool, hubId)
        .compose(
            hub ->
                pool.withTransaction(
                    conn ->
                        conn.preparedQuery(REVOKE)
                            .execute(Tuple.of(employee, hubId))
                            .compose(
                                rows -> {
                                  if (rows.size() == 0) {
                                    throw Problem.notFound(
                                        "Employee "
                                            + employee
                                            + " does not administer "
                                            + hub.name());
                                  }
                                  return AuditLog.write(
                                      conn,
                                      new AuditLog.Entry(
                                          me.id(),
                                          "ROLE_REVOKED",
                                          "EMPLOYEE",
                                          employee.toString(),
                                          new JsonObject()
                                              .put("role", "HUB_ADMIN")
                                              .put("hub", hub.name())));
                                })))
        .map(v -> Reply.noContent());
  }

  private Future<Reply> createResource(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID hubId = Validated.pathUuid(rc, "hubId");
    JsonObject b = Validated.body(rc);
    String name = b.getString("name").strip();
    if (name.isEmpty()) {
      throw Problem.badRequest("name", "a resource has a name");
    }
    return load(pool, hubId)
        .compose(
            hub -> {
              HubAccess.requireManages(me, hubId, hub.name());
              return pool.withTransaction(
                      conn ->
                          conn.preparedQuery(INSERT_RESOURCE)
                              .execute(
                                  Tuple.of(
                                      hubId,
                                      b.getString("kind"),
                                      name,
                                      b.getInteger("capacity", 1),
                                      features(b)))
                              .compose(
                                  rows ->
                                      AuditLog.write(
                                              conn,
                                              new AuditLog.Entry(
                                                  me.id(),
                                                  "RESOURCE_CREATED",
                                                  "HUB",
                                                  hubId.toString(),
                                                  new JsonObject().put("resource", name)))
                                          .map(rows.iterator().next())))
                  .recover(
                      e ->
                          Future.failedFuture(
                              e instanceof PgException pg && "23505".equals(pg.getSqlState())
                                  ? Problem.conflict(
                                      "resource-exists",
                                      hub.name() + " already has a resource named " + name)
                                  : e));
            })
        .map(r -> Reply.created(resource(r)));
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
            conn ->
                conn.preparedQuery(RESOURCE + " FOR UPDATE")
                    .execute(Tuple.of(id))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            throw Problem.notFound("No resource " + id);
                          }
                          Row old = rows.iterator().next();
                          UUID hubId = old.getUUID("hub_id");
                          return load(conn, hubId)
                              .compose(
                                  hub -> {
                                    if (!HubAccess.manages(me, hubId)) {
                                      throw Problem.forbidden(
                                          "You do not administer "
                                              + hub.name()
                                              + "; hub administrators manage their own hubs");
                                    }
                                    String name =
                                        b.getString("name", old.getString("name")).strip();
                                    if (name.isEmpty()) {
                                      throw Problem.badRequest("name", "a resource has a name");
                                    }
                                    boolean active =
                                        b.getBoolean("active", old.getBoolean("active"));
                                    String reason = b.getString("reason");
                                    Future<Integer> cancelled = Future.succeededFuture(0);
                                    if (old.getBoolean("active") && !active) {
                                      if (reason == null || reason.isBlank()) {
                                        throw Problem.badRequest(
                                            "reason",
                                            "taking a resource out of use cancels its bookings; say why, the bookers are told");
                                      }
                                      Instant now = clock.instant();
                                      cancelled =
                                          closures.cancelOverlapping(
                                              conn,
                                              hub,
                                              id,
                                              new Span(
                                                  now, now.plus(java.time.Duration.ofDays(3660))),
                                              me.id(),
                                              reason.strip());
                                    }
                                    return cancelled
                                        .compose(
                                            n ->
                                                conn.preparedQuery(UPDATE_RESOURCE)
                                                    .execute(
                                                        Tuple.of(
                                                            id,
                                                            name,
                                                            b.getInteger(
                                                                "capacity",
                                                                old.getInteger("capacity")),
                                                            b.containsKey("features")
                                                                ? features(b)
                                                                : old.getArrayOfStrings("features"),
                                                            active,
                                                            b.getString(
                                                                "kind", old.getString("kind"))))
                                                    .compose(
                                                        updated ->
                                                            AuditLog.write(
                                                                    conn,
                                                                    new AuditLog.Entry(
                                                                        me.id(),
                                                                        "RESOURCE_UPDATED",
                                                                        "HUB",
                                                                        hubId.toString(),
                                                                        new JsonObject()
                                                                            .put("resource", name)
                                                                            .put("active", active)
                                                                            .put(
                                                                                "cancelledBookings",
                                                                                n)))
                                                                .map(
                                                                    resource(
                                                                            updated
                                                                                .iterator()
                                                                                .next())
                                                                        .put(
                                                                            "cancelledBookings",
                                                                            n))))
                                        .recover(
                                            e ->
                                                Future.failedFuture(
                                                    e instanceof PgException pg
                                                            && "23505".equals(pg.getSqlState())
                                                        ? Problem.conflict(
                                                            "resource-exists",
                                                            hub.name()
                                                                + " already has a resource named "
                                                                + name)
                                                        : e));
                                  });
                        }))
        .map(Reply::ok);
  }

  private static String[] features(JsonObject b) {
    return b.getJsonArray("features", new JsonArray()).stream()
        .map(String::valueOf)
        .distinct()
        .toArray(String[]::new);
  }

  static JsonObject resource(Row r) {
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("hubId", r.getUUID("hub_id").toString())
        .put("kind", r.getString("kind"))
        .put("name", r.getString("name"))
        .put("capacity", r.getInteger("capacity"))
        .put("features", new JsonArray(List.of(r.getArrayOfStrings("features"))))
        .put("active", r.getBoolean("active"));
  }
}
