package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
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
import se.tjanstemobil.i18n.Text;

/**
 * Recurring bookings: a weekly pattern over a date range, booked occurrence by occurrence with the
 * same rules as a single booking, and a result per date (booked, or why not). One occurrence is
 * cancelled like any booking; the rest of a series from a date on with DELETE on the series.
 */
final class BookingSeries {

  /** A series spans at most this long; the hub's booking horizon usually ends it sooner. */
  static final int LONGEST_DAYS = 184;

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
        () -> Idempotency.earlier(pool, BookingSeriesStore.BY_KEY, me.id(), key, hash, "series");
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
        throw Problem.badRequest("to", Text.of("hubs.field.toBeforeFrom"));
      }
      if (ChronoUnit.DAYS.between(from, to) > LONGEST_DAYS) {
        throw Problem.badRequest("to", Text.of("hubs.field.seriesTooLong", LONGEST_DAYS));
      }
      if (!end.isAfter(start)) {
        throw Problem.badRequest("endTime", Text.of("hubs.field.endTimeAfterStartTime"));
      }
      b.getJsonArray("weekdays").forEach(d -> days.add(DayOfWeek.valueOf((String) d)));
    }

    Future<UUID> run(String key, String hash) {
      return HubStore.ofResource(pool, resource)
          .compose(h -> insert(h, key, hash))
          .compose(v -> bookEachDate())
          .compose(v -> BookingSeriesStore.saveResults(pool, id, results))
          .map(v -> id);
    }

    private Future<Void> insert(Hub h, String key, String hash) {
      if (h == null) {
        throw Problem.rule("unknown-resource", Text.of("hubs.rule.unknownResource"));
      }
      hub = h;
      return BookingSeriesStore.insert(
              pool,
              new BookingSeriesStore.NewSeries(
                  employee, resource, days, start, end, from, to, key, hash))
          .map(
              series -> {
                id = series;
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
    return BookingSeriesStore.one(pool, id)
        .map(
            s -> {
              if (s == null || !s.employeeId().equals(me.id())) {
                throw Problem.notFound(Text.of("hubs.notFound.series"));
              }
              return id;
            });
  }

  private Future<JsonObject> view(UUID id) {
    Future<BookingSeriesStore.Series> series = BookingSeriesStore.one(pool, id);
    Future<RowSet<Row>> occurrences = BookingSeriesStore.occurrences(pool, id);
    return Future.all(series, occurrences).map(all -> json(series.result(), occurrences.result()));
  }

  private static JsonObject json(BookingSeriesStore.Series s, RowSet<Row> occurrences) {
    JsonArray bookings = new JsonArray();
    for (Row r : occurrences) {
      bookings.add(BookingView.of(r, false));
    }
    return new JsonObject()
        .put("id", s.id().toString())
        .put("resourceId", s.resourceId().toString())
        .put("weekdays", new JsonArray(s.weekdays()))
        .put("startTime", s.start().toString())
        .put("endTime", s.end().toString())
        .put("from", s.from().toString())
        .put("to", s.to().toString())
        .put("results", s.results())
        .put("bookings", bookings);
  }

  private Future<Reply> cancelRest(RoutingContext rc) {
    Instant now = clock.instant();
    return mine(rc)
        .compose(
            id -> {
              LocalDate from = Intervals.date(Validated.query(rc, "from"), "from", LocalDate.EPOCH);
              return pool.withTransaction(tx -> cancelRest(tx, id, from, now))
                  .compose(
                      hubs -> {
                        // What freed up goes to the waitlists, after the commit.
                        hubs.forEach(waitlist::offer);
                        return view(id);
                      });
            })
        .map(Reply::ok);
  }

  /** The rest cancelled, the booker's apps told on commit; the hubs where something freed up. */
  private static Future<Set<UUID>> cancelRest(
      SqlConnection tx, UUID id, LocalDate from, Instant now) {
    return BookingSeriesStore.cancelRest(tx, id, from, now)
        .compose(
            cancelled -> {
              List<UUID> events = new ArrayList<>();
              Set<UUID> hubs = new HashSet<>();
              for (BookingStore.Freed b : cancelled) {
                events.add(b.id());
                hubs.add(b.hubId());
              }
              return Events.publish(tx, Events.Type.BOOKING, events).map(hubs);
            });
  }
}
