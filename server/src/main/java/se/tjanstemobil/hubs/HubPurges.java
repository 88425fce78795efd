package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What retention deletes of the hubs' tables: past bookings and waits (in batches; a booking only
 * once no wait points at it), and a leaver's calendar feed once the leaver is anonymised.
 */
public final class HubPurges {

  private static final String BOOKINGS =
      """
    DELETE FROM bookings WHERE id IN (SELECT b.id FROM bookings b WHERE upper(b.period) < $1
      AND NOT EXISTS (SELECT 1 FROM waitlist w WHERE w.booking_id = b.id) LIMIT $2)""";
  private static final String WAITLIST =
      """
    DELETE FROM waitlist WHERE id IN (SELECT id FROM waitlist WHERE upper(wanted) < $1 LIMIT $2)""";
  private static final String LEAVERS_FEEDS =
      "DELETE FROM calendar_feeds WHERE employee_id = ANY($1::uuid[])";

  private HubPurges() {}

  /** At most {@code limit} bookings that ended before the cut-off; how many. */
  public static Future<Integer> bookings(SqlClient tx, OffsetDateTime cutOff, int limit) {
    return delete(tx, BOOKINGS, cutOff, limit);
  }

  /** At most {@code limit} waits for times that ended before the cut-off; how many. */
  public static Future<Integer> waitlist(SqlClient tx, OffsetDateTime cutOff, int limit) {
    return delete(tx, WAITLIST, cutOff, limit);
  }

  /** The leavers' calendar feeds, in the caller's transaction. */
  public static Future<Void> leavers(SqlClient tx, List<UUID> employees) {
    return tx.preparedQuery(LEAVERS_FEEDS)
        .execute(Tuple.of((Object) employees.toArray(new UUID[0])))
        .mapEmpty();
  }

  private static Future<Integer> delete(
      SqlClient tx, String sql, OffsetDateTime cutOff, int limit) {
    return tx.preparedQuery(sql).execute(Tuple.of(cutOff, limit)).map(RowSet::rowCount);
  }
}
