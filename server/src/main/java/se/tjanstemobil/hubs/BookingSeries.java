package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.db.SqlErrors;
import se.tjanstemobil.events.Events;
import se.tjanstemobil.http.Idempotency;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Language;

/**
 * Recurring bookings: a weekly pattern over a date range, booked occurrence by occurrence with the
 * same rules as a single booking, and a result per date (booked, or why not). One occurrence is
 * cancelled like any booking; the rest of a series from a date on with DELETE on the series.
 */
final class BookingSeries {

  /** A series spans at most this long; the hub's booking horizon usually ends it sooner. */
  static final int LONGEST_DAYS = 184;

  private static final String HUB_OF_RESOURCE =
      "SELECT " + Hub.COLUMNS + " FROM resources r JOIN hubs h ON h.id = r.hub_id WHERE r.id = $1";
  private static final String INSERT =
      """
    INSERT INTO booking_series (employee_id, resource_id, weekdays, start_time, end_time, from_date, to_date, idempotency_key, request_hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id
    """;
  private static final String SAVE_RESULTS = "UPDATE booking_series SET results = $2 WHERE id = $1";
  private static final String BY_KEY =
      "SELECT id, request_hash FROM booking_series WHERE employee_id = $1 AND idempotency_key = $2";
  private static final String ONE =
      """
    SELECT s.id, s.employee_id, s.resource_id, s.weekdays, s.start_time, s.end_time, s.from_date, s.to_date, s.results, s.created_at
    FROM booking_series s WHERE s.id = $1
    """;
  private static final String OCCURRENCES =
      BookingView.SELECT + " WHERE b.series_id = $1 ORDER BY lower(b.period)";
  private static final String CANCEL_REST =
      """
    UPDATE bookings SET status = 'CANCELLED', cancelled_at = $3, cancelled_by = employee_id, cancel_reason = 'Series cancelled'
    WHERE series_id = $1 AND local_date >= $2 AND status IN ('OFFERED', 'BOOKED') AND upper(period) > $3
    RETURNING id, hub_id
    """;

  private final Pool pool;
  private final Booker booker;
  private final Waitlist waitlist;
  private final Clock clock;

  BookingSeries(Pool pool, Booker booker, Waitlist waitlist, Clock clock) {
    this.pool = pool;
    this.booker = booker;
    this.waitlist = waitlist;
    this.clock = clock;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("createBookingSeries").addHandler(Responses.handle(this::create));
    builder
        .getRoute("getBookingSeries")
        .addHandler(Responses.handle(rc -> mine(rc).compose(this::view).map(Reply::ok)));
    builder.getRoute("cancelBookingSeries").addHandler(Responses.handle(this::cancelRest));
  }

  private Future<Reply> create(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    JsonObject b = Validated.body(rc);
    SeriesBooking series = new SeriesBooking(me.id(), Language.of(me.locale()), b);
    String key = rc.request().getHeader("Idempotency-Key");
    String hash = Idempotency.hash(b);
    Supplier<Future<UUID>> earlier =
        () -> Idempotency.earlier(pool, BY_KEY, me.id(), key, hash, "series");
    return earlier
        .get()
        .compose(
            replayed ->
                replayed != null
                    ? Future.succeededFuture(replayed)
                    : series
                        .run(key, hash)
                        // The same key twice at once: the other request's series.
                        .recover(
                            e ->
                                key != null && SqlErrors.isUniqueViolation(e)
                                    ? earlier.get()
                                    : Future.failedFuture(e)))
        .compose(this::view)
        .map(Reply::created);
  }

  /**
   * One series being booked: the hub of the resource, the series row, each date in turn (booked, or
   * skipped with the problem that said why), the results saved.
   */
  private final class SeriesBooking {
    private final UUID employee;
    private final Language language; // the booker's: the skipped dates' problems are kept in it
    private final UUID resource;
    private final LocalDate from;
    private final LocalDate to;
    private final LocalTime start;
    private final LocalTime end;
    private final Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    private final JsonArray results = new JsonArray();
    private Hub hub;
    private UUID id;

    SeriesBooking(UUID employee, Language language, JsonObject b) {
      this.employee = employee;
      this.language = language;
      this.resource = UUID.fromString(b.getString("resourceId"));
      this.from = Intervals.date(b.getString("from"), "from", null);
      this.to = Intervals.date(b.getString("to"), "to", null);
      this.start = LocalTime.parse(b.getString("startTime"));
      this.end = LocalTime.parse(b.getString("endTime"));
      if (to.isBefore(from)) {
        throw Problem.badRequest("to", "must be on or after from");
      }
      if (ChronoUnit.DAYS.between(from, to) > LONGEST_DAYS) {
        throw Problem.badRequest("to", "a series spans at most " + LONGEST_DAYS + " days");
      }
      if (!end.isAfter(start)) {
        throw Problem.badRequest(
            "endTime", "must be after startTime (an occurrence is within one day)");
      }
      b.getJsonArray("weekdays").forEach(d -> days.add(DayOfWeek.valueOf((String) d)));
    }

    Future<UUID> run(String key, String hash) {
      return pool.preparedQuery(HUB_OF_RESOURCE)
          .execute(Tuple.of(resource))
          .compose(rows -> insert(rows, key, hash))
          .compose(v -> bookEachDate())
          .compose(v -> pool.preparedQuery(SAVE_RESULTS).execute(Tuple.of(id, results)))
          .map(v -> id);
    }

    private Future<Void> insert(RowSet<Row> rows, String key, String hash) {
      if (rows.size() == 0) {
        throw Problem.rule("unknown-resource", "There is no resource " + resource);
      }
      hub = Hub.of(rows.iterator().next());
      return pool.preparedQuery(INSERT)
          .execute(
              Tuple.tuple()
                  .addValue(employee)
                  .addValue(resource)
                  .addValue(days.stream().map(Enum::name).toArray(String[]::new))
                  .addValue(start)
                  .addValue(end)
                  .addValue(from)
                  .addValue(to)
                  .addValue(key)
                  .addValue(hash))
          .map(
              ins -> {
                id = ins.iterator().next().getUUID("id");
                return null;
              });
    }

    /** The dates one after the other (each books like a single booking, in its own transaction). */
    private Future<Void> bookEachDate() {
      Future<Void> chain = Future.succeededFuture();
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        if (days.contains(d.getDayOfWeek())) {
          LocalDate date = d;
          chain = chain.compose(v -> book(date));
        }
      }
      return chain;
    }

    private Future<Void> book(LocalDate date) {
      Span span =
          new Span(
              date.atTime(start).atZone(hub.zone()).toInstant(),
              date.atTime(end).atZone(hub.zone()).toInstant());
      return booker
          .book(new Booker.Request(employee, resource, span, id, null, null))
          .map(
              booking ->
                  results.add(
                      new JsonObject()
                          .put("date", date.toString())
                          .put("status", BookingStatus.BOOKED.name())
                          .put("bookingId", booking.toString())))
          .recover(
              e ->
                  e instanceof Problem p
                      ? Future.succeededFuture(results.add(skipped(date, p.toJson(null, language))))
                      : Future.failedFuture(e))
          .mapEmpty();
    }

    private JsonObject skipped(LocalDate date, JsonObject problem) {
      return new JsonObject()
          .put("date", date.toString())
          .put("status", "SKIPPED")
          .put(
              "problem",
              new JsonObject()
                  .put("type", problem.getString("type"))
                  .put("title", problem.getString("title"))
                  .put("detail", problem.getString("detail")));
    }
  }

  /**
   * The series if it is the caller's; 404 otherwise (another person's series is not shown to
   * exist).
   */
  private Future<UUID> mine(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID id = Validated.pathUuid(rc, "seriesId");
    return pool.preparedQuery(ONE)
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0
                  || !rows.iterator().next().getUUID("employee_id").equals(me.id())) {
                throw Problem.notFound("No booking series " + id);
              }
              return id;
            });
  }

  private Future<JsonObject> view(UUID id) {
    return Future.all(
            pool.preparedQuery(ONE).execute(Tuple.of(id)),
            pool.preparedQuery(OCCURRENCES).execute(Tuple.of(id)))
        .map(
            all -> {
              Row s = all.<RowSet<Row>>resultAt(0).iterator().next();
              JsonArray bookings = new JsonArray();
              for (Row r : all.<RowSet<Row>>resultAt(1)) {
                bookings.add(BookingView.of(r, false));
              }
              Object results = s.getValue("results");
              return new JsonObject()
                  .put("id", id.toString())
                  .put("resourceId", s.getUUID("resource_id").toString())
                  .put("weekdays", new JsonArray(List.of(s.getArrayOfStrings("weekdays"))))
                  .put("startTime", s.getLocalTime("start_time").toString())
                  .put("endTime", s.getLocalTime("end_time").toString())
                  .put("from", s.getLocalDate("from_date").toString())
                  .put("to", s.getLocalDate("to_date").toString())
                  .put(
                      "results",
                      results instanceof JsonArray a ? a : new JsonArray(String.valueOf(results)))
                  .put("bookings", bookings);
            });
  }

  private Future<Reply> cancelRest(RoutingContext rc) {
    Instant now = clock.instant();
    return mine(rc)
        .compose(
            id -> {
              LocalDate from = Intervals.date(Validated.query(rc, "from"), "from", LocalDate.EPOCH);
              return pool.withTransaction(
                      conn ->
                          conn.preparedQuery(CANCEL_REST)
                              .execute(Tuple.of(id, from, now.atOffset(ZoneOffset.UTC)))
                              .compose(
                                  rows -> {
                                    List<UUID> events = new ArrayList<>();
                                    Set<UUID> hubs = new HashSet<>();
                                    rows.forEach(
                                        r -> {
                                          events.add(r.getUUID("id"));
                                          hubs.add(r.getUUID("hub_id"));
                                        });
                                    return Events.publish(conn, Events.Type.BOOKING, events)
                                        .map(hubs);
                                  }))
                  .compose(
                      hubs -> {
                        hubs.forEach(waitlist::offer);
                        return view(id);
                      });
            })
        .map(Reply::ok);
  }
}
