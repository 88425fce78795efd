package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import se.tjanstemobil.audit.AuditLog;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.db.SqlErrors;
import se.tjanstemobil.events.Events;
import se.tjanstemobil.http.Idempotency;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.i18n.Words;
import se.tjanstemobil.messaging.Notices;

/**
 * An employee's bookings: book, see, cancel, check in, confirm a waitlist offer. A hub
 * administrator may see and cancel bookings at their hubs, with a reason the booker is told.
 */
final class BookingRoutes {

  /** The longest span /me/bookings lists at once. */
  static final int LONGEST_LIST_DAYS = 366;

  private final Pool pool;
  private final Booker booker;
  private final Waitlist waitlist;
  private final Notices notices;
  private final Clock clock;

  BookingRoutes(Pool pool, Booker booker, Waitlist waitlist, Notices notices, Clock clock) {
    this.pool = pool;
    this.booker = booker;
    this.waitlist = waitlist;
    this.notices = notices;
    this.clock = clock;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("createBooking").addHandler(Responses.handle(this::create));
    builder.getRoute("listMyBookings").addHandler(Responses.handle(this::mine));
    builder
        .getRoute("getBooking")
        .addHandler(Responses.handle(rc -> visible(rc).map(b -> Reply.ok(b.json()))));
    builder.getRoute("cancelBooking").addHandler(Responses.handle(this::cancel));
    builder.getRoute("checkInBooking").addHandler(Responses.handle(this::checkIn));
    builder.getRoute("confirmBooking").addHandler(Responses.handle(this::confirm));
  }

  private Future<Reply> create(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    JsonObject body = Validated.body(rc);
    Span wanted = Intervals.of(body);
    UUID resource = UUID.fromString(body.getString("resourceId"));
    String key = rc.request().getHeader("Idempotency-Key");
    String hash = Idempotency.hash(body);
    Future<UUID> earlier =
        Idempotency.earlier(pool, BookingStore.BY_KEY, me.id(), key, hash, "booking");
    return earlier
        .compose(
            replayed ->
                replayed != null
                    ? Future.succeededFuture(replayed)
                    : booker
                        .book(new Booker.Request(me.id(), resource, wanted, null, key, hash))
                        .recover(
                            e ->
                                key != null && SqlErrors.isUniqueViolation(e)
                                    ? Idempotency.earlier(
                                        pool, BookingStore.BY_KEY, me.id(), key, hash, "booking")
                                    : Future.failedFuture(e)))
        .compose(id -> load(id))
        .map(row -> Reply.created(BookingView.of(row, true)));
  }

  private Future<Row> load(UUID id) {
    return BookingStore.load(pool, id);
  }

  /**
   * A booking and who is looking: its booker, or an administrator of its hub; anyone else gets 404.
   */
  private record Seen(Row row, Principal who, boolean mine) {
    JsonObject json() {
      return BookingView.of(row, true);
    }

    UUID id() {
      return row.getUUID("id");
    }
  }

  private Future<Seen> visible(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID id = Validated.pathUuid(rc, "bookingId");
    return load(id)
        .recover(e -> Future.failedFuture(Problem.notFound(Text.of("hubs.notFound.booking"))))
        .map(
            row -> {
              boolean mine = row.getUUID("employee_id").equals(me.id());
              if (!mine && !HubAccess.manages(me, row.getUUID("hub_id"))) {
                throw Problem.notFound(Text.of("hubs.notFound.booking"));
              }
              return new Seen(row, me, mine);
            });
  }

  private Future<Reply> mine(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    LocalDate today = clock.instant().atZone(ZoneId.of(me.timeZone())).toLocalDate();
    LocalDate from = Intervals.date(Validated.query(rc, "from"), "from", today);
    LocalDate to = Intervals.date(Validated.query(rc, "to"), "to", from.plusDays(60));
    if (to.isBefore(from)) {
      throw Problem.badRequest("to", Text.of("hubs.field.toBeforeFrom"));
    }
    if (ChronoUnit.DAYS.between(from, to) > LONGEST_LIST_DAYS) {
      throw Problem.badRequest("to", Text.of("hubs.field.rangeTooLong", LONGEST_LIST_DAYS));
    }
    return BookingStore.mine(pool, me.id(), from, to)
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              rows.forEach(r -> items.add(BookingView.of(r, true)));
              return Reply.ok(
                  new JsonObject()
                      .put("from", from.toString())
                      .put("to", to.toString())
                      .put("items", items));
            });
  }

  private Future<Reply> cancel(RoutingContext rc) {
    String reason = Validated.query(rc, "reason");
    Instant now = clock.instant();
    return visible(rc)
        .compose(seen -> new Cancelling(seen, reason, now).run())
        .map(row -> Reply.ok(BookingView.of(row, true)));
  }

  /**
   * One cancellation: by the booker (a checked-in booking that has begun ends now instead, the used
   * time stays), or by a hub administrator with a reason the booker is told. Whatever frees up is
   * offered to the waitlist after the commit.
   */
  private final class Cancelling {
    private final Seen seen;
    private final Row b;
    private final Instant now;
    private final String why;

    Cancelling(Seen seen, String reason, Instant now) {
      this.seen = seen;
      this.b = seen.row();
      this.now = now;
      boolean given = reason != null && !reason.isBlank();
      if (!seen.mine() && !given) {
        throw Problem.badRequest("reason", Text.of("hubs.field.cancelReason"));
      }
      requireLive(b);
      if (!b.getOffsetDateTime("end_at").toInstant().isAfter(now)) {
        throw Problem.conflict("booking-over", Text.of("hubs.booking.over"));
      }
      this.why = given ? reason.strip() : null;
    }

    Future<Row> run() {
      boolean leavingEarly =
          seen.mine()
              && BookingStatus.CHECKED_IN.is(b.getString("status"))
              && b.getOffsetDateTime("start_at").toInstant().isBefore(now);
      return pool.withTransaction(tx -> leavingEarly ? endNow(tx) : cancel(tx))
          .compose(
              v -> {
                waitlist.offer(b.getUUID("hub_id"));
                return load(seen.id());
              });
    }

    private Future<Void> endNow(SqlConnection tx) {
      return BookingStore.endNow(tx, seen.id(), now)
          .compose(this::requireChanged)
          .compose(v -> Events.publish(tx, Events.Type.BOOKING, seen.id()));
    }

    private Future<Void> cancel(SqlConnection tx) {
      return BookingStore.cancel(tx, seen.id(), now, seen.who().id(), why)
          .compose(this::requireChanged)
          .compose(v -> BookingStore.leaveWaitlist(tx, seen.id()))
          .compose(v -> seen.mine() ? Future.succeededFuture() : tellBooker(tx))
          .compose(v -> Events.publish(tx, Events.Type.BOOKING, seen.id()));
    }

    private Future<Void> requireChanged(boolean changed) {
      return !changed
          ? Future.failedFuture(
              Problem.conflict("booking-not-active", Text.of("hubs.booking.changedMeanwhile")))
          : Future.succeededFuture();
    }

    /** A hub administrator cancelled: the booker is told why, and it is audited. */
    private Future<Void> tellBooker(SqlConnection tx) {
      UUID booker = b.getUUID("employee_id");
      BookingTexts.What what =
          new BookingTexts.What(
              b.getString("resource_name"),
              b.getString("hub_name"),
              b.getOffsetDateTime("start_at").toInstant(),
              b.getOffsetDateTime("end_at").toInstant(),
              ZoneId.of(b.getString("time_zone")),
              now);
      Notices.Notice notice =
          new Notices.Notice(
              booker,
              seen.who().id(),
              BookingTexts.cancelledTitle(),
              BookingTexts.cancelledByHub(what, why));
      AuditLog.Entry audit =
          new AuditLog.Entry(
              seen.who().id(),
              "BOOKING_CANCELLED",
              "BOOKING",
              seen.id().toString(),
              new JsonObject().put("reason", why).put("booker", booker.toString()));
      return notices.send(tx, List.of(notice)).compose(v -> AuditLog.write(tx, audit));
    }
  }

  private static void requireLive(Row b) {
    String status = b.getString("status");
    if (!BookingStatus.isLive(status)) {
      throw Problem.conflict(
          "booking-not-active", Text.of("hubs.booking.notLive", BookingTexts.status(status)));
    }
  }

  /** 422 unless {@code now} is in the booking's check-in window (told in the hub's zone). */
  private static void requireCheckInOpen(Row b, Instant now) {
    Instant start = b.getOffsetDateTime("start_at").toInstant();
    Instant opens = start.minus(b.getInteger("check_in_before_minutes"), ChronoUnit.MINUTES);
    Instant closes = BookingView.checkInCloses(b).toInstant();
    ZoneId zone = ZoneId.of(b.getString("time_zone"));
    if (now.isBefore(opens)) {
      throw Problem.rule(
          "check-in-not-open", Text.of("hubs.booking.checkInNotOpen", Words.at(opens, zone, now)));
    }
    if (!now.isBefore(closes)) {
      throw Problem.rule(
          "check-in-closed", Text.of("hubs.booking.checkInClosed", Words.at(closes, zone, now)));
    }
  }

  private Future<Reply> checkIn(RoutingContext rc) {
    Instant now = clock.instant();
    return visible(rc)
        .compose(
            seen -> {
              if (!seen.mine()) {
                throw Problem.forbidden(Text.of("hubs.access.checkIn"));
              }
              return checkedInAlready(seen.row(), now)
                  ? Future.succeededFuture(Reply.ok(seen.json()))
                  : change(seen, tx -> BookingStore.checkIn(tx, seen.id(), now));
            });
  }

  /**
   * Whether the booking is checked in already (checking in again answers the same); otherwise 409
   * or 422 unless it can be checked in at {@code now}.
   */
  private static boolean checkedInAlready(Row b, Instant now) {
    String status = b.getString("status");
    if (BookingStatus.CHECKED_IN.is(status)) {
      return true;
    }
    if (BookingStatus.NO_SHOW.is(status)) {
      throw Problem.conflict("booking-released", Text.of("hubs.booking.released"));
    }
    if (!BookingStatus.BOOKED.is(status)) {
      throw Problem.conflict(
          "booking-not-active", Text.of("hubs.booking.notBooked", BookingTexts.status(status)));
    }
    requireCheckInOpen(b, now);
    return false;
  }

  private Future<Reply> confirm(RoutingContext rc) {
    Instant now = clock.instant();
    return visible(rc)
        .compose(
            seen -> {
              if (!seen.mine()) {
                throw Problem.forbidden(Text.of("hubs.access.confirmOffer"));
              }
              return confirmedAlready(seen.row().getString("status"))
                  ? Future.succeededFuture(Reply.ok(seen.json()))
                  : change(
                      seen,
                      tx ->
                          BookingStore.confirm(tx, seen.id(), now)
                              .compose(BookingRoutes::requireConfirmed));
            });
  }

  /**
   * Whether the offer was confirmed already (confirming again answers the same); 409 when it is no
   * longer an offer.
   */
  private static boolean confirmedAlready(String status) {
    if (BookingStatus.BOOKED.is(status) || BookingStatus.CHECKED_IN.is(status)) {
      return true;
    }
    if (!BookingStatus.OFFERED.is(status)) {
      throw Problem.conflict(
          "offer-expired", Text.of("hubs.booking.offerGone", BookingTexts.status(status)));
    }
    return false;
  }

  private static Future<Void> requireConfirmed(boolean confirmed) {
    return confirmed
        ? Future.succeededFuture()
        : Future.failedFuture(
            Problem.conflict("offer-expired", Text.of("hubs.booking.offerRanOut")));
  }

  /** The change in a transaction, the booker's apps told on commit; the booking as it is after. */
  private Future<Reply> change(Seen seen, Function<SqlConnection, Future<Void>> change) {
    return pool.withTransaction(
            tx -> change.apply(tx).compose(v -> Events.publish(tx, Events.Type.BOOKING, seen.id())))
        .compose(v -> load(seen.id()))
        .map(row -> Reply.ok(BookingView.of(row, true)));
  }
}
