package se.tjanstemobil.reliability;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import se.tjanstemobil.push.FakeFcm;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Eventually;
import se.tjanstemobil.support.PrometheusText;

/**
 * FCM down (every request 503) for a while, then back: everything is delivered, nothing is marked
 * failed, and the workers back off instead of storming (the request rate falls during the outage,
 * the backoff shows in /metrics). Then a burst of 429s with Retry-After: sending stops for that
 * long and resumes, and the quota is never exceeded.
 *
 * <p>Its sleeps are the outage and recovery phases themselves: real time is the subject (how the
 * workers pace and back off while FCM is down), so they stay real.
 */
final class FcmOutageScenario {

  /**
   * @param sender a manager, through the load balancer (or the one server)
   * @param unitId the unit whose members hold the phones
   * @param tokens the push tokens of every active device in that unit
   * @param instances each instance, for /metrics
   * @param quotaPerSecond what all instances together may send a second
   * @param heartbeatMillis how soon the other instances hear of a pause one of them was told to
   *     take
   */
  record Setup(
      Api sender,
      String unitId,
      FakeFcm fcm,
      Set<String> tokens,
      List<Api> instances,
      double quotaPerSecond,
      int retryAfterSeconds,
      long backoffBaseMillis,
      long backoffMaxMillis,
      long heartbeatMillis) {}

  /**
   * The SDK answers a 503 with four retries of its own, 0.5, 1, 2 and 4 s apart, each at least half
   * that.
   */
  private static final int SDK_TRIES = 5;

  private static final long SDK_RETRIES_MIN_MILLIS = 3_750;

  static Checks run(Setup s, Duration outage) throws Exception {
    Checks checks =
        new Checks(
            "FCM down for "
                + outage.toSeconds()
                + " s, then a burst of 429s ("
                + s.tokens().size()
                + " phones)");
    FakeFcm fcm = s.fcm();

    // 1. The outage.
    fcm.down(FakeFcm.Fault.UNAVAILABLE);
    long downAt = System.currentTimeMillis();
    long requestsBefore = fcm.requests();
    String first = send(s, "Under driftstörning");
    // The outage itself, in real time: how the workers pace while FCM is down is the subject.
    Thread.sleep(outage.toMillis());
    fcm.up();
    long upAt = System.currentTimeMillis();
    long during = fcm.requests() - requestsBefore;
    int parts = 4;
    long[] perPart = new long[parts];
    for (FakeFcm.Request r : fcm.requestLog()) {
      if (r.atMillis() >= downAt && r.atMillis() < upAt) {
        perPart[(int) Math.min(parts - 1, (r.atMillis() - downAt) * parts / (upAt - downAt))]++;
      }
    }
    checks.note(
        "requests to FCM while it was down, by quarter of the outage: %d, %d, %d, %d (%d in all)",
        perPart[0], perPart[1], perPart[2], perPart[3], during);
    boolean delivered = waitForAll(s, first, Duration.ofMinutes(6));
    checks.note(
        "every phone had it %d s after FCM came back", (System.currentTimeMillis() - upAt) / 1000);
    checks.check(
        "every phone got the message once FCM was back",
        delivered,
        missing(s, first) + " phones without it");
    JsonObject stats = s.sender().get("/api/v1/messages/" + first).json().getJsonObject("stats");
    checks.check(
        "no delivery given up as failed", stats.getInteger("devicesFailed") == 0, stats.encode());
    long allowed =
        (long) SDK_TRIES
            * attemptsWithin(outage.toMillis(), s.backoffBaseMillis(), s.backoffMaxMillis())
            * s.tokens().size();
    checks.check(
        "no retry storm: no more requests than the SDK's retries and the configured backoff allow",
        during <= allowed,
        during + " requests, at most " + allowed + " allowed");
    List<Long> outageTimes =
        fcm.requestLog().stream()
            .map(FakeFcm.Request::atMillis)
            .filter(t -> t >= downAt && t < upAt)
            .sorted()
            .toList();
    int outagePeak = peakPerSecond(outageTimes);
    checks.check(
        "no retry storm: the request rate stayed within the quota while FCM was down",
        outagePeak <= s.quotaPerSecond() * 1.1 + 2,
        "peak " + outagePeak + " a second, quota " + Math.round(s.quotaPerSecond()));
    double backoffMax = 0;
    double backoffCount = 0;
    for (Api instance : s.instances()) {
      String metrics = instance.get("/metrics").text();
      backoffMax =
          Math.max(backoffMax, PrometheusText.max(metrics, "tjm_push_backoff_seconds_max"));
      backoffCount += PrometheusText.sum(metrics, "tjm_push_backoff_seconds_count");
    }
    checks.check(
        "the backoff is visible in /metrics (tjm_push_backoff_seconds)",
        backoffCount > 0 && backoffMax > 0,
        (long) backoffCount + " backoffs, the longest " + backoffMax + " s");

    // 2. A burst of 429s with Retry-After.
    int refusals = Math.max(10, s.tokens().size() / 5);
    fcm.failNext(refusals, FakeFcm.Fault.QUOTA_EXCEEDED).retryAfter(s.retryAfterSeconds());
    long burstRequestsBefore = fcm.requests();
    long burstAt = System.currentTimeMillis();
    String second = send(s, "Efter kvotstopp");
    boolean deliveredAfterBurst = waitForAll(s, second, Duration.ofMinutes(3));
    fcm.retryAfter(null);
    List<FakeFcm.Request> burst =
        fcm.requestLog().stream()
            .filter(r -> r.atMillis() >= burstAt)
            .sorted(Comparator.comparingLong(FakeFcm.Request::atMillis))
            .toList();
    // Each instance pauses when it hears 429; its connections go quiet for Retry-After. Requests
    // it had already sent may still arrive in the first half second.
    long pauseMillis = s.retryAfterSeconds() * 1000L;
    long inPause = 0;
    for (FakeFcm.Request refused : burst.stream().filter(r -> r.status() == 429).toList()) {
      inPause +=
          burst.stream()
              .filter(
                  r ->
                      r.connection().equals(refused.connection())
                          && r.atMillis() > refused.atMillis() + 500
                          && r.atMillis() < refused.atMillis() + pauseMillis - 300)
              .count();
    }
    long lastRefusal =
        burst.stream()
            .filter(r -> r.status() == 429)
            .mapToLong(FakeFcm.Request::atMillis)
            .max()
            .orElse(burstAt);
    checks.note(
        "%d requests refused with 429 (Retry-After %d s); the last refusal %d ms after the send, the last push %d ms after it",
        refusals,
        s.retryAfterSeconds(),
        lastRefusal - burstAt,
        burst.isEmpty() ? 0 : burst.get(burst.size() - 1).atMillis() - burstAt);
    checks.check(
        "after each 429, nothing sent on that instance's connections while Retry-After ran",
        inPause == 0,
        inPause + " requests in a pause");
    // The others hear of it at their next heartbeat, and stop too.
    long sharedFrom = s.heartbeatMillis() + 800;
    long inSharedPause = 0;
    for (FakeFcm.Request refused : burst.stream().filter(r -> r.status() == 429).toList()) {
      inSharedPause +=
          burst.stream()
              .filter(
                  r ->
                      r.atMillis() > refused.atMillis() + sharedFrom
                          && r.atMillis() < refused.atMillis() + pauseMillis - 300)
              .count();
    }
    checks.check(
        "and nothing from any instance once the pause was shared (a heartbeat later)",
        inSharedPause == 0,
        inSharedPause + " requests in a shared pause");
    checks.check(
        "everything delivered after the pauses",
        deliveredAfterBurst,
        missing(s, second) + " phones without it");
    int peak = peakPerSecond(burst.stream().map(FakeFcm.Request::atMillis).toList());
    checks.check(
        "the quota held: no second with more than the quota allows",
        peak <= s.quotaPerSecond() * 1.1 + 2,
        "peak "
            + peak
            + " a second, quota "
            + Math.round(s.quotaPerSecond())
            + " a second; "
            + (fcm.requests() - burstRequestsBefore)
            + " requests in the burst phase");
    return checks;
  }

  private static String send(Setup s, String title) {
    Api.Response r =
        s.sender()
            .post(
                "/api/v1/messages",
                new JsonObject()
                    .put("title", title)
                    .put("body", "Driftprov av push")
                    .put("category", "INFO")
                    .put(
                        "audience",
                        new JsonObject()
                            .put(
                                "units",
                                new JsonArray().add(new JsonObject().put("id", s.unitId())))));
    if (r.status() != 201) {
      throw new IllegalStateException("send refused: " + r.text());
    }
    return r.json().getString("id");
  }

  private static Set<String> reached(Setup s, String messageId) {
    Set<String> tokens = new HashSet<>();
    for (FakeFcm.Received r : s.fcm().delivered()) {
      JsonObject data = r.message().getJsonObject("data");
      if (data != null && messageId.equals(data.getString("messageId"))) {
        tokens.add(r.token());
      }
    }
    return tokens;
  }

  private static long missing(Setup s, String messageId) {
    Set<String> reached = reached(s, messageId);
    return s.tokens().stream().filter(t -> !reached.contains(t)).count();
  }

  private static boolean waitForAll(Setup s, String messageId, Duration timeout)
      throws InterruptedException {
    return Eventually.holds(timeout, () -> missing(s, messageId) == 0);
  }

  /**
   * How many worker attempts fit in the outage at most: each takes at least the SDK's retries, and
   * the backoff after it at least half its scheduled value (the jitter's floor).
   */
  static long attemptsWithin(long outageMillis, long baseMillis, long maxMillis) {
    long attempts = 1;
    long elapsed = SDK_RETRIES_MIN_MILLIS;
    while (elapsed < outageMillis) {
      long scheduled = Math.min(maxMillis, baseMillis << Math.min(30, attempts - 1));
      elapsed += scheduled / 2 + SDK_RETRIES_MIN_MILLIS;
      attempts++;
    }
    return attempts;
  }

  /** The most requests in any one-second window. */
  static int peakPerSecond(List<Long> sortedTimes) {
    int peak = 0;
    int from = 0;
    for (int to = 0; to < sortedTimes.size(); to++) {
      while (sortedTimes.get(to) - sortedTimes.get(from) >= 1_000) {
        from++;
      }
      peak = Math.max(peak, to - from + 1);
    }
    return peak;
  }
}
