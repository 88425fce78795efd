package se.tjanstemobil.jobs;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Job} on its period, as a verticle of its own: Vert.x cancels its timer when it is
 * undeployed, and {@link #stop()} waits for a run in flight, so nothing runs once the pool closes.
 * A run never overlaps the previous one; a tick that finds one running is skipped. Everything here
 * happens on the verticle's own event loop, so {@code current} needs no lock.
 */
final class Every extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(Every.class);

  private final Job job;
  private Future<?> current = Future.succeededFuture();
  private boolean busy;

  Every(Job job) {
    this.job = job;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(
        job.period().toMillis(),
        id -> {
          if (!busy) {
            run();
          }
        });
    return Future.succeededFuture();
  }

  /** Runs the job once more, after the run in flight if there is one; from any thread. */
  Future<Void> runOnce() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> current.transform(previous -> run()).onComplete(ar -> done.complete(), done::fail));
    return done.future();
  }

  private Future<?> run() {
    busy = true;
    Future<?> run;
    try {
      run = job.run().get();
    } catch (RuntimeException e) {
      run = Future.failedFuture(e);
    }
    current =
        run.onComplete(
            ar -> {
              busy = false;
              if (ar.failed()) {
                log.warn(
                    "Job {} failed (runs again in {}): {}",
                    job.name(),
                    job.period(),
                    ar.cause().toString());
              }
            });
    return current;
  }

  /** Undeploying waits for the run in flight: its statements finish before the pool is closed. */
  @Override
  public Future<?> stop() {
    return current.otherwiseEmpty();
  }
}
