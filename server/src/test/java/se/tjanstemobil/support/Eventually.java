package se.tjanstemobil.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for something the server does on its own (a sweep, a push), asking again until it holds:
 * the one wait helper of the tests ({@code until} for a value, {@code await} for a condition,
 * {@code holds} to report instead of failing, {@code holdsFor} for "nothing happens meanwhile").
 * Its sleeps between looks are the tests' only ones besides those where real time is the subject.
 */
public final class Eventually {

  private Eventually() {}

  /**
   * Whether the condition came to hold within the timeout (for checks that report instead of
   * failing).
   */
  public static boolean holds(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "waited " + timeout.toSeconds() + " s for " + what + "; last seen: " + last);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
      last = probe.get();
    }
    return last;
  }

  /** Waits until the condition holds; fails naming what it waited for after the timeout. */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    until(what, timeout, condition::getAsBoolean, Boolean::booleanValue);
  }

  /**
   * Whether the condition held on every look for the whole duration (for "nothing more arrives"
   * over a span of real time, where real time is the subject).
   */
  public static boolean holdsFor(Duration duration, BooleanSupplier condition) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      if (!condition.getAsBoolean()) {
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }
}
