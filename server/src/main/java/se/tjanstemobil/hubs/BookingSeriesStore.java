package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The SQL of booking series: the series row with its results per date, its occurrences (bookings
 * with its id, made by {@link Booker}), and cancelling the rest of it.
 */
final class BookingSeriesStore {

  /** A series by the Idempotency-Key of the request that made it. */
  static final String BY_KEY =
      "SELECT id, request_hash FROM booking_series WHERE employee_id = $1 AND idempotency_key = $2";

  private static final String INSERT =
      """
    INSERT INTO booking_series (employee_id, resource_id, weekdays, start_time, end_time, from_date, to_date, idempotency_key, request_hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id
    """;
  private static final String SAVE_RESULTS = "UPDATE booking_series SET results = $2 WHERE id = $1";
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

  /** What a new series writes; the idempotency key (with the request's hash) may be null. */
  record NewSeries(
      UUID employee,
      UUID resource,
      Set<DayOfWeek> weekdays,
      LocalTime start,
      LocalTime end,
      LocalDate from,
      LocalDate to,
      String idempotencyKey,
      String hash) {}

  /** A series as its row holds it; results one per date it was booked for. */
  record Series(
      UUID id,
      UUID employeeId,
      UUID resourceId,
      List<String> weekdays,
      LocalTime start,
      LocalTime end,
      LocalDate from,
      LocalDate to,
      JsonArray results) {

    static Series of(Row s) {
      Object results = s.getValue("results");
      return new Series(
          s.getUUID("id"),
          s.getUUID("employee_id"),
          s.getUUID("resource_id"),
          List.of(s.getArrayOfStrings("weekdays")),
          s.getLocalTime("start_time"),
          s.getLocalTime("end_time"),
          s.getLocalDate("from_date"),
          s.getLocalDate("to_date"),
          results instanceof JsonArray a ? a : new JsonArray(String.valueOf(results)));
    }
  }

  private BookingSeriesStore() {}

  /** A new series (no results yet); its id. A unique violation when the key was used meanwhile. */
  static Future<UUID> insert(SqlClient db, NewSeries s) {
    return db.preparedQuery(INSERT)
        .execute(
            Tuple.tuple()
                .addValue(s.employee())
                .addValue(s.resource())
                .addValue(s.weekdays().stream().map(Enum::name).toArray(String[]::new))
                .addValue(s.start())
                .addValue(s.end())
                .addValue(s.from())
                .addValue(s.to())
                .addValue(s.idempotencyKey())
                .addValue(s.hash()))
        .map(rows -> rows.iterator().next().getUUID("id"));
  }

  static Future<Void> saveResults(SqlClient db, UUID id, JsonArray results) {
    return db.preparedQuery(SAVE_RESULTS).execute(Tuple.of(id, results)).mapEmpty();
  }

  /** The series; null when there is none. */
  static Future<Series> one(SqlClient db, UUID id) {
    return db.preparedQuery(ONE)
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : Series.of(rows.iterator().next()));
  }

  /** The series' bookings as {@link BookingView} reads them, in time order. */
  static Future<RowSet<Row>> occurrences(SqlClient db, UUID id) {
    return db.preparedQuery(OCCURRENCES).execute(Tuple.of(id));
  }

  /**
   * Cancels the series' offered and booked occurrences on the local date {@code from} and after
   * that have not ended at {@code at}; those cancelled.
   */
  static Future<List<BookingStore.Freed>> cancelRest(
      SqlClient db, UUID id, LocalDate from, Instant at) {
    return db.preparedQuery(CANCEL_REST)
        .execute(Tuple.of(id, from, at.atOffset(ZoneOffset.UTC)))
        .map(
            rows -> {
              List<BookingStore.Freed> out = new ArrayList<>();
              rows.forEach(
                  r -> out.add(new BookingStore.Freed(r.getUUID("id"), r.getUUID("hub_id"))));
              return out;
            });
  }
}
