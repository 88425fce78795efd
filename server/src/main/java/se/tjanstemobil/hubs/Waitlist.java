package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.db.SqlErrors;
import se.tjanstemobil.events.Events;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.i18n.Words;
import se.tjanstemobil.messaging.Notices;

/**
 * The waitlist of a hub: when nothing fits an interval on a day, an employee joins the line; when a
 * resource frees up (a cancellation, a no-show released, an offer not taken), the first in line
 * whom it fits gets it held for them (an OFFERED booking, guarded like any booking) and a push;
 * they confirm within the hub's hold time or it goes to the next.
 */
final class Waitlist {

  private static final Logger log = LoggerFactory.getLogger(Waitlist.class);

  private final Pool pool;
  private final Notices notices;
  private final Clock clock;

  Waitlist(Pool pool, Notices notices, Clock clock) {
    this.pool = pool;
    this.notices = notices;
    this.clock = clock;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("joinWaitlist").addHandler(Responses.handle(this::join));
    builder.getRoute("listMyWaitlist").addHandler(Responses.handle(this::mine));
    builder.getRoute("leaveWaitlist").addHandler(Responses.handle(this::leave));
  }

  private Future<Reply> join(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID hubId = Validated.pathUuid(rc, "hubId");
    JsonObject body = Validated.body(rc);
    Span wanted = Intervals.of(body);
    String kind = body.getString("kind");
    Instant now = clock.instant();
    return HubStore.load(pool, hubId)
        .compose(hub -> join(hub, me.id(), kind, wanted, now))
        .compose(id -> one(id, me.id()))
        .map(Reply::created);
  }

  /**
   * A place in the hub's line for the interval, if the hub's rules allow the interval and nothing
   * fits it now (422 naming what does); 409 when the employee already waits there that day.
   */
  private Future<UUID> join(Hub hub, UUID employee, String kind, Span wanted, Instant now) {
    BookingRules.Violation broken = BookingRules.check(hub, wanted, now);
    if (broken != null) {
      throw broken.problem();
    }
    LocalDate day = wanted.start().atZone(hub.zone()).toLocalDate();
    return WaitlistStore.freeResources(pool, hub.id(), kind, wanted)
        .compose(free -> requireNothingFree(hub, free))
        .compose(
            v ->
                WaitlistStore.join(
                    pool, new WaitlistStore.NewWait(hub.id(), employee, kind, wanted, day)))
        .recover(
            SqlErrors.onUniqueViolation(
                () ->
                    Future.failedFuture(
                        Problem.conflict(
                            "already-waiting",
                            Text.of(
                                "hubs.waitlist.alreadyWaiting",
                                hub.name(),
                                Words.day(day, hub.zone(), now))))));
  }

  private static Future<Void> requireNothingFree(Hub hub, List<WaitlistStore.Free> free) {
    if (free.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> names = new ArrayList<>();
    JsonArray ids = new JsonArray();
    for (WaitlistStore.Free r : free) {
      names.add(r.name());
      ids.add(r.id().toString());
    }
    throw new Problem(
        422,
        "waitlist-not-needed",
        Text.of("hubs.waitlist.notNeeded", hub.name(), String.join(", ", names)),
        List.of(),
        new JsonObject().put("freeResourceIds", ids));
  }

  private Future<JsonObject> one(UUID id, UUID employee) {
    return WaitlistStore.one(pool, id, employee)
        .map(
            e -> {
              if (e == null) {
                throw Problem.notFound(Text.of("hubs.notFound.waitlistEntry"));
              }
              return HubJson.waitlistEntry(e);
            });
  }

  private Future<Reply> mine(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    LocalDate since = clock.instant().atZone(ZoneId.of(me.timeZone())).toLocalDate().minusDays(1);
    return WaitlistStore.mine(pool, me.id(), since)
        .map(
            entries -> {
              JsonArray items = new JsonArray();
              entries.forEach(e -> items.add(HubJson.waitlistEntry(e)));
              return Reply.ok(new JsonObject().put("items", items));
            });
  }

  private Future<Reply> leave(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID id = Validated.pathUuid(rc, "entryId");
    Instant now = clock.instant();
    return pool.withTransaction(tx -> leave(tx, id, me.id(), now))
        .map(
            hubId -> {
              // What the offer held (if any) goes to the next in line, after the commit.
              offer(hubId);
              return Reply.noContent();
            });
  }

  /**
   * The place given up and the offer it held declined; the hub. 409 when it no longer waited or
   * held an offer, 404 when there is no such place of the employee's.
   */
  private Future<UUID> leave(SqlConnection tx, UUID id, UUID employee, Instant now) {
    return WaitlistStore.leave(tx, id, employee)
        .compose(
            left -> {
              if (left == null) {
                return one(id, employee)
                    .map(
                        e -> {
                          throw Problem.conflict(
                              "waitlist-entry-closed",
                              Text.of(
                                  "hubs.waitlist.entryClosed",
                                  BookingTexts.waitlistStatus(
                                      WaitlistStatus.valueOf(e.getString("status")))));
                        });
              }
              return left.bookingId() == null
                  ? Future.succeededFuture(left.hubId())
                  : BookingStore.declineOffer(tx, left.bookingId(), now).map(left.hubId());
            });
  }

  /**
   * Offers what is free at the hub to those waiting there, first in line first; logs and carries on
   * if it fails.
   */
  Future<Integer> offer(UUID hubId) {
    Instant now = clock.instant();
    return pool.withTransaction(tx -> new Offering(tx, hubId, now).run())
        .onFailure(
            e ->
                log.warn(
                    "Waitlist offers at hub {} failed (the next sweep tries again): {}",
                    hubId,
                    e.getMessage()));
  }

  /**
   * One round of offers at a hub, under its lock: each in line in turn is held the first resource
   * that fits them; those offered something are told; the number told.
   */
  private final class Offering {
    private final SqlConnection tx;
    private final UUID hubId;
    private final Instant at;
    private final List<Notices.Notice> told = new ArrayList<>();
    private Hub hub;

    Offering(SqlConnection tx, UUID hubId, Instant at) {
      this.tx = tx;
      this.hubId = hubId;
      this.at = at;
    }

    Future<Integer> run() {
      return WaitlistStore.lockHub(tx, hubId)
          .compose(v -> WaitlistStore.waiting(tx, hubId, at))
          .compose(this::offerInTurn)
          .compose(v -> notices.send(tx, told))
          .map(v -> told.size());
    }

    /** First in line first: each offer takes what the next one could have had. */
    private Future<Void> offerInTurn(List<WaitlistStore.Waiting> waiting) {
      if (waiting.isEmpty()) {
        return Future.succeededFuture();
      }
      Future<Void> turn =
          HubStore.load(tx, hubId)
              .map(
                  h -> {
                    hub = h;
                    return null;
                  });
      for (WaitlistStore.Waiting w : waiting) {
        turn = turn.compose(v -> offerTo(w));
      }
      return turn;
    }

    private Future<Void> offerTo(WaitlistStore.Waiting w) {
      return WaitlistStore.offer(tx, w.id(), at)
          .compose(
              offered ->
                  offered == null
                      ? Future.succeededFuture()
                      : WaitlistStore.markOffered(tx, w.id(), offered.bookingId())
                          .compose(
                              v -> Events.publish(tx, Events.Type.BOOKING, offered.bookingId()))
                          .map(v -> tell(w.employee(), offered)));
    }

    private Void tell(UUID employee, WaitlistStore.Offered o) {
      BookingTexts.What what =
          new BookingTexts.What(
              o.resourceName(), hub.name(), o.span().start(), o.span().end(), hub.zone(), at);
      told.add(
          new Notices.Notice(
              employee,
              null,
              BookingTexts.offerTitle(),
              BookingTexts.offerBody(what, o.offerUntil())));
      return null;
    }
  }
}
