package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.db.SqlErrors;
import se.tjanstemobil.events.Events;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.i18n.Phrase;
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.i18n.Words;

/**
 * One booking, in one transaction where the database is the guard: the exclusion constraints refuse
 * a taken resource and an employee in two places at once; the hub row is share-locked so a closure
 * cannot slip in between its check and the insert; the employee's bookings are counted under a
 * per-employee lock, so two requests at once cannot both pass the per-day rule.
 */
final class Booker {

  /** What one booking needs; seriesId and the idempotency key may be null. */
  record Request(
      UUID employee,
      UUID resource,
      Span wanted,
      UUID seriesId,
      String idempotencyKey,
      String hash) {}

  private final Pool pool;
  private final Clock clock;

  Booker(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * Books in a transaction of its own; the booking's id. A broken rule or a conflict fails with the
   * problem.
   */
  Future<UUID> book(Request req) {
    return pool.withTransaction(tx -> new Booking(tx, req, clock.instant()).run())
        .recover(
            // An exclusion violation; or a deadlock with a waitlist offer being written for the
            // same interval, which PostgreSQL resolves by cancelling one: either way the interval
            // is taken.
            e -> SqlErrors.isOverlap(e) ? conflict(req, (PgException) e) : Future.failedFuture(e));
  }

  /**
   * One booking in its transaction: the resource and its hub (share-locked), the hub's rules, no
   * closure over the interval, the employee's and the resource's locks, the per-day count, the
   * insert, and the booker's apps told on commit.
   */
  private static final class Booking {
    private final SqlClient tx;
    private final Request req;
    private final Instant now;
    private Hub hub;
    private LocalDate day;

    Booking(SqlClient tx, Request req, Instant now) {
      this.tx = tx;
      this.req = req;
      this.now = now;
    }

    Future<UUID> run() {
      return BookingStore.bookable(tx, req.resource())
          .compose(this::requireBookable)
          .compose(v -> ClosureStore.firstOverlapping(tx, hub.id(), req.resource(), req.wanted()))
          .compose(this::requireOpen)
          .compose(v -> BookingStore.lockEmployeeAndResource(tx, req.employee(), req.resource()))
          .compose(v -> BookingStore.liveThatDay(tx, req.employee(), hub.id(), day))
          .compose(this::requireRoomThatDay)
          .compose(
              v ->
                  BookingStore.insert(
                      tx,
                      new BookingStore.NewBooking(
                          req.resource(),
                          hub.id(),
                          req.employee(),
                          req.wanted(),
                          day,
                          req.seriesId(),
                          req.idempotencyKey(),
                          req.hash())))
          .compose(id -> Events.publish(tx, Events.Type.BOOKING, id).map(id));
    }

    private Future<Void> requireBookable(BookingStore.Bookable b) {
      if (b == null) {
        // A reference in the body, not the address: a rule said no, as for an unknown hub, unit
        // or employee.
        throw Problem.rule("unknown-resource", Text.of("hubs.rule.unknownResource"));
      }
      hub = b.hub();
      if (!b.active()) {
        throw Problem.rule(
            "resource-inactive",
            Text.of("hubs.rule.resourceInactive", b.resourceName(), hub.name()));
      }
      BookingRules.Violation broken = BookingRules.check(hub, req.wanted(), now);
      if (broken != null) {
        throw broken.problem();
      }
      day = req.wanted().start().atZone(hub.zone()).toLocalDate();
      return Future.succeededFuture();
    }

    private Future<Void> requireOpen(HubDay.Closure closed) {
      if (closed == null) {
        return Future.succeededFuture();
      }
      Span s = closed.span();
      throw new Problem(
          422,
          "closure",
          Text.of(
              "hubs.rule.closure",
              hub.name(),
              Words.span(s.start(), s.end(), hub.zone(), now),
              closed.reason()),
          List.of(),
          new JsonObject().put("closed", s.toJson(hub.zone())));
    }

    private Future<Void> requireRoomThatDay(long n) {
      if (n >= hub.rules().maxPerDay()) {
        throw Problem.rule(
            "too-many-bookings",
            Text.of(
                "hubs.rule.tooManyBookings",
                n,
                hub.name(),
                Words.day(day, hub.zone(), now),
                hub.rules().maxPerDay()));
      }
      return Future.succeededFuture();
    }
  }

  /**
   * 409 naming what holds the interval: someone's booking of the resource, or the employee's own
   * elsewhere.
   */
  private Future<UUID> conflict(Request req, PgException pg) {
    boolean resource =
        pg.getConstraint() == null || "bookings_resource_free".equals(pg.getConstraint());
    return BookingStore.holder(pool, req.resource(), req.employee(), req.wanted(), resource)
        .compose(holder -> Future.failedFuture(conflictProblem(holder, resource, clock.instant())));
  }

  /** The time in the way, in the zone of its hub. */
  private static Problem conflictProblem(
      BookingStore.Holder holder, boolean resource, Instant now) {
    if (holder == null) {
      // The holder let go between our insert and this look: the client may simply try again.
      return Problem.conflict(
          resource ? "resource-taken" : "already-booked", Text.of("hubs.conflict.justTaken"));
    }
    ZoneId zone = holder.zone();
    Span taken = holder.span();
    Phrase when = Words.span(taken.start(), taken.end(), zone, now);
    JsonObject extra = new JsonObject().put("taken", taken.toJson(zone));
    return resource
        ? new Problem(
            409,
            "resource-taken",
            holder.mine()
                ? Text.of("hubs.conflict.resourceTakenByYou", holder.resourceName(), when)
                : Text.of("hubs.conflict.resourceTaken", holder.resourceName(), when),
            List.of(),
            extra)
        : new Problem(
            409,
            "already-booked",
            Text.of("hubs.conflict.alreadyBooked", holder.resourceName(), holder.hubName(), when),
            List.of(),
            extra);
  }
}
