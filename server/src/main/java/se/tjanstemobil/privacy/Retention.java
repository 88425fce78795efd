package se.tjanstemobil.privacy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.audit.AuditLog;
import se.tjanstemobil.availability.AvailabilityPurges;
import se.tjanstemobil.devices.DeviceForget;
import se.tjanstemobil.hubs.HubPurges;
import se.tjanstemobil.jobs.Job;
import se.tjanstemobil.messaging.MessagePurges;
import se.tjanstemobil.org.EmployeeAnonymiser;

/**
 * Keeps personal data no longer than it is needed (retention.* configuration): old inbox entries,
 * finished deliveries, past availability periods, old bookings, and the messages nobody holds any
 * more are deleted; a leaver is anonymised after their retention period (name, email and HSA-id
 * replaced, phones, availability and calendar feed removed). The audit log is kept as it is: it
 * holds ids and what happened, which the law asks for. One instance at a time (an advisory lock),
 * in batches.
 *
 * <p>Each feature deletes its own rows; the order here is what keeps references whole without
 * foreign keys: deliveries before inbox entries before messages, bookings after their waits, and a
 * phone only once no delivery points at it.
 */
public final class Retention {

  private static final Logger log = LoggerFactory.getLogger(Retention.class);

  private static final int BATCH = 10_000;
  private static final int LEAVERS_A_RUN = 500;
  private static final String LOCK =
      "SELECT pg_try_advisory_xact_lock(hashtext('retention')) AS mine";

  /** One feature's batch delete: at most {@code limit} rows older than {@code cutOff}. */
  @FunctionalInterface
  private interface Purge {
    Future<Integer> batch(SqlClient tx, OffsetDateTime cutOff, int limit);
  }

  /** A kind of data, named as in the run's report, with its delete and its cut-off. */
  private record Kind(String name, Purge purge, OffsetDateTime cutOff) {}

  private final Pool pool;
  private final Settings settings;
  private final Clock clock;

  public Retention(Pool pool, Settings settings, Clock clock) {
    this.pool = pool;
    this.settings = settings;
    this.clock = clock;
  }

  /** The retention job, every retention.sweepMillis. */
  public Job job() {
    return new Job("retention", settings.sweep(), this::run);
  }

  /** One run; what it removed, per kind (empty when another instance holds the job). */
  Future<JsonObject> run() {
    OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
    return pool.withTransaction(tx -> new Run(tx, now).go())
        .onSuccess(
            removed -> {
              if (removed.stream()
                  .anyMatch(e -> e.getValue() instanceof Number n && n.longValue() > 0)) {
                log.info("Retention removed {}", removed.encode());
              }
            })
        .onFailure(
            e ->
                log.warn("Retention run failed (tried again at the next run): {}", e.getMessage()));
  }

  /** One run in one transaction: the lock, each kind drained in order, then the leavers. */
  private final class Run {
    private final SqlClient tx;
    private final OffsetDateTime now;
    private final JsonObject removed = new JsonObject();

    Run(SqlClient tx, OffsetDateTime now) {
      this.tx = tx;
      this.now = now;
    }

    Future<JsonObject> go() {
      return tx.query(LOCK)
          .execute()
          .compose(
              lock ->
                  lock.iterator().next().getBoolean("mine")
                      ? drainAll(kinds(), 0).compose(v -> leavers())
                      : Future.succeededFuture())
          .map(removed);
    }

    private List<Kind> kinds() {
      return List.of(
          new Kind("deliveries", MessagePurges::deliveries, days(settings.deliveryDays())),
          new Kind("inboxEntries", MessagePurges::inboxEntries, days(settings.inboxDays())),
          new Kind(
              "breakThroughs", MessagePurges::breakThroughs, days(settings.breakThroughDays())),
          new Kind(
              "messages",
              MessagePurges::messages,
              days(Math.max(settings.inboxDays(), settings.breakThroughDays()))),
          new Kind(
              "availabilityPeriods",
              AvailabilityPurges::periods,
              days(settings.availabilityDays())),
          new Kind("bookings", HubPurges::bookings, days(settings.bookingDays())),
          new Kind("waitlist", HubPurges::waitlist, days(settings.bookingDays())));
    }

    private Future<Void> drainAll(List<Kind> kinds, int next) {
      if (next == kinds.size()) {
        return Future.succeededFuture();
      }
      Kind kind = kinds.get(next);
      return drain(kind, 0)
          .compose(
              n -> {
                removed.put(kind.name(), n);
                return drainAll(kinds, next + 1);
              });
    }

    /** Deletes in batches until a batch comes back short; the number deleted. */
    private Future<Long> drain(Kind kind, long sofar) {
      return kind.purge()
          .batch(tx, kind.cutOff(), BATCH)
          .compose(n -> n < BATCH ? Future.succeededFuture(sofar + n) : drain(kind, sofar + n));
    }

    private Future<Void> leavers() {
      removed.put("leaversAnonymised", 0);
      return EmployeeAnonymiser.leftBefore(tx, days(settings.leaverDays()), LEAVERS_A_RUN)
          .compose(ids -> ids.isEmpty() ? Future.succeededFuture() : forget(ids));
    }

    private Future<Void> forget(List<UUID> ids) {
      return EmployeeAnonymiser.anonymise(tx, ids)
          .compose(v -> DeviceForget.leavers(tx, ids))
          .compose(v -> AvailabilityPurges.leavers(tx, ids))
          .compose(v -> HubPurges.leavers(tx, ids))
          .compose(v -> AuditLog.writeAll(tx, ids.stream().map(this::anonymised).toList()))
          .onSuccess(v -> removed.put("leaversAnonymised", ids.size()));
    }

    private AuditLog.Entry anonymised(UUID id) {
      return new AuditLog.Entry(
          null,
          "EMPLOYEE_ANONYMISED",
          "EMPLOYEE",
          id.toString(),
          new JsonObject().put("afterDays", settings.leaverDays()));
    }

    private OffsetDateTime days(int days) {
      return now.minus(Duration.ofDays(days));
    }
  }
}
