package se.tjanstemobil.hubs;

import static se.tjanstemobil.db.Rows.all;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The SQL of the waitlist: joining, leaving, reading one's place, the offers (a held booking for
 * the first in line whom a freed resource fits), and how the sweeps and closures end waits. Each
 * method runs on the client it is given (the pool, or the caller's transaction).
 */
final class WaitlistStore {

  // Resources of the kind that are free over the whole interval (neither booked nor closed).
  private static final String FREE_RESOURCES =
      """
    SELECT r.id, r.name FROM resources r
    WHERE r.hub_id = $1 AND r.active AND ($2::text IS NULL OR r.kind = $2)
      AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.resource_id = r.id AND b.status IN %1$s
                      AND b.period && tstzrange($3, $4))
      AND NOT EXISTS (SELECT 1 FROM closures c WHERE c.hub_id = r.hub_id AND (c.resource_id IS NULL OR c.resource_id = r.id)
                      AND c.period && tstzrange($3, $4))
    ORDER BY r.name LIMIT 3
    """
          .formatted(BookingStatus.LIVE_SQL);
  private static final String JOIN =
      """
    INSERT INTO waitlist (hub_id, employee_id, kind, wanted, local_date) VALUES ($1, $2, $3, tstzrange($4, $5), $6)
    RETURNING id
    """;
  private static final String SELECT =
      """
    SELECT w.id, w.hub_id, h.name AS hub_name, h.time_zone, w.kind, lower(w.wanted) AS start_at, upper(w.wanted) AS end_at,
           w.local_date, w.status, w.booking_id, w.created_at, b.offer_until,
           (SELECT count(*) FROM waitlist o WHERE o.hub_id = w.hub_id AND o.local_date = w.local_date AND o.status = 'WAITING'
              AND o.created_at < w.created_at) + 1 AS position
    FROM waitlist w JOIN hubs h ON h.id = w.hub_id LEFT JOIN bookings b ON b.id = w.booking_id
    """;
  private static final String MINE =
      SELECT
          + " WHERE w.employee_id = $1 AND w.local_date >= $2 ORDER BY w.local_date, w.created_at LIMIT 200";
  private static final String ONE = SELECT + " WHERE w.id = $1 AND w.employee_id = $2";
  private static final String LEAVE =
      """
    UPDATE waitlist SET status = 'LEFT', updated_at = now() WHERE id = $1 AND employee_id = $2 AND status IN ('WAITING', 'OFFERED')
    RETURNING hub_id, booking_id
    """;

  // Offers, one hub at a time (a lock per hub), first in line first.
  private static final String LOCK_HUB =
      "SELECT pg_advisory_xact_lock(hashtext('waitlist:' || $1::text))";
  private static final String WAITING =
      """
    SELECT w.id, w.employee_id FROM waitlist w
    WHERE w.hub_id = $1 AND w.status = 'WAITING' AND upper(w.wanted) > $2
    ORDER BY w.created_at, w.id LIMIT 500
    """;
  private static final String OFFER =
      """
    INSERT INTO bookings (resource_id, hub_id, employee_id, period, local_date, status, offer_until)
    SELECT r.id, r.hub_id, w.employee_id, w.wanted, w.local_date, 'OFFERED', $2::timestamptz + make_interval(mins => h.offer_hold_minutes)
    FROM waitlist w JOIN hubs h ON h.id = w.hub_id
    JOIN resources r ON r.hub_id = w.hub_id AND r.active AND (w.kind IS NULL OR r.kind = w.kind)
    WHERE w.id = $1
      AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.resource_id = r.id AND b.status IN %1$s
                      AND b.period && w.wanted)
      AND NOT EXISTS (SELECT 1 FROM closures c WHERE c.hub_id = r.hub_id AND (c.resource_id IS NULL OR c.resource_id = r.id)
                      AND c.period && w.wanted)
      AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.employee_id = w.employee_id AND b.status IN %1$s
                      AND b.period && w.wanted)
      AND (SELECT count(*) FROM bookings b WHERE b.employee_id = w.employee_id AND b.hub_id = w.hub_id
           AND b.local_date = w.local_date AND b.status IN %1$s) < h.max_per_day
    ORDER BY r.name
    LIMIT 1
    ON CONFLICT DO NOTHING
    RETURNING id, resource_id, lower(period) AS start_at, upper(period) AS end_at, offer_until,
              (SELECT name FROM resources WHERE id = resource_id) AS resource_name
    """
          .formatted(BookingStatus.LIVE_SQL);
  private static final String MARK_OFFERED =
      "UPDATE waitlist SET status = 'OFFERED', booking_id = $2, updated_at = now() WHERE id = $1";

  private static final String EXPIRE_OFFERS_OF =
      """
    UPDATE waitlist SET status = 'EXPIRED', updated_at = now() WHERE booking_id = ANY($1::uuid[]) AND status = 'OFFERED'
    """;
  private static final String EXPIRE_PAST =
      """
    UPDATE waitlist SET status = 'EXPIRED', updated_at = now() WHERE status = 'WAITING' AND upper(wanted) <= $1
    """;
  private static final String HUBS_WITH_WAITING =
      "SELECT DISTINCT hub_id FROM waitlist WHERE status = 'WAITING'";
  // An offer of a cancelled booking goes back into line (and ends below if the whole hub closes).
  private static final String BACK_IN_LINE =
      """
    UPDATE waitlist SET status = 'WAITING', booking_id = NULL, updated_at = now() WHERE booking_id = ANY($1::uuid[]) AND status = 'OFFERED'
    """;
  private static final String END_WAITING =
      """
    UPDATE waitlist SET status = 'EXPIRED', updated_at = now()
    WHERE hub_id = $1 AND status = 'WAITING' AND wanted && tstzrange($2, $3)
    RETURNING employee_id
    """;
  private static final String WAITING_OVER =
      """
    SELECT count(*) AS n FROM waitlist WHERE hub_id = $1 AND status = 'WAITING' AND wanted && tstzrange($2, $3)
    """;
  private static final String DEMAND =
      """
    SELECT local_date, count(*) AS n FROM waitlist WHERE hub_id = $1 AND local_date BETWEEN $2 AND $3 GROUP BY local_date
    """;

  /** A resource free over the whole interval asked for. */
  record Free(UUID id, String name) {}

  /** A new place in line; kind null for any. */
  record NewWait(UUID hubId, UUID employee, String kind, Span wanted, LocalDate day) {}

  /**
   * A place in line as its employee sees it: position counts from 1 among those waiting that day;
   * bookingId and offerUntil are those of the offer, when there is one.
   */
  record Entry(
      UUID id,
      UUID hubId,
      String hubName,
      ZoneId zone,
      String kind,
      LocalDate date,
      Span wanted,
      WaitlistStatus status,
      UUID bookingId,
      Instant joinedAt,
      Instant offerUntil,
      long position) {

    static Entry of(Row r) {
      OffsetDateTime offerUntil = r.getOffsetDateTime("offer_until");
      return new Entry(
          r.getUUID("id"),
          r.getUUID("hub_id"),
          r.getString("hub_name"),
          ZoneId.of(r.getString("time_zone")),
          r.getString("kind"),
          r.getLocalDate("local_date"),
          HubDay.span(r),
          WaitlistStatus.valueOf(r.getString("status")),
          r.getUUID("booking_id"),
          r.getOffsetDateTime("created_at").toInstant(),
          offerUntil == null ? null : offerUntil.toInstant(),
          r.getLong("position"));
    }
  }

  /** A place given up: its hub, and the booking held for it when it was an offer (else null). */
  record Left(UUID hubId, UUID bookingId) {}

  /** Someone in line. */
  record Waiting(UUID id, UUID employee) {}

  /** A booking held for someone in line until {@code offerUntil}. */
  record Offered(UUID bookingId, String resourceName, Span span, Instant offerUntil) {}

  private WaitlistStore() {}

  /** Up to three active resources (of the kind, when not null) free over the span, by name. */
  static Future<List<Free>> freeResources(SqlClient db, UUID hubId, String kind, Span span) {
    return db.preparedQuery(FREE_RESOURCES)
        .execute(Tuple.of(hubId, kind, utc(span.start()), utc(span.end())))
        .map(rows -> all(rows, r -> new Free(r.getUUID("id"), r.getString("name"))));
  }

  /** A new place in line; its id. A unique violation when the employee already waits that day. */
  static Future<UUID> join(SqlClient db, NewWait w) {
    return db.preparedQuery(JOIN)
        .execute(
            Tuple.of(
                w.hubId(),
                w.employee(),
                w.kind(),
                utc(w.wanted().start()),
                utc(w.wanted().end()),
                w.day()))
        .map(rows -> rows.iterator().next().getUUID("id"));
  }

  /** The employee's entry; null when they have none by that id. */
  static Future<Entry> one(SqlClient db, UUID id, UUID employee) {
    return db.preparedQuery(ONE)
        .execute(Tuple.of(id, employee))
        .map(rows -> rows.size() == 0 ? null : Entry.of(rows.iterator().next()));
  }

  /** The employee's entries from the date on, by date and time of joining (at most 200). */
  static Future<List<Entry>> mine(SqlClient db, UUID employee, LocalDate since) {
    return db.preparedQuery(MINE)
        .execute(Tuple.of(employee, since))
        .map(rows -> all(rows, Entry::of));
  }

  /** The employee gives up a place that waits or holds an offer; null when it was neither. */
  static Future<Left> leave(SqlClient db, UUID id, UUID employee) {
    return db.preparedQuery(LEAVE)
        .execute(Tuple.of(id, employee))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row r = rows.iterator().next();
              return new Left(r.getUUID("hub_id"), r.getUUID("booking_id"));
            });
  }

  /** The hub's offer lock, until the transaction ends: offers at a hub are made one at a time. */
  static Future<Void> lockHub(SqlClient db, UUID hubId) {
    return db.preparedQuery(LOCK_HUB).execute(Tuple.of(hubId.toString())).mapEmpty();
  }

  /** Who waits at the hub for a time that has not ended at {@code at}, first in line first. */
  static Future<List<Waiting>> waiting(SqlClient db, UUID hubId, Instant at) {
    return db.preparedQuery(WAITING)
        .execute(Tuple.of(hubId, utc(at)))
        .map(rows -> all(rows, r -> new Waiting(r.getUUID("id"), r.getUUID("employee_id"))));
  }

  /**
   * Holds the first resource (by name) that fits the wait for its employee, from {@code at} for the
   * hub's hold time; null when none fits. The entry is not marked: see {@link #markOffered}.
   */
  static Future<Offered> offer(SqlClient db, UUID entry, Instant at) {
    return db.preparedQuery(OFFER)
        .execute(Tuple.of(entry, utc(at)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row o = rows.iterator().next();
              return new Offered(
                  o.getUUID("id"),
                  o.getString("resource_name"),
                  HubDay.span(o),
                  o.getOffsetDateTime("offer_until").toInstant());
            });
  }

  static Future<Void> markOffered(SqlClient db, UUID entry, UUID booking) {
    return db.preparedQuery(MARK_OFFERED).execute(Tuple.of(entry, booking)).mapEmpty();
  }

  /** The waits whose offers were these bookings end (EXPIRED); nothing when there are none. */
  static Future<Void> expireOffersOf(SqlClient db, List<UUID> bookings) {
    return bookings.isEmpty()
        ? Future.succeededFuture()
        : db.preparedQuery(EXPIRE_OFFERS_OF).execute(Tuple.of((Object) array(bookings))).mapEmpty();
  }

  /** Waits for a time that has ended by {@code at} end (EXPIRED). */
  static Future<Void> expirePast(SqlClient db, Instant at) {
    return db.preparedQuery(EXPIRE_PAST).execute(Tuple.of(utc(at))).mapEmpty();
  }

  /** The hubs where someone waits. */
  static Future<List<UUID>> hubsWithWaiting(SqlClient db) {
    return db.query(HUBS_WITH_WAITING).execute().map(rows -> all(rows, r -> r.getUUID("hub_id")));
  }

  /** The offers that were these bookings go back into line; nothing when there are none. */
  static Future<Void> backInLine(SqlClient db, List<UUID> bookings) {
    return bookings.isEmpty()
        ? Future.succeededFuture()
        : db.preparedQuery(BACK_IN_LINE).execute(Tuple.of((Object) array(bookings))).mapEmpty();
  }

  /** The waits at the hub over the span end (EXPIRED); whose they were. */
  static Future<List<UUID>> endWaiting(SqlClient db, UUID hubId, Span span) {
    return db.preparedQuery(END_WAITING)
        .execute(Tuple.of(hubId, utc(span.start()), utc(span.end())))
        .map(rows -> all(rows, r -> r.getUUID("employee_id")));
  }

  /** How many wait at the hub for a time that overlaps the span (what a closure would end). */
  static Future<Long> waitingOver(SqlClient db, UUID hubId, Span span) {
    return db.preparedQuery(WAITING_OVER)
        .execute(Tuple.of(hubId, utc(span.start()), utc(span.end())))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  /** How many joined the hub's line per local date from..to (dates with none left out). */
  static Future<Map<LocalDate, Long>> demand(
      SqlClient db, UUID hubId, LocalDate from, LocalDate to) {
    return db.preparedQuery(DEMAND)
        .execute(Tuple.of(hubId, from, to))
        .map(
            rows -> {
              Map<LocalDate, Long> m = new HashMap<>();
              rows.forEach(r -> m.put(r.getLocalDate("local_date"), r.getLong("n")));
              return m;
            });
  }

  private static UUID[] array(List<UUID> ids) {
    return ids.toArray(new UUID[0]);
  }

  private static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }
}
