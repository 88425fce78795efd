package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import se.tjanstemobil.http.Problem;

/**
 * The SQL of one booking's life after it is made (Booker makes it): read, cancel, end early, check
 * in, confirm an offer. Each change is guarded by the status it comes from, so it answers whether
 * it changed the row; the caller decides what a refusal means.
 */
final class BookingStore {

  static final String BY_KEY =
      "SELECT id, request_hash FROM bookings WHERE employee_id = $1 AND idempotency_key = $2";
  private static final String MINE =
      BookingView.SELECT
          + """
     WHERE b.employee_id = $1 AND b.local_date BETWEEN $2 AND $3
    ORDER BY lower(b.period), b.id LIMIT 500
    """;
  private static final String CANCEL =
      """
    UPDATE bookings SET status = 'CANCELLED', cancelled_at = $2, cancelled_by = $3, cancel_reason = $4
    WHERE id = $1 AND status IN %1$s
    RETURNING id
    """
          .formatted(BookingStatus.LIVE_SQL);
  // Someone leaving early ends their checked-in booking now: the rest is free, the used time stays.
  private static final String END_NOW =
      """
    UPDATE bookings SET period = tstzrange(lower(period), $2) WHERE id = $1 AND status = 'CHECKED_IN' AND lower(period) < $2
      AND upper(period) > $2
    RETURNING id
    """;
  private static final String LEAVE_WAITLIST =
      "UPDATE waitlist SET status = 'LEFT', updated_at = now() WHERE booking_id = $1 AND status = 'OFFERED'";
  private static final String CHECK_IN =
      "UPDATE bookings SET status = 'CHECKED_IN', checked_in_at = $2 WHERE id = $1 AND status = 'BOOKED'";
  private static final String CONFIRM =
      """
    UPDATE bookings SET status = 'BOOKED', offer_until = NULL, confirmed_at = $2 WHERE id = $1 AND status = 'OFFERED' AND offer_until > $2
    RETURNING id
    """;
  private static final String WAITLIST_BOOKED =
      "UPDATE waitlist SET status = 'BOOKED', updated_at = now() WHERE booking_id = $1";

  private BookingStore() {}

  /** The booking as {@link BookingView} reads it; 404 when there is none. */
  static Future<Row> load(SqlClient db, UUID id) {
    return db.preparedQuery(BookingView.BY_ID)
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw Problem.notFound("No booking " + id);
              }
              return rows.iterator().next();
            });
  }

  /** The employee's bookings on the local dates from..to, in time order (at most 500). */
  static Future<RowSet<Row>> mine(SqlClient db, UUID employee, LocalDate from, LocalDate to) {
    return db.preparedQuery(MINE).execute(Tuple.of(employee, from, to));
  }

  /** Cancels a live booking; false when it no longer was. */
  static Future<Boolean> cancel(SqlClient db, UUID id, Instant at, UUID by, String reason) {
    return db.preparedQuery(CANCEL)
        .execute(Tuple.of(id, at.atOffset(ZoneOffset.UTC), by, reason))
        .map(rows -> rows.size() > 0);
  }

  /** Ends a checked-in booking that has begun at {@code at}; false when it no longer was one. */
  static Future<Boolean> endNow(SqlClient db, UUID id, Instant at) {
    return db.preparedQuery(END_NOW)
        .execute(Tuple.of(id, at.atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.size() > 0);
  }

  /** The wait an offered booking came from ends with it (LEFT). */
  static Future<Void> leaveWaitlist(SqlClient db, UUID bookingId) {
    return db.preparedQuery(LEAVE_WAITLIST).execute(Tuple.of(bookingId)).mapEmpty();
  }

  static Future<Void> checkIn(SqlClient db, UUID id, Instant at) {
    return db.preparedQuery(CHECK_IN).execute(Tuple.of(id, at.atOffset(ZoneOffset.UTC))).mapEmpty();
  }

  /**
   * Confirms an offer still held at {@code at}, and the wait it came from is BOOKED; false when the
   * offer had run out.
   */
  static Future<Boolean> confirm(SqlClient db, UUID id, Instant at) {
    return db.preparedQuery(CONFIRM)
        .execute(Tuple.of(id, at.atOffset(ZoneOffset.UTC)))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.succeededFuture(false)
                    : db.preparedQuery(WAITLIST_BOOKED).execute(Tuple.of(id)).map(true));
  }
}
