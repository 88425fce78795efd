package se.tjanstemobil.jobs;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A piece of background work a feature names: a sweep, a reminder run, a maintenance pass. It is
 * run every {@code period} by {@link Jobs}, never overlapping itself, and can be run once on demand
 * (tests drive time and then run it instead of waiting for its timer).
 *
 * @param name a stable name, unique among the server's jobs (used by tests and in logs)
 * @param period how long between the end of one run's start and the next start
 * @param run one run; its future completes when the run is done
 */
public record Job(String name, Duration period, Supplier<Future<?>> run) {

  public Job {
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException(
          "job " + name + ": the period must be positive, not " + period);
    }
  }
}
