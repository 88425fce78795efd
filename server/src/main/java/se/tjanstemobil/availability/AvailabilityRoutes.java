package se.tjanstemobil.availability;

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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.http.Page;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.org.EmployeeDirectory;

/**
 * An employee's own availability: the weekly pattern, dated shifts, on-call and absences,
 * do-not-disturb, notification preferences, and the log of messages that broke through. Every
 * change moves the pushes already held for them to their new next reachable time. SQL in {@link
 * AvailabilityStore}, JSON in {@link AvailabilityJson}.
 */
final class AvailabilityRoutes {

  /**
   * The longest dated period an employee registers themselves (a long leave comes from the import).
   */
  static final Duration LONGEST_PERIOD = Duration.ofDays(400);

  /** Do-not-disturb is for a while, not a way to switch the phone off for good. */
  static final Duration LONGEST_DND = Duration.ofDays(14);

  /** CRISIS messages cannot be muted. */
  static final String UNMUTABLE = "CRISIS";

  private final Pool pool;
  private final Profiles profiles;
  private final AvailabilityChanges changes;
  private final Clock clock;
  private final ProfileCache cache;
  private final AvailabilityStore store = new AvailabilityStore();

  AvailabilityRoutes(Pool pool, Profiles profiles, AvailabilityChanges changes, Clock clock) {
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
    return profiles
        .load(pool, new UUID[] {employee}, now)
        .compose(
            loaded ->
                store
                    .periods(pool, employee, now.atOffset(ZoneOffset.UTC))
                    .map(periods -> AvailabilityJson.view(loaded.get(employee), periods, now)));
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
      throw Problem.badRequest("useDefault", Text.of("availability.weekly.defaultOrOwn"));
    }
    if (!useDefault && !body.containsKey("weekly")) {
      throw Problem.badRequest("weekly", Text.of("availability.weekly.required"));
    }
    JsonArray weekly = body.getJsonArray("weekly");
    String mode = body.getString("mode", "WEEKLY");
    if (weekly != null) {
      // Normalised through the parser: HH:MM, sorted, the shape the API returns.
      weekly = WeeklyPattern.toJson(WeeklyPattern.fromJson(weekly));
    }
    JsonArray stored = weekly;
    return change(me.id(), tx -> store.setWeekly(tx, me.id(), stored, mode)).map(Reply::ok);
  }

  private Future<Reply> addPeriod(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    AvailabilityStore.NewPeriod period = newPeriod(me.id(), Validated.body(rc));
    return pool.withTransaction(
            tx ->
                store
                    .insertPeriod(tx, period)
                    .compose(added -> changes.changed(tx, new UUID[] {me.id()}).map(added)))
        .onSuccess(v -> cache.invalidate(me.id()))
        .map(added -> Reply.created(AvailabilityJson.period(added)));
  }

  /** The period the body asks for: in order, not too long, an absence type only for an absence. */
  private static AvailabilityStore.NewPeriod newPeriod(UUID employee, JsonObject body) {
    OffsetDateTime start = Validated.requiredTime(body, "start");
    OffsetDateTime end = Validated.requiredTime(body, "end");
    if (!end.isAfter(start)) {
      throw Problem.badRequest("end", Text.of("availability.period.endNotAfterStart"));
    }
    if (Duration.between(start, end).compareTo(LONGEST_PERIOD) > 0) {
      throw Problem.rule(
          "period-too-long", Text.of("availability.period.tooLong", LONGEST_PERIOD.toDays()));
    }
    String kind = body.getString("kind");
    String absenceType = body.getString("absenceType");
    if (absenceType != null && !"ABSENCE".equals(kind)) {
      throw Problem.badRequest(
          "absenceType", Text.of("availability.period.absenceTypeOnlyForAbsence"));
    }
    return new AvailabilityStore.NewPeriod(
        employee,
        kind,
        "ABSENCE".equals(kind) && absenceType == null ? "OTHER" : absenceType,
        start,
        end,
        body.getString("note"));
  }

  private Future<Reply> deletePeriod(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID id = Validated.pathUuid(rc, "periodId");
    return pool.withTransaction(
            tx ->
                store
                    .periodSource(tx, id, me.id())
                    .map(AvailabilityRoutes::deletable)
                    .compose(v -> store.deletePeriod(tx, id, me.id()))
                    .compose(v -> changes.changed(tx, new UUID[] {me.id()})))
        .onSuccess(v -> cache.invalidate(me.id()))
        .map(v -> Reply.noContent());
  }

  /** The employee's own period, not one the scheduling system owns. */
  private static Void deletable(Optional<String> source) {
    if (source.isEmpty()) {
      throw Problem.notFound(Text.of("availability.period.notFound"));
    }
    if ("IMPORT".equals(source.get())) {
      throw Problem.conflict("period-imported", Text.of("availability.period.imported"));
    }
    return null;
  }

  private Future<Reply> putDnd(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    OffsetDateTime until = Validated.requiredTime(Validated.body(rc), "until");
    Instant now = clock.instant();
    if (!until.toInstant().isAfter(now)) {
      throw Problem.badRequest("until", Text.of("availability.dnd.untilNotAhead"));
    }
    if (Duration.between(now, until.toInstant()).compareTo(LONGEST_DND) > 0) {
      throw Problem.rule("dnd-too-long", Text.of("availability.dnd.tooLong", LONGEST_DND.toDays()));
    }
    return change(me.id(), tx -> store.setDoNotDisturb(tx, me.id(), until)).map(Reply::ok);
  }

  private Future<Reply> endDnd(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    return change(me.id(), tx -> store.setDoNotDisturb(tx, me.id(), null)).map(Reply::ok);
  }

  private Future<Reply> putPreferences(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    JsonObject body = Validated.body(rc);
    String[] muted = mutedCategories(body);
    return change(me.id(), tx -> setPreferences(tx, me.id(), body, muted))
        .map(view -> Reply.ok(view.getJsonObject("preferences")));
  }

  /** The muted categories asked for, sorted (null: not in the body); CRISIS cannot be muted. */
  private static String[] mutedCategories(JsonObject body) {
    if (!body.containsKey("mutedCategories")) {
      return null;
    }
    Set<String> set = new HashSet<>();
    body.getJsonArray("mutedCategories").forEach(c -> set.add((String) c));
    if (set.contains(UNMUTABLE)) {
      throw Problem.rule(
          "crisis-not-mutable", Text.of("availability.preferences.crisisNotMutable"));
    }
    return set.stream().sorted().toArray(String[]::new);
  }

  private Future<Void> setPreferences(
      SqlClient tx, UUID employee, JsonObject body, String[] muted) {
    String locale = body.getString("locale");
    return store
        .setPreferences(
            tx, employee, body.getBoolean("digest"), body.getBoolean("hideOutsideHours"), muted)
        // The language is the employee's (org's table): org writes it.
        .compose(
            v ->
                locale == null
                    ? Future.succeededFuture()
                    : EmployeeDirectory.setLocale(tx, employee, locale));
  }

  private Future<Reply> afterHoursLog(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    Page page = Page.of(rc);
    Page.TimeAndId after = page.afterTimeAndId();
    // One more than a page: whether there is a next page at all.
    return store
        .afterHoursLog(pool, me.id(), after.at(), after.id(), page.limit() + 1)
        .map(log -> Reply.ok(logPage(page, log)));
  }

  private static JsonObject logPage(Page page, List<AvailabilityStore.BreakThrough> log) {
    List<AvailabilityStore.BreakThrough> shown = log.subList(0, Math.min(log.size(), page.limit()));
    JsonArray items = new JsonArray();
    shown.forEach(b -> items.add(AvailabilityJson.breakThrough(b)));
    AvailabilityStore.BreakThrough last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
    return page.body(
        items, log.size() > page.limit() ? Page.TimeAndId.of(last.at(), last.messageId()) : null);
  }

  /** A change to the profile row, then held pushes re-planned, then the new view. */
  private Future<JsonObject> change(UUID employee, Function<SqlClient, Future<?>> update) {
    return pool.withTransaction(
            tx ->
                store
                    .ensureProfile(tx, employee)
                    .compose(v -> update.apply(tx))
                    .compose(v -> changes.changed(tx, new UUID[] {employee})))
        .compose(
            v -> {
              cache.invalidate(employee);
              return view(employee);
            });
  }
}
