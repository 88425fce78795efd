package se.tjanstemobil.support;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for something the server does on its own (a sweep, a push), asking again until it holds. */
public final class Eventually {

  private Eventually() {
  }

  public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "; last seen: " + last);
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
}
