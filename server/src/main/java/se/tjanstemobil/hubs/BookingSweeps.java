package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
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

  private static final String RELEASE_NO_SHOWS =
      """
    UPDATE bookings b SET status = 'NO_SHOW', released_at = $1
    FROM hubs h, resources r
    WHERE h.id = b.hub_id AND r.id = b.resource_id AND b.status = 'BOOKED' AND lower(b.period) <= $1
      AND greatest(lower(b.period), b.confirmed_at) + make_interval(mins => h.check_in_after_minutes) <= $1
    RETURNING b.id, b.hub_id, b.employee_id, lower(b.period) AS start_at, upper(b.period) AS end_at, r.name AS resource_name,
              h.name AS hub_name, h.time_zone
    """;
  private static final String LAPSE_OFFERS =
      """
    UPDATE bookings SET status = 'EXPIRED' WHERE status = 'OFFERED' AND offer_until <= $1 RETURNING id, hub_id
    """;
  private static final String LAPSED_WAITS =
      """
    UPDATE waitlist SET status = 'EXPIRED', updated_at = now() WHERE booking_id = ANY($1::uuid[]) AND status = 'OFFERED'
    """;
  private static final String PAST_WAITS =
      """
    UPDATE waitlist SET status = 'EXPIRED', updated_at = now() WHERE status = 'WAITING' AND upper(wanted) <= $1
    """;
  private static final String HUBS_WITH_WAITING =
      "SELECT DISTINCT hub_id FROM waitlist WHERE status = 'WAITING'";

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
    Sweep sweep = new Sweep(clock.instant().atOffset(ZoneOffset.UTC));
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
    private final OffsetDateTime now;
    private final Set<UUID> freed = new LinkedHashSet<>();
    private int released;

    Sweep(OffsetDateTime now) {
      this.now = now;
    }

    Future<Void> inTransaction(SqlConnection tx) {
      return tx.preparedQuery(RELEASE_NO_SHOWS)
          .execute(Tuple.of(now))
          .compose(rows -> released(tx, rows))
          .compose(v -> tx.preparedQuery(LAPSE_OFFERS).execute(Tuple.of(now)))
          .compose(lapsed -> lapsed(tx, lapsed))
          .compose(v -> tx.preparedQuery(PAST_WAITS).execute(Tuple.of(now)))
          .compose(v -> tx.query(HUBS_WITH_WAITING).execute())
          .map(
              waiting -> {
                waiting.forEach(r -> freed.add(r.getUUID("hub_id")));
                return null;
              });
    }

    /** The no-shows' bookers told, their apps too. */
    private Future<Void> released(SqlConnection tx, RowSet<Row> rows) {
      List<Notices.Notice> told = new ArrayList<>();
      List<UUID> events = new ArrayList<>();
      for (Row b : rows) {
        freed.add(b.getUUID("hub_id"));
        BookingTexts.What what =
            new BookingTexts.What(
                b.getString("resource_name"),
                b.getString("hub_name"),
                b.getOffsetDateTime("start_at").toInstant(),
                b.getOffsetDateTime("end_at").toInstant(),
                ZoneId.of(b.getString("time_zone")),
                now.toInstant());
        told.add(
            new Notices.Notice(
                b.getUUID("employee_id"),
                null,
                BookingTexts.releasedTitle(),
                BookingTexts.releasedBody(what)));
        events.add(b.getUUID("id"));
      }
      released = rows.size();
      return notices.send(tx, told).compose(v -> Events.publish(tx, Events.Type.BOOKING, events));
    }

    /** The waits whose offers lapsed end. */
    private Future<Void> lapsed(SqlConnection tx, RowSet<Row> lapsed) {
      List<UUID> ids = new ArrayList<>();
      lapsed.forEach(
          r -> {
            ids.add(r.getUUID("id"));
            freed.add(r.getUUID("hub_id"));
          });
      return ids.isEmpty()
          ? Future.succeededFuture()
          : tx.preparedQuery(LAPSED_WAITS)
              .execute(Tuple.of((Object) ids.toArray(new UUID[0])))
              .mapEmpty();
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
