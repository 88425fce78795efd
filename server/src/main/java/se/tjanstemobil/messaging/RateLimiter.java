package se.tjanstemobil.messaging;

/**
 * A token bucket for the FCM project quota (messages a minute): at most a tenth of a second's worth
 * may go at once (one at least), and over any minute no more than the quota, so no second gets much
 * more than its sixtieth either. Confined to the worker's event loop.
 *
 * <p>Whatever is sent in a window of t ms is at most capacity + t * perMilli; with the refill rate
 * reduced by the burst (Q - Q/600 a minute), a minute's window holds at most Q.
 */
final class RateLimiter {

  private double perMilli;
  private double capacity;
  private double tokens;
  private long lastMillis;

  RateLimiter(long perMinute, long nowMillis) {
    rate(perMinute, nowMillis);
    this.tokens = capacity;
  }

  /** A new quota from now on (the worker's share changed); what is saved up stays within it. */
  void rate(long perMinute, long nowMillis) {
    refill(nowMillis);
    this.perMilli = perMinute * (1 - 1 / 600.0) / 60_000.0;
    this.capacity = Math.max(1, perMinute / 600.0);
    this.tokens = Math.min(tokens, capacity);
    this.lastMillis = nowMillis;
  }

  /** How many may be sent now. */
  int available(long nowMillis) {
    refill(nowMillis);
    return (int) Math.floor(tokens);
  }

  void take(int n, long nowMillis) {
    refill(nowMillis);
    tokens -= n;
  }

  /** Milliseconds until at least n may be sent (n no more than {@link #burst()}). */
  long waitMillis(long nowMillis, int n) {
    refill(nowMillis);
    return tokens >= n ? 0 : (long) Math.ceil((n - tokens) / perMilli);
  }

  /** The most that may ever go at once. */
  int burst() {
    return (int) Math.floor(capacity);
  }

  private void refill(long nowMillis) {
    if (nowMillis > lastMillis && perMilli > 0) {
      tokens = Math.min(capacity, tokens + (nowMillis - lastMillis) * perMilli);
      lastMillis = nowMillis;
    }
  }
}
