package se.tjanstemobil.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Eventually;

/**
 * The job runner: runs on demand, never overlaps a run with itself, and stops after a run in
 * flight.
 */
class JobsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aRunOnDemandWaitsForTheRunInFlightAndNeverOverlapsIt() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicReference<Promise<Void>> first = new AtomicReference<>();
    Job job =
        new Job(
            "slow",
            Duration.ofHours(1),
            () -> {
              runs.incrementAndGet();
              most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              Promise<Void> p = Promise.promise();
              if (first.compareAndSet(null, p)) {
                return p.future().onComplete(ar -> inFlight.decrementAndGet());
              }
              inFlight.decrementAndGet();
              return Future.succeededFuture();
            });
    Jobs jobs = new Jobs(vertx);
    await(jobs.start(List.of(job)));
    Future<Void> one = jobs.runOnce("slow");
    Future<Void> two = jobs.runOnce("slow");
    // The first run hangs until released: the second has not started.
    Eventually.await("the first run", Duration.ofSeconds(5), () -> first.get() != null);
    assertFalse(two.isComplete());
    assertEquals(1, runs.get());
    first.get().complete();
    await(one);
    await(two);
    assertEquals(2, runs.get());
    assertEquals(1, most.get(), "two runs of one job overlapped");
  }

  @Test
  void stoppingWaitsForTheRunInFlightAndEndsTheTimer() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Promise<Void> hanging = Promise.promise();
    Jobs jobs = new Jobs(vertx);
    await(
        jobs.start(
            List.of(
                new Job(
                    "ticking",
                    Duration.ofMillis(20),
                    () ->
                        runs.incrementAndGet() == 1
                            ? hanging.future()
                            : Future.succeededFuture()))));
    Eventually.await("the first run", Duration.ofSeconds(5), () -> runs.get() == 1);
    Future<Void> stopped = jobs.stop();
    // Half a second of real time, the subject here: the job's own 20 ms timer ticks meanwhile.
    assertTrue(
        Eventually.holdsFor(Duration.ofMillis(500), () -> !stopped.isComplete()),
        "stop did not wait for the run in flight");
    // The timer ticked meanwhile, but found the job busy: no second run.
    assertEquals(1, runs.get());
    hanging.complete();
    await(stopped);
    int after = runs.get();
    assertTrue(
        Eventually.holdsFor(Duration.ofMillis(500), () -> runs.get() == after),
        "the job ran after it was stopped");
  }

  @Test
  void aFailedRunIsReportedToItsCallerAndTheJobRunsAgain() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Jobs jobs = new Jobs(vertx);
    await(
        jobs.start(
            List.of(
                new Job(
                    "flaky",
                    Duration.ofHours(1),
                    () ->
                        runs.incrementAndGet() == 1
                            ? Future.failedFuture(new IllegalStateException("database away"))
                            : Future.succeededFuture()))));
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> await(jobs.runOnce("flaky")));
    assertEquals("database away", failed.getCause().getMessage());
    await(jobs.runOnce("flaky"));
    assertEquals(2, runs.get());
    assertThrows(ExecutionException.class, () -> await(jobs.runOnce("no-such-job")));
  }
}
