package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The SQL of calendar feeds: one secret address per employee, looked up by the secret's hash. The
 * bookings a feed shows are read by {@link BookingStore#forFeed}.
 */
final class CalendarFeedStore {

  private static final String REPLACE =
      """
    INSERT INTO calendar_feeds (employee_id, token_hash, secret) VALUES ($1, $2, $3)
    ON CONFLICT (employee_id) DO UPDATE SET token_hash = excluded.token_hash, secret = excluded.secret, created_at = now(),
      last_used_at = NULL
    RETURNING secret, created_at, last_used_at
    """;
  private static final String CURRENT =
      "SELECT secret, created_at, last_used_at FROM calendar_feeds WHERE employee_id = $1";
  private static final String DROP =
      "DELETE FROM calendar_feeds WHERE employee_id = $1 RETURNING 1";
  private static final String OWNER =
      """
    UPDATE calendar_feeds f SET last_used_at = now() FROM employees e
    WHERE f.token_hash = $1 AND e.id = f.employee_id AND e.status = 'ACTIVE'
    RETURNING f.employee_id, e.locale
    """;

  /**
   * An employee's feed: its secret (null for a feed made before the server kept it), when it was
   * made and last read (null before the first read).
   */
  record Feed(String secret, OffsetDateTime createdAt, OffsetDateTime lastUsedAt) {
    static Feed of(Row r) {
      return new Feed(
          r.getString("secret"),
          r.getOffsetDateTime("created_at"),
          r.getOffsetDateTime("last_used_at"));
    }
  }

  /** Whose feed an address is, and the language their calendar is written in. */
  record Owner(UUID employeeId, String locale) {}

  private CalendarFeedStore() {}

  /** The employee's feed, made anew under the secret (the old address stops working). */
  static Future<Feed> replace(SqlClient db, UUID employee, String tokenHash, String secret) {
    return db.preparedQuery(REPLACE)
        .execute(Tuple.of(employee, tokenHash, secret))
        .map(rows -> Feed.of(rows.iterator().next()));
  }

  /** The employee's feed; null when they have none. */
  static Future<Feed> current(SqlClient db, UUID employee) {
    return db.preparedQuery(CURRENT).execute(Tuple.of(employee)).map(CalendarFeedStore::first);
  }

  /** Deletes the employee's feed; false when they had none. */
  static Future<Boolean> drop(SqlClient db, UUID employee) {
    return db.preparedQuery(DROP).execute(Tuple.of(employee)).map(rows -> rows.size() > 0);
  }

  /**
   * The active employee whose feed has this token hash, its use stamped; null when there is none.
   */
  static Future<Owner> owner(SqlClient db, String tokenHash) {
    return db.preparedQuery(OWNER)
        .execute(Tuple.of(tokenHash))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row r = rows.iterator().next();
              return new Owner(r.getUUID("employee_id"), r.getString("locale"));
            });
  }

  private static Feed first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : Feed.of(rows.iterator().next());
  }
}
