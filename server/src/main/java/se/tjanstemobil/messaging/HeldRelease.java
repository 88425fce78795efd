package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.jobs.Job;

/**
 * Releases held pushes whose recipient's time has come ({@link Outbox#releaseHeld}: one sweep over
 * the indexed due time, so thousands of windows opening at 07:00 are one statement, not a scan of
 * every employee). The job runs every {@code period} (for pushes held since by other instances);
 * when the next held push falls due before the next run, the run waits for it and releases again,
 * so 07:00 releases at 07:00, not at the next tick.
 */
public final class HeldRelease {

  private static final Logger log = LoggerFactory.getLogger(HeldRelease.class);

  private final Vertx vertx;
  private final Pool pool;
  private final Outbox outbox;
  private final Clock clock;
  private final Duration period;

  public HeldRelease(Vertx vertx, Pool pool, Outbox outbox, Clock clock, Duration period) {
    this.vertx = vertx;
    this.pool = pool;
    this.outbox = outbox;
    this.clock = clock;
    this.period = period;
  }

  /** The job "held-release". */
  public Job job() {
    return new Job("held-release", period, this::run);
  }

  private Future<Long> run() {
    return release()
        .compose(released -> outbox.nextHeldDue(pool))
        .compose(
            next -> {
              long wait = next == null ? Long.MAX_VALUE : next.toEpochMilli() - clock.millis();
              if (wait >= period.toMillis()) {
                return Future.succeededFuture(0L);
              }
              return vertx.timer(Math.max(1, wait)).compose(v -> release());
            });
  }

  /** Releases everything due now; completes with how many held pushes it took. */
  public Future<Long> release() {
    Instant now = clock.instant();
    return pool.withTransaction(tx -> outbox.releaseHeld(tx, now))
        .map(
            r -> {
              if (r.due() > 0) {
                log.info(
                    "Released {} held pushes: {} now, {} folded into {} digests, {} expired",
                    r.due(),
                    r.released(),
                    r.folded(),
                    r.digests(),
                    r.expired());
              } else if (r.expired() > 0) {
                log.info(
                    "{} held pushes without a working time expired or were given up", r.expired());
              }
              return r.due();
            })
        .compose(
            due ->
                due >= Outbox.RELEASE_LIMIT
                    ? release().map(more -> due + more)
                    : Future.succeededFuture(due))
        .onFailure(
            e -> log.warn("Releasing held pushes failed (tried again shortly): {}", e.getMessage()))
        .otherwise(0L);
  }
}
