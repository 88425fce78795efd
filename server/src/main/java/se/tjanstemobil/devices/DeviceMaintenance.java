package se.tjanstemobil.devices;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.jobs.Job;

/**
 * Drops push tokens not seen for 270 days (FCM's own guidance: such tokens are dead, and sending to
 * them only costs quota). Idempotent, so every instance may run it.
 */
public final class DeviceMaintenance {

  private static final Logger log = LoggerFactory.getLogger(DeviceMaintenance.class);
  public static final int DROP_AFTER_DAYS = 270;
  private static final String DROP_STALE =
      """
    UPDATE devices SET push_token = NULL, token_dropped = 'STALE'
    WHERE push_token IS NOT NULL AND last_seen_at < now() - make_interval(days => $1)
    """;

  private final Pool pool;

  public DeviceMaintenance(Pool pool) {
    this.pool = pool;
  }

  public Future<Integer> dropStaleTokens() {
    return pool.preparedQuery(DROP_STALE)
        .execute(Tuple.of(DROP_AFTER_DAYS))
        .map(
            rows -> {
              if (rows.rowCount() > 0) {
                log.info(
                    "Dropped {} push tokens not seen for {} days",
                    rows.rowCount(),
                    DROP_AFTER_DAYS);
              }
              return rows.rowCount();
            });
  }

  /** Every hour (a token turns stale over months; the first run is an hour after the start). */
  public Job job() {
    return new Job("device-maintenance", Duration.ofHours(1), this::dropStaleTokens);
  }
}
