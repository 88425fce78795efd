package se.tjanstemobil.devices;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
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

  private final Pool pool;
  private final DeviceStore store = new DeviceStore();

  public DeviceMaintenance(Pool pool) {
    this.pool = pool;
  }

  public Future<Integer> dropStaleTokens() {
    return store
        .dropStaleTokens(pool, DROP_AFTER_DAYS)
        .onSuccess(
            dropped -> {
              if (dropped > 0) {
                log.info("Dropped {} push tokens not seen for {} days", dropped, DROP_AFTER_DAYS);
              }
            });
  }

  /** Every hour (a token turns stale over months; the first run is an hour after the start). */
  public Job job() {
    return new Job("device-maintenance", Duration.ofHours(1), this::dropStaleTokens);
  }
}
