package se.tjanstemobil.availability;

import io.vertx.core.Future;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What retention deletes of availability's tables: periods that ended long ago (in batches), and
 * everything about a leaver's hours once the leaver is anonymised.
 */
public final class AvailabilityPurges {

  private static final String PERIODS =
      """
    DELETE FROM availability_periods WHERE id IN (SELECT id FROM availability_periods WHERE end_at < $1 LIMIT $2)""";
  private static final String LEAVERS_PERIODS =
      "DELETE FROM availability_periods WHERE employee_id = ANY($1::uuid[])";
  private static final String LEAVERS_PROFILES =
      "DELETE FROM availability_profiles WHERE employee_id = ANY($1::uuid[])";

  private AvailabilityPurges() {}

  /** At most {@code limit} periods that ended before the cut-off; how many. */
  public static Future<Integer> periods(SqlClient tx, OffsetDateTime cutOff, int limit) {
    return tx.preparedQuery(PERIODS).execute(Tuple.of(cutOff, limit)).map(RowSet::rowCount);
  }

  /** The leavers' periods and working hours, in the caller's transaction. */
  public static Future<Void> leavers(SqlClient tx, List<UUID> employees) {
    Tuple ids = Tuple.of((Object) employees.toArray(new UUID[0]));
    return tx.preparedQuery(LEAVERS_PERIODS)
        .execute(ids)
        .compose(v -> tx.preparedQuery(LEAVERS_PROFILES).execute(ids))
        .mapEmpty();
  }
}
