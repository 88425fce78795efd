package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.events.Events;
import se.tjanstemobil.jobs.Job;
import se.tjanstemobil.messaging.Notices;

/**
 * What happens to bookings by time: a booking nobody checked in to by the end of its window (from
 * its start, or from the confirmation of a waitlist offer taken after the start) is released
 * (NO_SHOW) and its booker told; a waitlist offer not confirmed in time lapses; a wait for a time
 * that has passed ends. Whatever frees up is offered to the waitlist. Each statement changes a row
 * once, so several instances may sweep at the same time.
 */
final class BookingSweeps {

  private static final Logger log = LoggerFactory.getLogger(BookingSweeps.class);

  private final Pool pool;
  private final Waitlist waitlist;
  private final Notices notices;
  private final Clock clock;
  private final Duration period;

  BookingSweeps(Pool pool, Waitlist waitlist, Notices notices, Clock clock, Duration period) {
    this.pool = pool;
    this.waitlist = waitlist;
    this.notices = notices;
    this.clock = clock;
    this.period = period;
  }

  /** The sweep as the server's job {@code booking-sweeps}, every {@code hubs.sweepMillis}. */
  Job job() {
    return new Job("booking-sweeps", period, this::sweep);
  }

  /** One sweep; completes with the number of bookings released as no-shows. */
  Future<Integer> sweep() {
    Sweep sweep = new Sweep(clock.instant());
    return pool.withTransaction(sweep::inTransaction)
        .compose(v -> sweep.offer())
        .onSuccess(
            released -> {
              if (released > 0) {
                log.info("Released {} bookings nobody checked in to", released);
              }
            });
  }

  /** One run: what it released, and the hubs where something freed up or someone waits. */
  private final class Sweep {
    private final Instant now;
    private final Set<UUID> freed = new LinkedHashSet<>();
    private int released;

    Sweep(Instant now) {
      this.now = now;
    }

    Future<Void> inTransaction(SqlConnection tx) {
      return BookingStore.releaseNoShows(tx, now)
          .compose(rows -> released(tx, rows))
          .compose(v -> BookingStore.lapseOffers(tx, now))
          .compose(lapsed -> lapsed(tx, lapsed))
          .compose(v -> WaitlistStore.expirePast(tx, now))
          .compose(v -> WaitlistStore.hubsWithWaiting(tx))
          .map(
              waiting -> {
                freed.addAll(waiting);
                return null;
              });
    }

    /** The no-shows' bookers told, their apps too. */
    private Future<Void> released(SqlConnection tx, List<BookingStore.Released> rows) {
      List<Notices.Notice> told = new ArrayList<>();
      List<UUID> events = new ArrayList<>();
      for (BookingStore.Released b : rows) {
        freed.add(b.hubId());
        BookingTexts.What what =
            new BookingTexts.What(
                b.resourceName(), b.hubName(), b.span().start(), b.span().end(), b.zone(), now);
        told.add(
            new Notices.Notice(
                b.employeeId(),
                null,
                BookingTexts.releasedTitle(),
                BookingTexts.releasedBody(what)));
        events.add(b.id());
      }
      released = rows.size();
      return notices.send(tx, told).compose(v -> Events.publish(tx, Events.Type.BOOKING, events));
    }

    /** The waits whose offers lapsed end. */
    private Future<Void> lapsed(SqlConnection tx, List<BookingStore.Freed> lapsed) {
      List<UUID> ids = new ArrayList<>();
      for (BookingStore.Freed l : lapsed) {
        ids.add(l.id());
        freed.add(l.hubId());
      }
      return WaitlistStore.expireOffersOf(tx, ids);
    }

    /**
     * Offers where something freed up, and wherever someone waits (a missed chance is caught here),
     * one hub after the other; a hub whose offer fails does not stop the others.
     */
    Future<Integer> offer() {
      Future<Void> chain = Future.succeededFuture();
      for (UUID hub : freed) {
        chain = chain.compose(v -> waitlist.offer(hub).otherwiseEmpty().mapEmpty());
      }
      return chain.map(v -> released);
    }
  }
}
