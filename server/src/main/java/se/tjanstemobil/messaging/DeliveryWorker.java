package se.tjanstemobil.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
  private static final String CHANNEL = "deliveries_due";

  /** Run in the transaction that creates deliveries, so the workers wake when it commits. */
  static final String WAKE_WORKERS = "SELECT pg_notify('" + CHANNEL + "', '')";

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

  // The running workers share the project quota and each other's pauses. A worker is running
  // while its heartbeat is younger than three beats; one that stops leaves at once.
  private static final String HEARTBEAT =
      """
    INSERT INTO push_workers (worker_id, seen_at) VALUES ($1, now())
    ON CONFLICT (worker_id) DO UPDATE SET seen_at = now()
    """;
  private static final String PEERS =
      """
    SELECT 1 + count(*) FILTER (WHERE seen_at > now() - make_interval(secs => $2)) AS workers,
           max(paused_until) FILTER (WHERE paused_until > now()) AS paused_until
    FROM push_workers WHERE worker_id <> $1
    """;
  private static final String FORGET_GONE =
      "DELETE FROM push_workers WHERE seen_at < now() - interval '1 day'";
  // An upsert: the pause is shared even if this worker's row is missing (its heartbeats failed).
  private static final String SHARE_PAUSE =
      """
    INSERT INTO push_workers (worker_id, seen_at, paused_until) VALUES ($1, now(), now() + make_interval(secs => $2))
    ON CONFLICT (worker_id) DO UPDATE SET paused_until = greatest(push_workers.paused_until, excluded.paused_until)
    """;
  private static final String LEAVE = "DELETE FROM push_workers WHERE worker_id = $1";

  // Claiming is two steps, each with a plan that stays cheap whatever the outbox held when it was
  // prepared: a one-statement claim (UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED))
  // kept a plan made while the outbox was empty and ran for minutes on the first 100,000-row
  // send. First the due ids in order (an index scan, or at worst one scan of the table)...
  private static final String DUE =
      """
    SELECT id FROM deliveries
    WHERE status = 'PENDING' AND due_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
    ORDER BY due_at, id
    LIMIT $1
    """;
  // ...then the claim by id. The conditions are checked again on each row as it is locked, so a
  // row another worker claimed in between is left to it. A digest is pushed for the messages in
  // it that are still live: one that expired or was cancelled since the fold leaves it here (it
  // is not counted, named or marked delivered), and the latest live one names the digest. Its
  // members are looked up per claimed digest through the digest index (a lateral join): joined
  // as an aggregate of all the batch's members the planner rescanned that aggregate for every
  // claimed row, 200 ms for a batch of 500 digests against 15 ms now (EXPLAIN ANALYZE, generic
  // plan, 250,000 deliveries); a batch without digests costs what it did.
  private static final String CLAIM =
      """
    WITH claimed AS (
      UPDATE deliveries d SET claimed_until = now() + make_interval(secs => $2), attempts = d.attempts + 1
      WHERE d.id = ANY($1::bigint[]) AND d.status = 'PENDING' AND (d.claimed_until IS NULL OR d.claimed_until < now())
      RETURNING d.id, d.message_id, d.employee_id, d.device_id, d.kind, d.attempts
    ), lapsed AS (
      UPDATE deliveries f SET status = CASE WHEN m.cancelled_at IS NOT NULL THEN 'CANCELLED' ELSE 'EXPIRED' END,
        last_error = CASE WHEN m.cancelled_at IS NOT NULL THEN 'message cancelled' ELSE 'message expired before it could be pushed' END
      FROM claimed c, messages m
      WHERE c.kind = 'DIGEST' AND f.digest_id = c.id AND f.status = 'DIGESTED' AND m.id = f.message_id
        AND (m.cancelled_at IS NOT NULL OR m.expires_at <= now())
    )
    SELECT c.id, m.id AS message_id, c.device_id, c.kind, c.attempts, l.n AS live_count, m.title, m.body, m.category,
           m.priority, m.requires_ack, CASE WHEN c.kind = 'DIGEST' THEN l.expires_at ELSE m.expires_at END AS expires_at,
           m.cancelled_at IS NOT NULL AS cancelled, (m.expires_at IS NOT NULL AND m.expires_at <= now()) AS expired,
           dv.push_token, dv.platform, dv.status AS device_status, e.locale
    FROM claimed c
    CROSS JOIN LATERAL (
      SELECT count(*) AS n, (array_agg(f.message_id ORDER BY f.id DESC))[1] AS latest,
             CASE WHEN count(fm.expires_at) = count(*) THEN max(fm.expires_at) END AS expires_at
      FROM deliveries f JOIN messages fm ON fm.id = f.message_id
      WHERE c.kind = 'DIGEST' AND f.digest_id = c.id AND f.status = 'DIGESTED'
        AND fm.cancelled_at IS NULL AND (fm.expires_at IS NULL OR fm.expires_at > now())
    ) l
    JOIN messages m ON m.id = coalesce(l.latest, c.message_id)
    JOIN devices dv ON dv.id = c.device_id
    JOIN employees e ON e.id = c.employee_id
    """;
  // Sent, and the inbox entries it reached marked delivered, in one statement (one commit). A
  // digest delivers the messages still folded into it (the claim took out those that lapsed):
  // its members by an index lookup, not an OR the planner may answer with a scan of the whole
  // outbox. The outer UPDATE sees the snapshot from before the CTE's, which is all it needs:
  // message and employee do not change.
  private static final String MARK_SENT =
      """
    WITH sent AS (
      UPDATE deliveries d SET status = 'SENT', sent_at = now(), claimed_until = NULL, fcm_message_id = s.fid, last_error = NULL
      FROM unnest($1::bigint[], $2::text[]) AS s(id, fid) WHERE d.id = s.id
      RETURNING d.message_id, d.employee_id, d.kind
    ), reached AS (
      SELECT message_id, employee_id FROM sent WHERE kind <> 'DIGEST'
      UNION
      SELECT message_id, employee_id FROM deliveries WHERE digest_id = ANY($1::bigint[]) AND status = 'DIGESTED'
    )
    UPDATE inbox_entries i SET delivered_at = now()
    FROM reached r
    WHERE i.message_id = r.message_id AND i.employee_id = r.employee_id AND i.delivered_at IS NULL
    """;
  // A digest that will not go (dropped, given up, rejected) takes the messages folded into it
  // along, each with the digest's outcome: none stays DIGESTED as if it had been pushed.
  private static final String MARK_FINAL =
      """
    WITH final AS (
      UPDATE deliveries d SET status = s.status, claimed_until = NULL, last_error = s.error
      FROM unnest($1::bigint[], $2::text[], $3::text[]) AS s(id, status, error) WHERE d.id = s.id
      RETURNING d.id, d.kind, d.status, d.last_error
    )
    UPDATE deliveries f SET status = x.status, last_error = x.last_error
    FROM final x WHERE x.kind = 'DIGEST' AND f.digest_id = x.id AND f.status = 'DIGESTED'
    """;
  private static final String DROP_TOKENS =
      """
    UPDATE devices dv SET push_token = NULL, token_dropped = s.reason
    FROM unnest($1::uuid[], $2::text[]) AS s(id, reason) WHERE dv.id = s.id
    """;
  private static final String RETRY_LATER =
      """
    UPDATE deliveries d SET claimed_until = NULL, due_at = now() + make_interval(secs => s.delay), last_error = s.error
    FROM unnest($1::bigint[], $2::float8[], $3::text[]) AS s(id, delay, error) WHERE d.id = s.id
    """;
  // Not the message's fault (quota, our configuration): back in the queue, the attempt not counted.
  private static final String RELEASE =
      """
    UPDATE deliveries d SET claimed_until = NULL, attempts = greatest(0, d.attempts - 1), last_error = $2
    WHERE d.id = ANY($1::bigint[])
    """;

  private final Pool pool;
  private final PgConnectOptions connectOptions;
  private final PushGateway gateway;
  private final Settings settings;
  private final MeterRegistry meters;

  private final java.util.UUID workerId = java.util.UUID.randomUUID();
  private RateLimiter limiter;

  /** This worker's share of the project quota, messages a minute (for /metrics too). */
  private final java.util.concurrent.atomic.AtomicLong share =
      new java.util.concurrent.atomic.AtomicLong();

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
      PgConnectOptions connectOptions,
      PushGateway gateway,
      Settings settings,
      MeterRegistry meters) {
    this.meters = meters;
    this.pool = pool;
    this.connectOptions = connectOptions;
    this.gateway = gateway;
    this.settings = settings;
  }

  /** One row the claim returned, with what the push needs. */
  private record Claimed(
      long id,
      java.util.UUID deviceId,
      int attempts,
      PushMessage push,
      String skipStatus,
      String skipReason) {}

  @Override
  public Future<?> start() {
    share.set(settings.quotaPerMinute());
    limiter = new RateLimiter(settings.quotaPerMinute(), System.currentTimeMillis());
    meters.gauge("tjm.push.quota.share.per.minute", share);
    subscriber = PgSubscriber.subscriber(vertx, connectOptions).reconnectPolicy(retries -> 1_000L);
    subscriber.channel(CHANNEL).handler(payload -> wake());
    vertx.setPeriodic(settings.pollMillis(), id -> wake());
    heartbeatTimer = vertx.setPeriodic(settings.heartbeatMillis(), id -> heartbeat());
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
        lastHeartbeat
            .eventually(() -> pool.preparedQuery(LEAVE).execute(Tuple.of(workerId)))
            .otherwiseEmpty();
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
        pool.preparedQuery(HEARTBEAT)
            .execute(Tuple.of(workerId))
            .compose(v -> pool.preparedQuery(PEERS).execute(Tuple.of(workerId, window)))
            .compose(
                rows -> {
                  Row r = rows.iterator().next();
                  long workers = Math.max(1, r.getLong("workers"));
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
                  java.time.OffsetDateTime pausedByPeer = r.getOffsetDateTime("paused_until");
                  if (pausedByPeer != null
                      && pausedByPeer.toInstant().toEpochMilli() > pausedUntil) {
                    pausedUntil = pausedByPeer.toInstant().toEpochMilli();
                    log.warn(
                        "Pushing paused until {}: another worker was told to pause", pausedByPeer);
                  }
                  return pool.query(FORGET_GONE).execute().<Void>mapEmpty();
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
    pool.preparedQuery(DUE)
        .execute(Tuple.of(allowed))
        .compose(
            due -> {
              backlog = due.size() == allowed;
              Long[] ids = new Long[due.size()];
              int i = 0;
              for (Row r : due) {
                ids[i++] = r.getLong("id");
              }
              return ids.length == 0
                  ? Future.succeededFuture(List.<Row>of())
                  : pool.preparedQuery(CLAIM)
                      .execute(Tuple.of(ids, settings.leaseSeconds()))
                      .map(
                          rows -> {
                            List<Row> list = new ArrayList<>(rows.size());
                            rows.forEach(list::add);
                            return list;
                          });
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
              for (Row r : ar.result()) {
                claimed.add(toClaimed(r));
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

  private Claimed toClaimed(Row r) {
    long id = r.getLong("id");
    java.util.UUID device = r.getUUID("device_id");
    int attempts = r.getInteger("attempts");
    // The message a digest is shown as is its latest live one; with none live, its own (lapsed)
    // one.
    if (r.getBoolean("cancelled")) {
      return new Claimed(id, device, attempts, null, "CANCELLED", "message cancelled");
    }
    if (r.getBoolean("expired")) {
      return new Claimed(
          id, device, attempts, null, "EXPIRED", "message expired before it could be pushed");
    }
    String token = r.getString("push_token");
    if (token == null || !"ACTIVE".equals(r.getString("device_status"))) {
      return new Claimed(id, device, attempts, null, "DROPPED", "device no longer pushable");
    }
    String kind = r.getString("kind");
    int live = r.getInteger("live_count");
    if ("DIGEST".equals(kind) && live == 0) {
      return new Claimed(
          id,
          device,
          attempts,
          null,
          "EXPIRED",
          "every message of the digest lapsed before it could be pushed");
    }
    if ("DIGEST".equals(kind) && live == 1) {
      // The others lapsed after the fold: the one left is pushed as itself.
      kind = "MESSAGE";
    }
    String locale = r.getString("locale");
    String title =
        switch (kind) {
          case "REMINDER" -> Texts.reminderTitle(locale, r.getString("title"));
          case "DIGEST" -> Texts.digestTitle(locale, live);
          default -> r.getString("title");
        };
    String body =
        "DIGEST".equals(kind)
            ? Texts.digestBody(locale, r.getString("title"))
            : Texts.pushBody(r.getString("body"));
    String messageId = r.getUUID("message_id").toString();
    Map<String, String> data =
        Map.of(
            "messageId", messageId,
            "category", r.getString("category"),
            "priority", r.getString("priority"),
            "requiresAck", String.valueOf(r.getBoolean("requires_ack")),
            "kind", kind);
    java.time.OffsetDateTime expires = r.getOffsetDateTime("expires_at");
    PushMessage push =
        new PushMessage(
            id,
            token,
            r.getString("platform"),
            title,
            body,
            r.getString("category"),
            "URGENT".equals(r.getString("priority")),
            expires == null ? null : expires.toInstant(),
            data);
    return new Claimed(id, device, attempts, push, null, null);
  }

  private Future<Void> process(List<Claimed> claimed) {
    List<Claimed> toSend = claimed.stream().filter(c -> c.push() != null).toList();
    Outcomes out = new Outcomes();
    claimed.stream()
        .filter(c -> c.push() == null)
        .forEach(c -> out.finalStatus(c.id(), c.skipStatus(), c.skipReason()));
    if (toSend.isEmpty()) {
      return out.record();
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
              return out.record();
            });
  }

  private void classify(Claimed c, PushResult r, Outcomes out) {
    switch (r.outcome()) {
      case SENT -> out.sent(c.id(), r.providerId());
      case TOKEN_DEAD -> {
        out.finalStatus(c.id(), "DROPPED", r.error());
        out.dropToken(
            c.deviceId(), r.error().contains("UNREGISTERED") ? "UNREGISTERED" : "INVALID_ARGUMENT");
      }
      case REJECTED -> out.finalStatus(c.id(), "FAILED", r.error());
      case RETRY -> {
        if (c.attempts() >= settings.maxAttempts()) {
          out.finalStatus(
              c.id(), "FAILED", "gave up after " + c.attempts() + " attempts: " + r.error());
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
        out.release(c.id(), r.error());
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
        out.release(c.id(), r.error());
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
      pool.preparedQuery(SHARE_PAUSE)
          .execute(Tuple.of(workerId, millis / 1000.0))
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

  /** The results of one batch, written with a few set-based statements. */
  private final class Outcomes {
    final List<Long> sentIds = new ArrayList<>();
    final List<String> sentFcmIds = new ArrayList<>();
    final List<Long> finalIds = new ArrayList<>();
    final List<String> finalStatuses = new ArrayList<>();
    final List<String> finalErrors = new ArrayList<>();
    final List<java.util.UUID> dropDevices = new ArrayList<>();
    final List<String> dropReasons = new ArrayList<>();
    final List<Long> retryIds = new ArrayList<>();
    final List<Double> retryDelays = new ArrayList<>();
    final List<String> retryErrors = new ArrayList<>();
    final List<Long> releaseIds = new ArrayList<>();
    String releaseError;

    void sent(long id, String fcmId) {
      sentIds.add(id);
      sentFcmIds.add(fcmId);
    }

    void finalStatus(long id, String status, String error) {
      finalIds.add(id);
      finalStatuses.add(status);
      finalErrors.add(truncate(error));
    }

    void dropToken(java.util.UUID device, String reason) {
      dropDevices.add(device);
      dropReasons.add(reason);
    }

    void retry(long id, long delayMillis, String error) {
      retryIds.add(id);
      retryDelays.add(delayMillis / 1000.0);
      retryErrors.add(truncate(error));
    }

    void release(long id, String error) {
      releaseIds.add(id);
      releaseError = truncate(error);
    }

    Future<Void> record() {
      Future<?> f = Future.succeededFuture();
      if (!sentIds.isEmpty()) {
        Long[] ids = sentIds.toArray(new Long[0]);
        f =
            f.compose(
                v ->
                    pool.preparedQuery(MARK_SENT)
                        .execute(
                            Tuple.tuple()
                                .addValue(ids)
                                .addValue(sentFcmIds.toArray(new String[0]))));
      }
      if (!finalIds.isEmpty()) {
        f =
            f.compose(
                v ->
                    pool.preparedQuery(MARK_FINAL)
                        .execute(
                            Tuple.tuple()
                                .addValue(finalIds.toArray(new Long[0]))
                                .addValue(finalStatuses.toArray(new String[0]))
                                .addValue(finalErrors.toArray(new String[0]))));
      }
      if (!dropDevices.isEmpty()) {
        f =
            f.compose(
                v ->
                    pool.preparedQuery(DROP_TOKENS)
                        .execute(
                            Tuple.tuple()
                                .addValue(dropDevices.toArray(new java.util.UUID[0]))
                                .addValue(dropReasons.toArray(new String[0]))));
      }
      if (!retryIds.isEmpty()) {
        f =
            f.compose(
                v ->
                    pool.preparedQuery(RETRY_LATER)
                        .execute(
                            Tuple.tuple()
                                .addValue(retryIds.toArray(new Long[0]))
                                .addValue(retryDelays.toArray(new Double[0]))
                                .addValue(retryErrors.toArray(new String[0]))));
      }
      if (!releaseIds.isEmpty()) {
        f =
            f.compose(
                v ->
                    pool.preparedQuery(RELEASE)
                        .execute(
                            Tuple.tuple()
                                .addValue(releaseIds.toArray(new Long[0]))
                                .addValue(releaseError)));
      }
      return f.mapEmpty();
    }

    private String truncate(String s) {
      return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
  }
}
