package se.tjanstemobil.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The FCM quota bucket: a delivery worker that waits for whole batches (as it does with a backlog)
 * keeps under the quota in every minute and still uses nearly all of it.
 */
class RateLimiterTest {

  @Test
  void wholeBatchesStayUnderTheQuotaInEveryMinuteAndUseNearlyAllOfIt() {
    long quota = 600_000;
    RateLimiter limiter = new RateLimiter(quota, 0);
    assertEquals(1_000, limiter.burst(), "a tenth of a second's worth at once");
    int batch = 500;
    // Ten simulated minutes: send a whole batch whenever the bucket holds one, else wait as told.
    int minutes = 10;
    long[] sentAt = new long[(int) (quota * minutes / batch) + 10];
    int batches = 0;
    long now = 0;
    while (now < minutes * 60_000L) {
      long wait = limiter.waitMillis(now, batch);
      if (wait > 0) {
        now += wait;
        continue;
      }
      assertTrue(limiter.available(now) >= batch);
      limiter.take(batch, now);
      sentAt[batches++] = now;
    }
    // In any window of one minute, no more than the quota.
    int first = 0;
    for (int last = 0; last < batches; last++) {
      while (sentAt[last] - sentAt[first] >= 60_000) {
        first++;
      }
      long inWindow = (long) (last - first + 1) * batch;
      assertTrue(inWindow <= quota, "minute ending at " + sentAt[last] + " ms had " + inWindow);
    }
    // And the quota is used: over the ten minutes at least 99.5% of it.
    long sent = (long) batches * batch;
    assertTrue(sent >= quota * minutes * 0.995, "sent " + sent + " of " + quota * minutes);
  }

  @Test
  void waitingForSeveralTakesAsLongAsTheirRefill() {
    RateLimiter limiter = new RateLimiter(60_000, 0); // 1,000 a second, a burst of 100
    limiter.take(limiter.available(0), 0);
    assertEquals(0, limiter.waitMillis(0, 0));
    long one = limiter.waitMillis(0, 1);
    long hundred = limiter.waitMillis(0, 100);
    assertTrue(one >= 1 && one <= 2, "one after " + one + " ms");
    assertTrue(hundred >= 100 && hundred <= 101, "a hundred after " + hundred + " ms");
    assertEquals(100, limiter.available(hundred));
  }
}
