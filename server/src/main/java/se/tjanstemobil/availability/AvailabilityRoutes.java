package se.tjanstemobil.availability;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.http.Page;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Times;
import se.tjanstemobil.http.Validated;

/**
 * An employee's own availability: the weekly pattern, dated shifts, on-call and absences,
 * do-not-disturb, notification preferences, and the log of messages that broke through. Every
 * change moves the pushes already held for them to their new next reachable time.
 */
public final class AvailabilityRoutes {

  /**
   * The longest dated period an employee registers themselves (a long leave comes from the import).
   */
  static final Duration LONGEST_PERIOD = Duration.ofDays(400);

  /** Do-not-disturb is for a while, not a way to switch the phone off for good. */
  static final Duration LONGEST_DND = Duration.ofDays(14);

  /** CRISIS messages cannot be muted. */
  static final String UNMUTABLE = "CRISIS";

  private static final String PERIODS =
      """
    SELECT id, kind, absence_type, start_at, end_at, source, note FROM availability_periods
    WHERE employee_id = $1 AND end_at > $2 ORDER BY start_at, id LIMIT 200
    """;
  private static final String ENSURE_PROFILE =
      "INSERT INTO availability_profiles (employee_id) VALUES ($1) ON CONFLICT (employee_id) DO NOTHING";
  private static final String SET_WEEKLY =
      "UPDATE availability_profiles SET weekly = $2, mode = $3, updated_at = now() WHERE employee_id = $1";
  private static final String SET_DND =
      "UPDATE availability_profiles SET dnd_until = $2, updated_at = now() WHERE employee_id = $1";
  private static final String SET_PREFERENCES =
      """
    UPDATE availability_profiles SET digest = coalesce($2, digest), hide_outside_hours = coalesce($3, hide_outside_hours),
      muted_categories = coalesce($4, muted_categories), updated_at = now()
    WHERE employee_id = $1
    """;
  private static final String SET_LOCALE =
      "UPDATE employees SET locale = $2, updated_at = now() WHERE id = $1";
  private static final String INSERT_PERIOD =
      """
    INSERT INTO availability_periods (employee_id, kind, absence_type, start_at, end_at, note)
    VALUES ($1, $2, $3, $4, $5, $6)
    RETURNING id, kind, absence_type, start_at, end_at, source, note
    """;
  private static final String FIND_PERIOD =
      "SELECT source FROM availability_periods WHERE id = $1 AND employee_id = $2";
  private static final String DELETE_PERIOD =
      "DELETE FROM availability_periods WHERE id = $1 AND employee_id = $2";
  private static final String AFTER_HOURS_LOG =
      """
    SELECT b.message_id, b.passed, b.at, m.title, m.category, m.urgent_reason, s.id AS sender_id, s.name AS sender_name
    FROM break_throughs b JOIN messages m ON m.id = b.message_id JOIN employees s ON s.id = b.sender_id
    WHERE b.employee_id = $1 AND ($2::timestamptz IS NULL OR (b.at, b.message_id) < ($2, $3::uuid))
    ORDER BY b.at DESC, b.message_id DESC
    LIMIT $4
    """;

  private final Pool pool;
  private final Profiles profiles;
  private final AvailabilityChanges changes;
  private final Clock clock;
  private final ProfileCache cache;

  public AvailabilityRoutes(
      Pool pool, Profiles profiles, AvailabilityChanges changes, Clock clock) {
    this.pool = pool;
    this.profiles = profiles;
    this.clock = clock;
    this.changes = changes;
    this.cache = new ProfileCache(profiles, clock);
  }

  public void mount(RouterBuilder builder) {
    builder
        .getRoute("getMyAvailability")
        .addHandler(Responses.handle(rc -> view(AuthHandler.principal(rc).id()).map(Reply::ok)));
    builder.getRoute("putMyWeeklyPattern").addHandler(Responses.handle(this::putWeekly));
    builder.getRoute("addMyAvailabilityPeriod").addHandler(Responses.handle(this::addPeriod));
    builder.getRoute("deleteMyAvailabilityPeriod").addHandler(Responses.handle(this::deletePeriod));
    builder.getRoute("putMyDoNotDisturb").addHandler(Responses.handle(this::putDnd));
    builder.getRoute("endMyDoNotDisturb").addHandler(Responses.handle(this::endDnd));
    builder.getRoute("putMyPreferences").addHandler(Responses.handle(this::putPreferences));
    builder.getRoute("getMyAfterHoursLog").addHandler(Responses.handle(this::afterHoursLog));
  }

  /** GET /me/availability: everything, and whether I am reachable now, why, and until when. */
  public Future<JsonObject> view(UUID employee) {
    Instant now = clock.instant();
    OffsetDateTime nowUtc = now.atOffset(ZoneOffset.UTC);
    return profiles
        .load(pool, new UUID[] {employee}, now)
        .compose(
            loaded ->
                pool.preparedQuery(PERIODS)
                    .execute(Tuple.of(employee, nowUtc))
                    .map(
                        rows -> {
                          Profiles.Profile p = loaded.get(employee);
                          JsonArray periods = new JsonArray();
                          rows.forEach(r -> periods.add(period(r)));
                          Status status = AvailabilityRules.statusAt(p.schedule(), now);
                          return new JsonObject()
                              .put("timeZone", p.zone().getId())
                              .put("mode", p.schedule().mode().name())
                              .put("weekly", WeeklyPattern.toJson(p.schedule().weekly()))
                              .put("weeklyIsDefault", !p.customWeekly())
                              .put("periods", periods)
                              .put(
                                  "dndUntil",
                                  p.schedule().dndUntil() == null
                                          || !p.schedule().dndUntil().isAfter(now)
                                      ? null
                                      : Times.format(
                                          p.schedule().dndUntil().atOffset(ZoneOffset.UTC)))
                              .put(
                                  "preferences",
                                  new JsonObject()
                                      .put("digest", p.digest())
                                      .put("hideOutsideHours", p.hideOutsideHours())
                                      .put(
                                          "mutedCategories",
                                          new JsonArray(
                                              p.mutedCategories().stream().sorted().toList()))
                                      .put("locale", p.locale()))
                              .put("now", now(status, p, now));
                        }));
  }

  /**
   * Drops these employees' cached answers; every writer of availability calls it after committing.
   */
  public void forget(UUID... employees) {
    cache.invalidate(employees);
  }

  /** GET /me's reachableNow: whether I am reachable now, why and until when. */
  public Future<JsonObject> reachableNow(UUID employee) {
    return cache.now(pool, employee);
  }

  /** The `now` block, also in GET /me as reachableNow. */
  public static JsonObject now(Status status, Profiles.Profile p, Instant now) {
    return new JsonObject()
        .put("reachable", status.reachable())
        .put("reason", status.reason().name())
        .put(
            "until",
            status.until() == null ? null : Times.format(status.until().atOffset(ZoneOffset.UTC)))
        .put("text", AvailabilityTexts.summary(status, p.locale(), p.zone(), now));
  }

  /**
   * PUT /me/availability/weekly: my own pattern, or back to the organisation's default with
   * `useDefault: true` (or `weekly: null`, the older form, which a generated client cannot send: it
   * drops nulls). An empty list is a pattern too: no working hours at all.
   */
  private Future<Reply> putWeekly(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    JsonObject body = Validated.body(rc);
    boolean useDefault = body.getBoolean("useDefault", false);
    if (useDefault && body.getValue("weekly") != null) {
      throw Problem.badRequest(
          "useDefault", "the organisation's default replaces the weekly pattern; send one of them");
    }
    if (!useDefault && !body.containsKey("weekly")) {
      throw Problem.badRequest(
          "weekly",
          "is required: my intervals, or useDefault: true for the organisation's default");
    }
    JsonArray weekly = body.getJsonArray("weekly");
    String mode = body.getString("mode", "WEEKLY");
    if (weekly != null) {
      // Normalised through the parser: HH:MM, sorted, the shape the API returns.
      weekly = WeeklyPattern.toJson(WeeklyPattern.fromJson(weekly));
    }
    JsonArray stored = weekly;
    return change(
        me.id(), tx -> tx.preparedQuery(SET_WEEKLY).execute(Tuple.of(me.id(), stored, mode)));
  }

  private Future<Reply> addPeriod(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    JsonObject body = Validated.body(rc);
    OffsetDateTime start = Validated.requiredTime(body, "start");
    OffsetDateTime end = Validated.requiredTime(body, "end");
    if (!end.isAfter(start)) {
      throw Problem.badRequest("end", "must be after start");
    }
    if (Duration.between(start, end).compareTo(LONGEST_PERIOD) > 0) {
      throw Problem.rule(
          "period-too-long",
          "A period may be at most "
              + LONGEST_PERIOD.toDays()
              + " days; longer leave comes from the scheduling system");
    }
    String kind = body.getString("kind");
    String absenceType = body.getString("absenceType");
    if (absenceType != null && !"ABSENCE".equals(kind)) {
      throw Problem.badRequest("absenceType", "only an ABSENCE has an absence type");
    }
    Tuple args =
        Tuple.of(
            me.id(),
            kind,
            "ABSENCE".equals(kind) && absenceType == null ? "OTHER" : absenceType,
            start,
            end,
            body.getString("note"));
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(INSERT_PERIOD)
                    .execute(args)
                    .compose(
                        rows ->
                            changes
                                .changed(tx, new UUID[] {me.id()})
                                .map(v -> Reply.created(period(rows.iterator().next())))))
        .onSuccess(v -> cache.invalidate(me.id()));
  }

  private Future<Reply> deletePeriod(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID id = Validated.pathUuid(rc, "periodId");
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(FIND_PERIOD)
                    .execute(Tuple.of(id, me.id()))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            throw Problem.notFound("You have no availability period " + id);
                          }
                          if ("IMPORT".equals(rows.iterator().next().getString("source"))) {
                            throw Problem.conflict(
                                "period-imported",
                                "This period comes from the scheduling system; change it there (the next import updates it here)");
                          }
                          return tx.preparedQuery(DELETE_PERIOD)
                              .execute(Tuple.of(id, me.id()))
                              .compose(v -> changes.changed(tx, new UUID[] {me.id()}))
                              .map(v -> Reply.noContent());
                        }))
        .onSuccess(v -> cache.invalidate(me.id()));
  }

  private Future<Reply> putDnd(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    OffsetDateTime until = Validated.requiredTime(Validated.body(rc), "until");
    Instant now = clock.instant();
    if (!until.toInstant().isAfter(now)) {
      throw Problem.badRequest("until", "must be in the future");
    }
    if (Duration.between(now, until.toInstant()).compareTo(LONGEST_DND) > 0) {
      throw Problem.rule(
          "dnd-too-long",
          "Do-not-disturb lasts at most "
              + LONGEST_DND.toDays()
              + " days; register an absence for longer");
    }
    return change(me.id(), tx -> tx.preparedQuery(SET_DND).execute(Tuple.of(me.id(), until)));
  }

  private Future<Reply> endDnd(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    return change(
        me.id(),
        tx -> tx.preparedQuery(SET_DND).execute(Tuple.tuple().addValue(me.id()).addValue(null)));
  }

  private Future<Reply> putPreferences(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    JsonObject body = Validated.body(rc);
    String[] muted = null;
    if (body.containsKey("mutedCategories")) {
      Set<String> set = new HashSet<>();
      body.getJsonArray("mutedCategories").forEach(c -> set.add((String) c));
      if (set.contains(UNMUTABLE)) {
        throw Problem.rule("crisis-not-mutable", "CRISIS messages cannot be muted");
      }
      muted = set.stream().sorted().toArray(String[]::new);
    }
    Tuple args =
        Tuple.tuple()
            .addValue(me.id())
            .addValue(body.getBoolean("digest"))
            .addValue(body.getBoolean("hideOutsideHours"))
            .addValue(muted);
    String locale = body.getString("locale");
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(ENSURE_PROFILE)
                    .execute(Tuple.of(me.id()))
                    .compose(v -> tx.preparedQuery(SET_PREFERENCES).execute(args))
                    .compose(
                        v ->
                            locale == null
                                ? Future.succeededFuture()
                                : tx.preparedQuery(SET_LOCALE).execute(Tuple.of(me.id(), locale)))
                    .compose(v -> changes.changed(tx, new UUID[] {me.id()})))
        .compose(
            v -> {
              cache.invalidate(me.id());
              return view(me.id());
            })
        .map(v -> Reply.ok(v.getJsonObject("preferences")));
  }

  private Future<Reply> afterHoursLog(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    Page page = Page.of(rc);
    Page.TimeAndId after = page.afterTimeAndId();
    return pool.preparedQuery(AFTER_HOURS_LOG)
        .execute(Tuple.of(me.id(), after.at(), after.id(), page.limit() + 1))
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              JsonObject last = null;
              for (Row r : rows) {
                if (items.size() == page.limit()) {
                  break;
                }
                items.add(
                    new JsonObject()
                        .put("messageId", r.getUUID("message_id").toString())
                        .put("title", r.getString("title"))
                        .put("category", r.getString("category"))
                        .put(
                            "sender",
                            new JsonObject()
                                .put("id", r.getUUID("sender_id").toString())
                                .put("name", r.getString("sender_name")))
                        .put("reason", r.getString("urgent_reason"))
                        .put("passed", r.getString("passed"))
                        .put("at", Times.format(r.getOffsetDateTime("at"))));
                last = Page.TimeAndId.of(r.getOffsetDateTime("at"), r.getUUID("message_id"));
              }
              return Reply.ok(page.body(items, rows.size() > page.limit() ? last : null));
            });
  }

  /** A change to the profile row, then held pushes re-planned, then the new view. */
  private Future<Reply> change(
      UUID employee, java.util.function.Function<SqlClient, Future<?>> update) {
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(ENSURE_PROFILE)
                    .execute(Tuple.of(employee))
                    .compose(v -> update.apply(tx))
                    .compose(v -> changes.changed(tx, new UUID[] {employee})))
        .compose(
            v -> {
              cache.invalidate(employee);
              return view(employee);
            })
        .map(Reply::ok);
  }

  static JsonObject period(Row r) {
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("kind", r.getString("kind"))
        .put("absenceType", r.getString("absence_type"))
        .put("start", Times.format(r.getOffsetDateTime("start_at")))
        .put("end", Times.format(r.getOffsetDateTime("end_at")))
        .put("source", r.getString("source"))
        .put("note", r.getString("note"));
  }
}
