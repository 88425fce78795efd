package se.tjanstemobil.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.push.PushGateway;
import se.tjanstemobil.push.PushMessage;
import se.tjanstemobil.push.PushResult;

/**
 * The push outbox's worker. Claims due deliveries with FOR UPDATE SKIP LOCKED and a lease (so
 * several instances share the work, and a crash only means the lease runs out and the rows are
 * claimed again), sends them in batches through the gateway, and records each result: dead tokens
 * are dropped, passing faults retried with exponential backoff and jitter up to a limit, a quota
 * answer pauses all sending for Retry-After (a minute when none is given), configuration errors are
 * logged loudly and pause sending instead of looping. A token bucket keeps it under the project
 * quota. Woken by NOTIFY deliveries_due, and by a timer for scheduled and retried rows. Counts
 * pushes by outcome (tjm_push_results_total), pauses and the backoff it chose for /metrics.
 */
public final class DeliveryWorker extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

  /** Settings from push.* configuration. */
  public record Settings(
      int batchSize,
      int maxBatchesInFlight,
      int leaseSeconds,
      int maxAttempts,
      long backoffBaseMillis,
      long backoffMaxMillis,
      long quotaPerMinute,
      long quotaPauseMillis,
      long configErrorPauseMillis,
      long pollMillis,
      long heartbeatMillis) {}

  private final Pool pool;
  private final Outbox outbox;
  private final PushWorkers register = new PushWorkers();
  private final PgConnectOptions connectOptions;
  private final PushGateway gateway;
  private final Settings settings;
  private final MeterRegistry meters;

  private final UUID workerId = UUID.randomUUID();
  private RateLimiter limiter;

  /** This worker's share of the project quota, messages a minute (for /metrics too). */
  private final AtomicLong share = new AtomicLong();

  private PgSubscriber subscriber;
  private int inFlight;
  private boolean claiming;
  private boolean wakeAgain;
  private long pausedUntil;
  private long timerId = -1;
  private boolean stopped;
  private long heartbeatTimer = -1;
  private Future<Void> lastHeartbeat = Future.succeededFuture();

  /** The running workers the previous heartbeat saw (0: it failed, or there was none yet). */
  private long workersLastSeen;

  /** Claims wait for the first heartbeat: until then this worker's share is not known. */
  private boolean joined;

  /** The last claim found as many due as it could take: more are probably waiting. */
  private boolean backlog;

  public DeliveryWorker(
      Pool pool,
      Outbox outbox,
      PgConnectOptions connectOptions,
      PushGateway gateway,
      Settings settings,
      MeterRegistry meters) {
    this.meters = meters;
    this.pool = pool;
    this.outbox = outbox;
    this.connectOptions = connectOptions;
    this.gateway = gateway;
    this.settings = settings;
  }

  /** One row the claim returned, with what the push needs. */
  private record Claimed(
      long id,
      UUID deviceId,
      int attempts,
      PushMessage push,
      DeliveryStatus skipStatus,
      String skipReason) {}

  @Override
  public Future<?> start() {
    share.set(settings.quotaPerMinute());
    limiter = new RateLimiter(settings.quotaPerMinute(), System.currentTimeMillis());
    meters.gauge("tjm.push.quota.share.per.minute", share);
    subscriber = PgSubscriber.subscriber(vertx, connectOptions).reconnectPolicy(retries -> 1_000L);
    subscriber.channel(Outbox.channel()).handler(payload -> wake());
    vertx.setPeriodic(settings.pollMillis(), id -> wake());
    // A beat that finds the previous one still running (a slow database) is skipped: they never
    // overlap, so two cannot disagree about the share.
    heartbeatTimer =
        vertx.setPeriodic(
            settings.heartbeatMillis(),
            id -> {
              if (lastHeartbeat.isComplete()) {
                heartbeat();
              }
            });
    // The first heartbeat before the first claim, so a new worker starts with its share.
    return heartbeat()
        .compose(v -> subscriber.connect())
        .onFailure(e -> log.warn("LISTEN deliveries_due failed ({}); polling only", e.getMessage()))
        .otherwiseEmpty()
        .onComplete(v -> wake());
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(heartbeatTimer);
    // Leave at once (after a heartbeat in flight, which would write the row again), so the
    // others take over this worker's share of the quota.
    Future<?> left =
        lastHeartbeat.eventually(() -> register.leave(pool, workerId)).otherwiseEmpty();
    return subscriber == null ? left : left.eventually(() -> subscriber.close());
  }

  /**
   * Says this worker runs, and learns how many run and whether one of them was told to pause. A
   * smaller share is taken at once; a larger one only when two heartbeats in a row agree, so the
   * first worker back after a database outage, which sees the others as silent, does not take the
   * whole quota before they have said they run again.
   */
  private Future<Void> heartbeat() {
    if (stopped) {
      return Future.succeededFuture();
    }
    long window = Math.max(1, settings.heartbeatMillis() * 3 / 1000);
    lastHeartbeat =
        register
            .beat(pool, workerId)
            .compose(v -> register.peers(pool, workerId, window))
            .compose(
                peers -> {
                  long workers = Math.max(1, peers.workers());
                  long mine = Math.max(1, settings.quotaPerMinute() / workers);
                  boolean take = !joined || mine < share.get() || workersLastSeen == workers;
                  if (take && mine != share.get()) {
                    log.info(
                        "{} delivery workers running: this one's share of the FCM quota is {} a minute",
                        workers,
                        mine);
                    share.set(mine);
                    limiter.rate(mine, System.currentTimeMillis());
                  }
                  workersLastSeen = workers;
                  joined = true;
                  OffsetDateTime pausedByPeer = peers.pausedUntil();
                  if (pausedByPeer != null
                      && pausedByPeer.toInstant().toEpochMilli() > pausedUntil) {
                    pausedUntil = pausedByPeer.toInstant().toEpochMilli();
                    log.warn(
                        "Pushing paused until {}: another worker was told to pause", pausedByPeer);
                  }
                  return register.forgetGone(pool);
                })
            .onFailure(
                e -> {
                  workersLastSeen = 0;
                  log.warn(
                      "Delivery worker heartbeat failed (keeping its share of the quota): {}",
                      e.getMessage());
                })
            .otherwiseEmpty();
    return lastHeartbeat;
  }

  /** Claims and sends batches while there is capacity, quota and work. */
  void wake() {
    if (stopped || !joined) {
      return;
    }
    if (claiming) {
      wakeAgain = true;
      return;
    }
    long now = System.currentTimeMillis();
    if (now < pausedUntil) {
      later(pausedUntil - now);
      return;
    }
    if (inFlight >= settings.maxBatchesInFlight()) {
      return;
    }
    // While more is due than the last claim took, a batch waits for the quota of a whole one rather
    // than going out with what has trickled in: each batch holds one of the few places in flight,
    // and small ones would leave the quota unused. At most half of what may go at once: at a small
    // quota (or share) batches stay small, and so do the SDK's own retries of a 503, which go out
    // for every message in flight and which the limiter does not see.
    int wanted = backlog ? Math.max(1, Math.min(settings.batchSize(), limiter.burst() / 2)) : 1;
    int available = limiter.available(now);
    if (available < wanted) {
      later(limiter.waitMillis(now, wanted));
      return;
    }
    int allowed = Math.min(settings.batchSize(), available);
    claiming = true;
    wakeAgain = false;
    outbox
        .due(pool, allowed)
        .compose(
            ids -> {
              backlog = ids.length == allowed;
              return ids.length == 0
                  ? Future.succeededFuture(List.<Outbox.ClaimedPush>of())
                  : outbox.claim(pool, ids, settings.leaseSeconds());
            })
        .onComplete(
            ar -> {
              claiming = false;
              if (ar.failed()) {
                log.warn("Claiming deliveries failed: {}", ar.cause().getMessage());
                later(settings.pollMillis());
                return;
              }
              List<Claimed> claimed = new ArrayList<>();
              for (Outbox.ClaimedPush c : ar.result()) {
                claimed.add(toClaimed(c));
              }
              if (claimed.isEmpty()) {
                if (wakeAgain) {
                  wake();
                }
                return;
              }
              inFlight++;
              process(claimed)
                  .onComplete(
                      done -> {
                        inFlight--;
                        if (done.failed()) {
                          log.warn(
                              "Recording push results failed (rows will be claimed again when their lease ends): {}",
                              done.cause().getMessage());
                        }
                        wake();
                      });
              wake();
            });
  }

  private void later(long millis) {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    timerId =
        vertx.setTimer(
            Math.max(1, millis),
            id -> {
              timerId = -1;
              wake();
            });
  }

  private Claimed toClaimed(Outbox.ClaimedPush c) {
    long id = c.id();
    UUID device = c.deviceId();
    int attempts = c.attempts();
    // The message a digest is shown as is its latest live one; with none live, its own (lapsed)
    // one.
    if (c.cancelled()) {
      return new Claimed(id, device, attempts, null, DeliveryStatus.CANCELLED, "message cancelled");
    }
    if (c.expired()) {
      return new Claimed(
          id,
          device,
          attempts,
          null,
          DeliveryStatus.EXPIRED,
          "message expired before it could be pushed");
    }
    String token = c.pushToken();
    if (token == null || !"ACTIVE".equals(c.deviceStatus())) {
      return new Claimed(
          id, device, attempts, null, DeliveryStatus.DROPPED, "device no longer pushable");
    }
    DeliveryKind kind = c.kind();
    int live = c.liveCount();
    if (kind == DeliveryKind.DIGEST && live == 0) {
      return new Claimed(
          id,
          device,
          attempts,
          null,
          DeliveryStatus.EXPIRED,
          "every message of the digest lapsed before it could be pushed");
    }
    if (kind == DeliveryKind.DIGEST && live == 1) {
      // The others lapsed after the fold: the one left is pushed as itself.
      kind = DeliveryKind.MESSAGE;
    }
    Language language = Language.of(c.locale());
    String title =
        switch (kind) {
          case REMINDER -> Texts.reminderTitle(language, c.title());
          case DIGEST -> Texts.digestTitle(language, live);
          case MESSAGE -> c.title();
        };
    String body =
        kind == DeliveryKind.DIGEST
            ? Texts.digestBody(language, c.title())
            : Texts.pushBody(c.body());
    String messageId = c.messageId().toString();
    Map<String, String> data =
        Map.of(
            "messageId", messageId,
            "category", c.category(),
            "priority", c.priority(),
            "requiresAck", String.valueOf(c.requiresAck()),
            "kind", kind.name());
    OffsetDateTime expires = c.expiresAt();
    PushMessage push =
        new PushMessage(
            id,
            token,
            c.platform(),
            title,
            body,
            c.category(),
            "URGENT".equals(c.priority()),
            expires == null ? null : expires.toInstant(),
            data);
    return new Claimed(id, device, attempts, push, null, null);
  }

  private Future<Void> process(List<Claimed> claimed) {
    List<Claimed> toSend = claimed.stream().filter(c -> c.push() != null).toList();
    Outbox.Results out = outbox.results();
    claimed.stream()
        .filter(c -> c.push() == null)
        .forEach(c -> out.finalStatus(c.id(), c.skipStatus(), c.skipReason()));
    if (toSend.isEmpty()) {
      return out.record(pool);
    }
    limiter.take(toSend.size(), System.currentTimeMillis());
    return gateway
        .send(toSend.stream().map(Claimed::push).toList())
        .recover(
            e -> {
              // The gateway itself failed (not FCM's answer): treat every message as a passing
              // fault.
              List<PushResult> all = new ArrayList<>();
              toSend.forEach(
                  c ->
                      all.add(
                          PushResult.of(PushResult.Outcome.RETRY, "gateway: " + e.getMessage())));
              return Future.succeededFuture(all);
            })
        .compose(
            results -> {
              Map<PushResult.Outcome, Integer> counts = new EnumMap<>(PushResult.Outcome.class);
              for (int i = 0; i < toSend.size(); i++) {
                classify(toSend.get(i), results.get(i), out);
                counts.merge(results.get(i).outcome(), 1, Integer::sum);
              }
              counts.forEach(
                  (outcome, n) ->
                      meters.counter("tjm.push.results", "outcome", outcome.name()).increment(n));
              return out.record(pool);
            });
  }

  private void classify(Claimed c, PushResult r, Outbox.Results out) {
    switch (r.outcome()) {
      case SENT -> out.sent(c.id(), r.providerId());
      case TOKEN_DEAD -> {
        out.finalStatus(c.id(), DeliveryStatus.DROPPED, r.error());
        out.dropToken(
            c.deviceId(), r.error().contains("UNREGISTERED") ? "UNREGISTERED" : "INVALID_ARGUMENT");
      }
      case REJECTED -> out.finalStatus(c.id(), DeliveryStatus.FAILED, r.error());
      case RETRY -> {
        if (c.attempts() >= settings.maxAttempts()) {
          out.finalStatus(
              c.id(),
              DeliveryStatus.FAILED,
              "gave up after " + c.attempts() + " attempts: " + r.error());
        } else {
          long delay = backoffMillis(c.attempts());
          if (r.retryAfter() != null) {
            delay = Math.max(delay, r.retryAfter().toMillis());
          }
          out.retry(c.id(), delay, r.error());
          meters.summary("tjm.push.backoff.seconds").record(delay / 1000.0);
        }
      }
      case QUOTA -> {
        // FCM's Retry-After governs when given (never under a second, so a 0 cannot make a loop);
        // push.quotaPauseSeconds only when there is none.
        long pause =
            r.retryAfter() == null
                ? settings.quotaPauseMillis()
                : Math.max(1_000, r.retryAfter().toMillis());
        pause(pause, "FCM quota exceeded: " + r.error());
        out.returnUnsent(c.id(), r.error());
      }
      case CONFIGURATION -> {
        if (System.currentTimeMillis() >= pausedUntil) {
          log.error(
              "PUSH CONFIGURATION ERROR: FCM refused our credentials or sender ({}). Sending is paused for {} s; "
                  + "check push.fcm.credentialsFile and the Firebase project.",
              r.error(),
              settings.configErrorPauseMillis() / 1000);
        }
        pause(settings.configErrorPauseMillis(), r.error());
        out.returnUnsent(c.id(), r.error());
      }
      default -> throw new IllegalStateException("unknown outcome " + r.outcome());
    }
  }

  private void pause(long millis, String why) {
    long until = System.currentTimeMillis() + millis;
    if (until > pausedUntil) {
      pausedUntil = until;
      meters.counter("tjm.push.pauses").increment();
      log.warn("Pushing paused for {} ms: {}", millis, why);
      // The quota and the credentials are the project's: every worker pauses (at its next
      // heartbeat).
      register
          .sharePause(pool, workerId, millis / 1000.0)
          .onFailure(
              e ->
                  log.warn("Could not share the pause with the other workers: {}", e.getMessage()));
    }
  }

  /** Exponential backoff with jitter: base * 2^(attempt-1), capped, then a random 50-100% of it. */
  long backoffMillis(int attempt) {
    long exp = settings.backoffBaseMillis() << Math.min(30, Math.max(0, attempt - 1));
    long capped = Math.min(settings.backoffMaxMillis(), exp);
    return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
  }
}
