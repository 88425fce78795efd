package se.tjanstemobil.hubs;

import static se.tjanstemobil.db.Rows.all;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.i18n.Text;

/**
 * The SQL of bookings: making one (the statements {@link Booker} runs in its order), reading,
 * cancelling, ending early, checking in, confirming an offer, and the sweeps' releases. Each change
 * is guarded by the status it comes from, so it answers whether it changed the row; the caller
 * decides what a refusal means.
 */
final class BookingStore {

  private static final String BOOKABLE =
      "SELECT r.hub_id, r.name AS resource_name, r.kind, r.active, "
          + Hub.COLUMNS
          + """

    FROM resources r JOIN hubs h ON h.id = r.hub_id WHERE r.id = $1
    FOR SHARE OF h
    """;
  // Taken in this order (employee, then resource). Two inserts of overlapping rows that wait for
  // each other inside the exclusion check deadlock (PostgreSQL cancels one after deadlock_timeout,
  // a second late); queued on the resource's lock instead, the second sees the first's row.
  private static final String LOCK_EMPLOYEE_AND_RESOURCE =
      "SELECT pg_advisory_xact_lock(hashtext('bookings:' || $1::text)), pg_advisory_xact_lock(hashtext('resource:' || $2::text))";
  private static final String LIVE_THAT_DAY =
      "SELECT count(*) AS n FROM bookings WHERE employee_id = $1 AND hub_id = $2 "
          + "AND local_date = $3 AND status IN "
          + BookingStatus.LIVE_SQL;
  private static final String INSERT =
      """
    INSERT INTO bookings (resource_id, hub_id, employee_id, period, local_date, series_id, idempotency_key, request_hash)
    VALUES ($1, $2, $3, tstzrange($4, $5), $6, $7, $8, $9)
    RETURNING id
    """;
  private static final String HOLDER =
      """
    SELECT lower(period) AS start_at, upper(period) AS end_at, employee_id = $2 AS mine, r.name AS resource_name, h.name AS hub_name,
           h.time_zone
    FROM bookings b JOIN resources r ON r.id = b.resource_id JOIN hubs h ON h.id = b.hub_id
    WHERE b.status IN %1$s AND b.period && tstzrange($3, $4)
      AND (($5 AND b.resource_id = $1) OR (NOT $5 AND b.employee_id = $2))
    ORDER BY lower(period) LIMIT 1
    """
          .formatted(BookingStatus.LIVE_SQL);

  static final String BY_KEY =
      "SELECT id, request_hash FROM bookings WHERE employee_id = $1 AND idempotency_key = $2";
  private static final String MINE =
      BookingView.SELECT
          + """
     WHERE b.employee_id = $1 AND b.local_date BETWEEN $2 AND $3
    ORDER BY lower(b.period), b.id LIMIT 500
    """;
  // What a calendar feed shows: live bookings and those cancelled lately, from $2 on.
  private static final String FOR_FEED =
      BookingView.SELECT
          + """
     WHERE b.employee_id = $1 AND upper(b.period) > $2 AND b.status IN ('OFFERED', 'BOOKED', 'CHECKED_IN', 'CANCELLED')
      AND (b.status <> 'CANCELLED' OR b.cancelled_at > $2)
    ORDER BY lower(b.period) LIMIT 2000
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
  // Declined by the person themself: no reason to show, as when they cancel their own booking.
  private static final String DECLINE_OFFER =
      """
    UPDATE bookings SET status = 'CANCELLED', cancelled_at = $2, cancelled_by = employee_id, cancel_reason = NULL
    WHERE id = $1 AND status = 'OFFERED'
    """;
  private static final String CANCEL_OVERLAPPING =
      """
    UPDATE bookings b SET status = 'CANCELLED', cancelled_at = $5, cancelled_by = $6, cancel_reason = $7
    FROM resources r
    WHERE r.id = b.resource_id AND b.hub_id = $1 AND ($2::uuid IS NULL OR b.resource_id = $2)
      AND b.period && tstzrange($3, $4) AND b.status IN %1$s
    RETURNING b.id, b.employee_id, lower(b.period) AS start_at, upper(b.period) AS end_at, r.name AS resource_name
    """
          .formatted(BookingStatus.LIVE_SQL);
  // What a closure or new opening hours would hit: live bookings with their resource and booker.
  private static final String AFFECTED =
      """
    SELECT b.id, b.status, lower(b.period) AS start_at, upper(b.period) AS end_at, b.resource_id, r.name AS resource_name,
           b.employee_id, e.name AS employee_name
    FROM bookings b JOIN resources r ON r.id = b.resource_id JOIN employees e ON e.id = b.employee_id
    WHERE b.hub_id = $1 AND b.status IN %1$s AND %2$s
    ORDER BY lower(b.period), r.name, b.id
    """;
  private static final String OVERLAPPING =
      AFFECTED.formatted(
          BookingStatus.LIVE_SQL,
          "($2::uuid IS NULL OR b.resource_id = $2) AND b.period && tstzrange($3, $4)");
  private static final String NOT_ENDED =
      AFFECTED.formatted(BookingStatus.LIVE_SQL, "upper(b.period) > $2");
  private static final String CANCEL_THESE =
      """
    UPDATE bookings b SET status = 'CANCELLED', cancelled_at = $2, cancelled_by = $3, cancel_reason = $4
    FROM resources r
    WHERE r.id = b.resource_id AND b.id = ANY($1::uuid[]) AND b.status IN %1$s
    RETURNING b.id, b.employee_id, lower(b.period) AS start_at, upper(b.period) AS end_at, r.name AS resource_name
    """
          .formatted(BookingStatus.LIVE_SQL);
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

  /** A resource to book, with its hub. */
  record Bookable(Hub hub, String resourceName, boolean active) {}

  /**
   * What one booking writes; seriesId and the idempotency key (with the request's hash) may be
   * null.
   */
  record NewBooking(
      UUID resource,
      UUID hubId,
      UUID employee,
      Span span,
      LocalDate day,
      UUID seriesId,
      String idempotencyKey,
      String hash) {}

  /** A live booking in the way: its time, whose, what and where. */
  record Holder(Span span, boolean mine, String resourceName, String hubName, ZoneId zone) {}

  /** A booking a closure (or a resource taken out of use, or new opening hours) cancelled. */
  record Cancelled(UUID id, UUID employeeId, Span span, String resourceName) {
    static Cancelled of(Row r) {
      return new Cancelled(
          r.getUUID("id"), r.getUUID("employee_id"), HubDay.span(r), r.getString("resource_name"));
    }
  }

  /** A live booking a change of the hub would cancel: when, what, whose. */
  record Affected(
      UUID id,
      String status,
      Span span,
      UUID resourceId,
      String resourceName,
      UUID employeeId,
      String employeeName) {

    static Affected of(Row r) {
      return new Affected(
          r.getUUID("id"),
          r.getString("status"),
          HubDay.span(r),
          r.getUUID("resource_id"),
          r.getString("resource_name"),
          r.getUUID("employee_id"),
          r.getString("employee_name"));
    }
  }

  /** A booking released because nobody checked in in time; its hub's name and zone for the text. */
  record Released(
      UUID id,
      UUID hubId,
      UUID employeeId,
      Span span,
      String resourceName,
      String hubName,
      ZoneId zone) {}

  /** A booking that no longer holds its resource (an offer lapsed, a series cancelled). */
  record Freed(UUID id, UUID hubId) {}

  private BookingStore() {}

  /**
   * The resource with its hub, the hub share-locked for this transaction (a closure cannot slip in
   * between the checks and the insert); null when there is no such resource.
   */
  static Future<Bookable> bookable(SqlClient db, UUID resource) {
    return db.preparedQuery(BOOKABLE)
        .execute(Tuple.of(resource))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row r = rows.iterator().next();
              return new Bookable(Hub.of(r), r.getString("resource_name"), r.getBoolean("active"));
            });
  }

  /** The employee's and then the resource's advisory lock, until the transaction ends. */
  static Future<Void> lockEmployeeAndResource(SqlClient db, UUID employee, UUID resource) {
    return db.preparedQuery(LOCK_EMPLOYEE_AND_RESOURCE)
        .execute(Tuple.of(employee.toString(), resource.toString()))
        .mapEmpty();
  }

  /** How many live bookings the employee has at the hub on the local date. */
  static Future<Long> liveThatDay(SqlClient db, UUID employee, UUID hubId, LocalDate day) {
    return db.preparedQuery(LIVE_THAT_DAY)
        .execute(Tuple.of(employee, hubId, day))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  /** A new BOOKED booking; its id. An exclusion violation when the interval is taken. */
  static Future<UUID> insert(SqlClient db, NewBooking b) {
    return db.preparedQuery(INSERT)
        .execute(
            Tuple.tuple()
                .addValue(b.resource())
                .addValue(b.hubId())
                .addValue(b.employee())
                .addValue(utc(b.span().start()))
                .addValue(utc(b.span().end()))
                .addValue(b.day())
                .addValue(b.seriesId())
                .addValue(b.idempotencyKey())
                .addValue(b.hash()))
        .map(rows -> rows.iterator().next().getUUID("id"));
  }

  /**
   * The first live booking over the span: of the resource ({@code ofResource}), or else of the
   * employee anywhere; null when there is none (any more).
   */
  static Future<Holder> holder(
      SqlClient db, UUID resource, UUID employee, Span span, boolean ofResource) {
    Tuple args =
        Tuple.tuple()
            .addValue(resource)
            .addValue(employee)
            .addValue(utc(span.start()))
            .addValue(utc(span.end()))
            .addValue(ofResource);
    return db.preparedQuery(HOLDER)
        .execute(args)
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row r = rows.iterator().next();
              return new Holder(
                  HubDay.span(r),
                  r.getBoolean("mine"),
                  r.getString("resource_name"),
                  r.getString("hub_name"),
                  ZoneId.of(r.getString("time_zone")));
            });
  }

  /** The booking as {@link BookingView} reads it; 404 when there is none. */
  static Future<Row> load(SqlClient db, UUID id) {
    return find(db, id)
        .map(
            row -> {
              if (row == null) {
                throw Problem.notFound(Text.of("hubs.notFound.booking"));
              }
              return row;
            });
  }

  /** The booking as {@link BookingView} reads it; null when there is none. */
  static Future<Row> find(SqlClient db, UUID id) {
    return db.preparedQuery(BookingView.BY_ID)
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  /** The employee's bookings on the local dates from..to, in time order (at most 500). */
  static Future<RowSet<Row>> mine(SqlClient db, UUID employee, LocalDate from, LocalDate to) {
    return db.preparedQuery(MINE).execute(Tuple.of(employee, from, to));
  }

  /**
   * The employee's bookings for their calendar feed, as {@link BookingView} reads them: those not
   * ended by {@code since} (cancelled ones if cancelled after it), in time order (at most 2000).
   */
  static Future<RowSet<Row>> forFeed(SqlClient db, UUID employee, Instant since) {
    return db.preparedQuery(FOR_FEED).execute(Tuple.of(employee, utc(since)));
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

  /** A waitlist offer declined: its held booking is cancelled, if it still was an offer. */
  static Future<Void> declineOffer(SqlClient db, UUID id, Instant at) {
    return db.preparedQuery(DECLINE_OFFER).execute(Tuple.of(id, utc(at))).mapEmpty();
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

  /**
   * Cancels the live bookings of the hub (or of one resource, when not null) that overlap the span,
   * by {@code actor} at {@code at} with the reason.
   */
  static Future<List<Cancelled>> cancelOverlapping(
      SqlClient db, UUID hubId, UUID resource, Span span, Instant at, UUID actor, String reason) {
    return db.preparedQuery(CANCEL_OVERLAPPING)
        .execute(
            Tuple.tuple()
                .addValue(hubId)
                .addValue(resource)
                .addValue(utc(span.start()))
                .addValue(utc(span.end()))
                .addValue(utc(at))
                .addValue(actor)
                .addValue(reason))
        .map(rows -> all(rows, Cancelled::of));
  }

  /**
   * The live bookings of the hub (or of one resource, when not null) that overlap the span, in time
   * order: what a closure would cancel.
   */
  static Future<List<Affected>> overlapping(SqlClient db, UUID hubId, UUID resource, Span span) {
    return db.preparedQuery(OVERLAPPING)
        .execute(Tuple.of(hubId, resource, utc(span.start()), utc(span.end())))
        .map(rows -> all(rows, Affected::of));
  }

  /** The live bookings of the hub that have not ended at {@code at}, in time order. */
  static Future<List<Affected>> notEnded(SqlClient db, UUID hubId, Instant at) {
    return db.preparedQuery(NOT_ENDED)
        .execute(Tuple.of(hubId, utc(at)))
        .map(rows -> all(rows, Affected::of));
  }

  /**
   * Cancels those of these bookings that are still live, by {@code actor} at {@code at} with the
   * reason (null: none given).
   */
  static Future<List<Cancelled>> cancelThese(
      SqlClient db, List<UUID> ids, Instant at, UUID actor, String reason) {
    return db.preparedQuery(CANCEL_THESE)
        .execute(Tuple.of(ids.toArray(new UUID[0]), utc(at), actor, reason))
        .map(rows -> all(rows, Cancelled::of));
  }

  /**
   * Releases (NO_SHOW, at {@code at}) every booking whose check-in window closed without a
   * check-in.
   */
  static Future<List<Released>> releaseNoShows(SqlClient db, Instant at) {
    return db.preparedQuery(RELEASE_NO_SHOWS)
        .execute(Tuple.of(utc(at)))
        .map(
            rows ->
                all(
                    rows,
                    r ->
                        new Released(
                            r.getUUID("id"),
                            r.getUUID("hub_id"),
                            r.getUUID("employee_id"),
                            HubDay.span(r),
                            r.getString("resource_name"),
                            r.getString("hub_name"),
                            ZoneId.of(r.getString("time_zone")))));
  }

  /** Ends (EXPIRED) every waitlist offer not confirmed by {@code at}. */
  static Future<List<Freed>> lapseOffers(SqlClient db, Instant at) {
    return db.preparedQuery(LAPSE_OFFERS)
        .execute(Tuple.of(utc(at)))
        .map(rows -> all(rows, r -> new Freed(r.getUUID("id"), r.getUUID("hub_id"))));
  }

  private static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }
}
