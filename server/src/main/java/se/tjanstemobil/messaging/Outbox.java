package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import se.tjanstemobil.availability.AvailabilityRules;
import se.tjanstemobil.devices.PushTokens;

/**
 * The push outbox: one row in {@code deliveries} per push to one device, and the only class that
 * writes that table or wakes the delivery workers. A send, a notice or a reminder enqueues rows
 * (HELD until the recipient's working time, or PENDING); {@link #releaseHeld} turns due HELD rows
 * into PENDING ones or DIGESTs; the worker takes PENDING rows with {@link #due} and {@link #claim}
 * (a lease, so several instances share the work) and writes what FCM answered with {@link
 * Results#record}. Everything that enqueues calls {@link #wakeOnCommit} in its transaction.
 *
 * <p>Several statements here also write the inbox (and a notice its message): the fan-out of a
 * 100,000-recipient send is one set-based statement for the inbox entries and the pushes together,
 * and it stays one. Each method says what else it writes.
 *
 * <p>Statuses and kinds in Java are {@link DeliveryStatus} and {@link DeliveryKind}; the SQL names
 * them as the table's CHECK constraints do. Finished rows are deleted by retention through {@link
 * #purgeFinished} (privacy/Retention: deliveries before inbox entries before messages, a device
 * only once it has no deliveries left), which is why V6 could drop the foreign keys.
 */
public final class Outbox {

  private static final String CHANNEL = "deliveries_due";
  private static final String WAKE_WORKERS = "SELECT pg_notify('" + CHANNEL + "', '')";

  /** Rows one held release takes; a full release runs again at once. */
  static final int RELEASE_LIMIT = 100_000;

  // $1..$5 the plan per recipient (see Fanout), $6 the message. A held recipient's pushes wait
  // as HELD until their reachable time; a muted category gets an inbox entry and no push.
  private static final String FAN_OUT =
      """
    WITH plan AS (
      SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::text[], $5::boolean[])
        AS p(employee_id, visible_at, reachable_at, held_reason, push)
    ), inbox AS (
      INSERT INTO inbox_entries (message_id, employee_id, visible_at, reachable_at, held_reason)
      SELECT $6, employee_id, visible_at, reachable_at, held_reason FROM plan
      RETURNING 1
    ), pushes AS (
      INSERT INTO deliveries (message_id, employee_id, device_id, due_at, status)
      SELECT $6, p.employee_id, d.id, p.reachable_at, CASE WHEN p.held_reason IS NULL THEN 'PENDING' ELSE 'HELD' END
      FROM plan p JOIN devices d ON d.employee_id = p.employee_id AND d.status = 'ACTIVE' AND d.push_token IS NOT NULL
      WHERE p.push
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM inbox) AS recipients, (SELECT count(*) FROM pushes) AS devices,
           (SELECT count(*) FROM plan p WHERE NOT EXISTS (
              SELECT 1 FROM devices d WHERE d.employee_id = p.employee_id AND d.status = 'ACTIVE' AND d.push_token IS NOT NULL))
             AS without_phone
    """;

  // One message, inbox entry and push per notice; the plan arrays as in the fan-out.
  private static final String NOTICES =
      """
    WITH n AS (
      SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[],
                           $7::timestamptz[], $8::text[], $9::boolean[])
        AS n(message_id, employee_id, sender_id, title, body, visible_at, reachable_at, held_reason, push)
    ), m AS (
      INSERT INTO messages (id, sender_id, title, body, category, priority, requires_ack, audience, send_at, recipient_count)
      SELECT message_id, sender_id, title, body, 'OPERATIONS', 'NORMAL', false,
             jsonb_build_object('employees', jsonb_build_array(employee_id), 'notice', true), $10, 1
      FROM n
      RETURNING 1
    ), i AS (
      INSERT INTO inbox_entries (message_id, employee_id, visible_at, reachable_at, held_reason)
      SELECT message_id, employee_id, visible_at, reachable_at, held_reason FROM n
      RETURNING 1
    ), d AS (
      INSERT INTO deliveries (message_id, employee_id, device_id, due_at, status)
      SELECT n.message_id, n.employee_id, dv.id, n.reachable_at, CASE WHEN n.held_reason IS NULL THEN 'PENDING' ELSE 'HELD' END
      FROM n JOIN devices dv ON dv.employee_id = n.employee_id AND dv.status = 'ACTIVE' AND dv.push_token IS NOT NULL
      WHERE n.push
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM m) AS messages, (SELECT count(*) FROM d) AS pushes
    """;

  // A reminder follows availability like the message did: held until the person's time starts.
  private static final String REMINDERS =
      """
    WITH plan AS (
      SELECT * FROM unnest($2::uuid[], $3::timestamptz[], $4::boolean[]) AS p(employee_id, due_at, held)
    ), pushes AS (
      INSERT INTO deliveries (message_id, employee_id, device_id, kind, due_at, status)
      SELECT $1, p.employee_id, d.id, 'REMINDER', p.due_at, CASE WHEN p.held THEN 'HELD' ELSE 'PENDING' END
      FROM plan p JOIN devices d ON d.employee_id = p.employee_id AND d.status = 'ACTIVE' AND d.push_token IS NOT NULL
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM pushes) AS devices,
           (SELECT count(*) FROM plan p WHERE NOT EXISTS (
              SELECT 1 FROM devices d WHERE d.employee_id = p.employee_id AND d.status = 'ACTIVE' AND d.push_token IS NOT NULL))
             AS without_phone
    """;

  private static final String MESSAGE_DEVICES =
      """
    SELECT count(*) AS devices FROM deliveries WHERE message_id = $1 AND kind = 'MESSAGE'
    """;

  // A digest is not the message it is named after: the worker pushes it for its other messages.
  // A push held with no known working time gets its due time now (only HELD rows go without).
  private static final String CANCEL_FOR_MESSAGE =
      """
    UPDATE deliveries SET status = 'CANCELLED', last_error = 'message cancelled', due_at = coalesce(due_at, now())
    WHERE message_id = $1 AND status IN ('PENDING', 'HELD') AND kind <> 'DIGEST'
    """;

  // $1 the device, $2 why, $3 an employee whose pushes stay (the phone's new holder), or null.
  // Only HELD rows may lack a due time: a cancelled one gets now. The phone's rows are found from
  // the partial indexes of pending and held rows (no index on device_id for a rare action).
  private static final String CANCEL_FOR_DEVICE =
      """
    WITH gone AS (
      UPDATE deliveries d SET status = 'CANCELLED', last_error = $2, due_at = coalesce(d.due_at, now())
      WHERE d.device_id = $1 AND (d.status = 'PENDING' OR d.status = 'HELD')
        AND ($3::uuid IS NULL OR d.employee_id <> $3)
      RETURNING d.id, d.kind
    )
    UPDATE deliveries f SET status = 'CANCELLED', last_error = $2
    FROM gone g WHERE g.kind = 'DIGEST' AND f.digest_id = g.id AND f.status = 'DIGESTED'
    """;

  // A message that expired while held leaves before the fold: a digest counts and names only what
  // is still to be read, and its latest is a message the worker will push. So does one held with
  // no known working time (no due time) once its message expires, or once it has waited the rules'
  // horizon for one (AvailabilityRules.HORIZON, 400 days): otherwise it, the inbox entry and the
  // message would outlive every retention period. %1$s is the release's instant, %2$d the limit,
  // %3$d the horizon in days: sent as text, so it is planned for the rows as they are now (see
  // the claim).
  @SuppressWarnings("InlineFormatString") // a long statement, three parameters used many times
  private static final String RELEASE_HELD =
      """
    WITH due AS (
      SELECT id, employee_id, device_id, message_id FROM deliveries
      WHERE status = 'HELD' AND due_at <= '%1$s'::timestamptz
      ORDER BY due_at, id LIMIT %2$d
      FOR UPDATE SKIP LOCKED
    ), lapsed AS (
      SELECT d.id FROM due d JOIN messages m ON m.id = d.message_id WHERE m.expires_at <= '%1$s'::timestamptz
    ), lapsed_without_time AS (
      SELECT d.id, m.expires_at <= '%1$s'::timestamptz AS expired FROM deliveries d JOIN messages m ON m.id = d.message_id
      WHERE d.status = 'HELD' AND d.due_at IS NULL
        AND (m.expires_at <= '%1$s'::timestamptz OR m.send_at <= '%1$s'::timestamptz - make_interval(days => %3$d))
      FOR UPDATE OF d SKIP LOCKED
    ), expired AS (
      UPDATE deliveries d SET status = 'EXPIRED', last_error = 'message expired while held'
      WHERE d.id IN (SELECT id FROM lapsed)
      RETURNING d.id
    ), given_up AS (
      UPDATE deliveries d SET status = 'EXPIRED', due_at = '%1$s'::timestamptz,
        last_error = CASE WHEN x.expired THEN 'message expired while held'
                          ELSE 'no working time of theirs became known within %3$d days' END
      FROM lapsed_without_time x WHERE d.id = x.id
      RETURNING d.id
    ), live AS (
      SELECT * FROM due WHERE id NOT IN (SELECT id FROM lapsed)
    ), digestible AS (
      SELECT l.device_id, l.employee_id, count(*) AS n, max(l.id) AS latest, array_agg(l.id) AS ids
      FROM live l LEFT JOIN availability_profiles p ON p.employee_id = l.employee_id
      WHERE coalesce(p.digest, true)
      GROUP BY l.device_id, l.employee_id
      HAVING count(*) > 1
    ), digests AS (
      INSERT INTO deliveries (message_id, employee_id, device_id, kind, status, due_at, digest_count)
      SELECT l.message_id, g.employee_id, g.device_id, 'DIGEST', 'PENDING', '%1$s'::timestamptz, g.n
      FROM digestible g JOIN deliveries l ON l.id = g.latest
      RETURNING id, device_id
    ), folded AS (
      UPDATE deliveries d SET status = 'DIGESTED', digest_id = x.id
      FROM digestible g JOIN digests x ON x.device_id = g.device_id
      WHERE d.id = ANY (g.ids)
      RETURNING d.id
    ), released AS (
      UPDATE deliveries d SET status = 'PENDING'
      FROM live WHERE d.id = live.id AND live.device_id NOT IN (SELECT device_id FROM digestible)
      RETURNING d.id
    )
    SELECT (SELECT count(*) FROM due) AS due, (SELECT count(*) FROM released) AS released,
           (SELECT count(*) FROM digests) AS digests, (SELECT count(*) FROM folded) AS folded,
           (SELECT count(*) FROM expired) + (SELECT count(*) FROM given_up) AS expired
    """;

  private static final String NEXT_HELD_DUE =
      "SELECT min(due_at) AS next FROM deliveries WHERE status = 'HELD'";

  private static final String HELD_FOR =
      """
    SELECT d.id, d.employee_id, d.message_id, m.send_at FROM deliveries d JOIN messages m ON m.id = d.message_id
    WHERE d.status = 'HELD' AND d.employee_id = ANY($1::uuid[])
    FOR UPDATE OF d
    """;
  // The inbox entries of the moved pushes move with them (their reachable time, and their
  // visibility when they were hidden until it).
  private static final String RESCHEDULE =
      """
    WITH moved AS (
      UPDATE deliveries d SET due_at = x.due FROM unnest($1::bigint[], $2::timestamptz[]) AS x(id, due)
      WHERE d.id = x.id RETURNING d.message_id, d.employee_id, x.due
    )
    UPDATE inbox_entries i SET reachable_at = m.due,
      -- an entry hidden until the person's time starts moves with it (and shows now when no time is known)
      visible_at = CASE WHEN i.visible_at > $3 AND i.visible_at = i.reachable_at THEN coalesce(m.due, $3) ELSE i.visible_at END
    FROM (SELECT DISTINCT message_id, employee_id, due FROM moved) m
    WHERE i.message_id = m.message_id AND i.employee_id = m.employee_id AND i.delivered_at IS NULL
    """;

  // Claiming is two steps, each with a plan that stays cheap whatever the outbox held when it was
  // prepared: a one-statement claim (UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED))
  // kept a plan made while the outbox was empty and ran for minutes on the first 100,000-row
  // send. First the due ids in order (an index scan, or at worst one scan of the table)...
  // The due time and the lease are the database's clock, not the server's: several instances
  // share the leases, so they need one clock (a test clock therefore stays behind real time).
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
  private static final String RETRY_LATER =
      """
    UPDATE deliveries d SET claimed_until = NULL, due_at = now() + make_interval(secs => s.delay), last_error = s.error
    FROM unnest($1::bigint[], $2::float8[], $3::text[]) AS s(id, delay, error) WHERE d.id = s.id
    """;
  // Not the message's fault (quota, our configuration): back in the queue, the attempt not counted.
  private static final String RETURN_UNSENT =
      """
    UPDATE deliveries d SET claimed_until = NULL, attempts = greatest(0, d.attempts - 1), last_error = $2
    WHERE d.id = ANY($1::bigint[])
    """;

  // Retention's batch of finished rows; PENDING and HELD rows are never deleted.
  private static final String PURGE_FINISHED =
      """
    DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries WHERE status NOT IN ('PENDING', 'HELD') AND due_at < $1 LIMIT $2)""";

  /**
   * What a send's fan-out wrote: inbox entries (recipients) and pushes (devices), and how many
   * recipients have no phone to push.
   */
  public record Enqueued(long recipients, long devices, long withoutPhone) {}

  /**
   * A push claimed for sending, with what sending it needs: its message (for a digest, the latest
   * one still live, and {@code liveCount} of them), whether that was cancelled or has expired, and
   * the phone and its holder's language.
   */
  public record ClaimedPush(
      long id,
      UUID messageId,
      UUID deviceId,
      DeliveryKind kind,
      int attempts,
      int liveCount,
      String title,
      String body,
      String category,
      String priority,
      boolean requiresAck,
      OffsetDateTime expiresAt,
      boolean cancelled,
      boolean expired,
      String pushToken,
      String platform,
      String deviceStatus,
      String locale) {}

  /** What one held release did, in rows. */
  public record Released(long due, long released, long digests, long folded, long expired) {}

  /** A held push, as a new reachable time for it is worked out. */
  public record Held(long id, UUID employee, Instant sendAt) {}

  /** The channel the delivery workers LISTEN on. */
  static String channel() {
    return CHANNEL;
  }

  /** Wakes every instance's delivery worker when {@code tx} commits (a NOTIFY). */
  public Future<Void> wakeOnCommit(SqlClient tx) {
    return tx.query(WAKE_WORKERS).execute().mapEmpty();
  }

  /**
   * A send's fan-out: one inbox entry per recipient of {@code plan} and one push per active phone
   * of those who get one.
   */
  public Future<Enqueued> enqueue(SqlClient tx, UUID message, Fanout plan) {
    return tx.preparedQuery(FAN_OUT)
        .execute(plan.arguments().addValue(message))
        .map(rows -> rows.iterator().next())
        .map(
            r ->
                new Enqueued(
                    r.getLong("recipients"), r.getLong("devices"), r.getLong("without_phone")));
  }

  /**
   * Notices: their messages, inbox entries and pushes in one statement. {@code args} are the
   * parallel arrays of {@link Notices} and the send time.
   */
  public Future<Void> enqueueNotices(SqlClient tx, Tuple args) {
    return tx.preparedQuery(NOTICES).execute(args).mapEmpty();
  }

  /** What a reminder wrote: pushes (devices), and how many reminded have no phone to push. */
  public record Reminded(long devices, long withoutPhone) {}

  /**
   * A reminder's pushes, one per active phone of each person, due at their time ({@code held}: HELD
   * until then).
   */
  public Future<Reminded> enqueueReminders(
      SqlClient tx, UUID message, UUID[] who, OffsetDateTime[] dueAt, Boolean[] held) {
    return tx.preparedQuery(REMINDERS)
        .execute(Tuple.tuple().addValue(message).addValue(who).addValue(dueAt).addValue(held))
        .map(rows -> rows.iterator().next())
        .map(r -> new Reminded(r.getLong("devices"), r.getLong("without_phone")));
  }

  /** How many phones a message itself was queued for (reminders and digests not counted). */
  public Future<Long> messageDevices(SqlClient db, UUID message) {
    return db.preparedQuery(MESSAGE_DEVICES)
        .execute(Tuple.of(message))
        .map(rows -> rows.iterator().next().getLong("devices"));
  }

  /** A cancelled message: its pushes still to go (held ones too) are cancelled. */
  public Future<Void> cancelForMessage(SqlClient tx, UUID message) {
    return tx.preparedQuery(CANCEL_FOR_MESSAGE).execute(Tuple.of(message)).mapEmpty();
  }

  /**
   * A phone that stops being a way to reach its holder (signed out, retired): every push waiting
   * for it is cancelled, held ones too, and with a digest the messages folded into it, so none
   * stays DIGESTED in a digest that will never go and the sender's figures stay true. The holder's
   * other phones have deliveries of their own and are not touched.
   */
  public Future<Void> cancelForDevice(SqlClient tx, UUID device, String reason) {
    return tx.preparedQuery(CANCEL_FOR_DEVICE).execute(Tuple.of(device, reason, null)).mapEmpty();
  }

  /** A phone handed over: the pushes still to go to it for anyone but its new holder. */
  public Future<Void> cancelForOtherHolders(SqlClient tx, UUID device, UUID holder, String reason) {
    return tx.preparedQuery(CANCEL_FOR_DEVICE).execute(Tuple.of(device, reason, holder)).mapEmpty();
  }

  /**
   * Releases up to {@link #RELEASE_LIMIT} held pushes due at {@code now}: several to one phone
   * become one DIGEST (when the person wants digests, the default), the rest PENDING, those whose
   * message expired meanwhile EXPIRED. SKIP LOCKED lets every instance release without two taking
   * the same row. Wakes the workers when anything was due.
   */
  public Future<Released> releaseHeld(SqlClient tx, Instant now) {
    String sql =
        String.format(
            Locale.ROOT, RELEASE_HELD, now, RELEASE_LIMIT, AvailabilityRules.HORIZON.toDays());
    return tx.query(sql)
        .execute()
        .map(rows -> rows.iterator().next())
        .map(
            r ->
                new Released(
                    r.getLong("due"),
                    r.getLong("released"),
                    r.getLong("digests"),
                    r.getLong("folded"),
                    r.getLong("expired")))
        .compose(r -> r.due() == 0 ? Future.succeededFuture(r) : wakeOnCommit(tx).map(r));
  }

  /** When the next held push is due (null: none is, or none has a known time). */
  public Future<Instant> nextHeldDue(SqlClient db) {
    return db.query(NEXT_HELD_DUE)
        .execute()
        .map(
            rows -> {
              OffsetDateTime next = rows.iterator().next().getOffsetDateTime("next");
              return next == null ? null : next.toInstant();
            });
  }

  /** The held pushes of these people, locked for a reschedule in {@code tx}. */
  public Future<List<Held>> heldFor(SqlClient tx, UUID[] employees) {
    return tx.preparedQuery(HELD_FOR)
        .execute(Tuple.of((Object) employees))
        .map(
            rows -> {
              List<Held> held = new ArrayList<>(rows.size());
              for (Row r : rows) {
                held.add(
                    new Held(
                        r.getLong("id"),
                        r.getUUID("employee_id"),
                        r.getOffsetDateTime("send_at").toInstant()));
              }
              return held;
            });
  }

  /**
   * Moves held pushes to new due times (one per push, in order) (null: no known working time), and
   * their inbox entries' reachable time with them; an entry hidden until then shows at the new
   * time.
   */
  public Future<Void> reschedule(
      SqlClient tx, List<Held> held, List<OffsetDateTime> dues, Instant now) {
    Long[] ids = held.stream().map(Held::id).toArray(Long[]::new);
    return tx.preparedQuery(RESCHEDULE)
        .execute(
            Tuple.tuple()
                .addValue(ids)
                .addValue(dues.toArray(new OffsetDateTime[0]))
                .addValue(now.atOffset(ZoneOffset.UTC)))
        .mapEmpty();
  }

  /**
   * Deletes up to {@code limit} finished pushes (sent, failed, dropped, cancelled, expired,
   * digested) due before {@code cutOff}; answers how many. Retention calls it first, before the
   * inbox entries and messages they point at (see {@link MessagePurges}).
   */
  public Future<Integer> purgeFinished(SqlClient tx, OffsetDateTime cutOff, int limit) {
    return tx.preparedQuery(PURGE_FINISHED).execute(Tuple.of(cutOff, limit)).map(RowSet::rowCount);
  }

  /** The ids of up to {@code limit} PENDING pushes due now and not claimed, oldest first. */
  public Future<Long[]> due(SqlClient db, int limit) {
    return db.preparedQuery(DUE)
        .execute(Tuple.of(limit))
        .map(
            rows -> {
              Long[] ids = new Long[rows.size()];
              int i = 0;
              for (Row r : rows) {
                ids[i++] = r.getLong("id");
              }
              return ids;
            });
  }

  /**
   * Claims these pushes for {@code leaseSeconds} (those still PENDING and unclaimed), with what
   * sending each needs; a digest's members that lapsed since the fold leave it here.
   */
  public Future<List<ClaimedPush>> claim(SqlClient db, Long[] ids, int leaseSeconds) {
    return db.preparedQuery(CLAIM)
        .execute(Tuple.of(ids, leaseSeconds))
        .map(
            rows -> {
              List<ClaimedPush> claimed = new ArrayList<>(rows.size());
              rows.forEach(r -> claimed.add(claimedPush(r)));
              return claimed;
            });
  }

  private static ClaimedPush claimedPush(Row r) {
    return new ClaimedPush(
        r.getLong("id"),
        r.getUUID("message_id"),
        r.getUUID("device_id"),
        DeliveryKind.valueOf(r.getString("kind")),
        r.getInteger("attempts"),
        r.getInteger("live_count"),
        r.getString("title"),
        r.getString("body"),
        r.getString("category"),
        r.getString("priority"),
        r.getBoolean("requires_ack"),
        r.getOffsetDateTime("expires_at"),
        r.getBoolean("cancelled"),
        r.getBoolean("expired"),
        r.getString("push_token"),
        r.getString("platform"),
        r.getString("device_status"),
        r.getString("locale"));
  }

  /** What one batch's pushes came to, written with a few set-based statements. */
  public Results results() {
    return new Results();
  }

  /** The outcomes of one batch, collected and then written by {@link #record}. */
  public static final class Results {
    private final List<Long> sentIds = new ArrayList<>();
    private final List<String> sentFcmIds = new ArrayList<>();
    private final List<Long> finalIds = new ArrayList<>();
    private final List<String> finalStatuses = new ArrayList<>();
    private final List<String> finalErrors = new ArrayList<>();
    private final List<UUID> dropDevices = new ArrayList<>();
    private final List<String> dropReasons = new ArrayList<>();
    private final List<Long> retryIds = new ArrayList<>();
    private final List<Double> retryDelays = new ArrayList<>();
    private final List<String> retryErrors = new ArrayList<>();
    private final List<Long> unsentIds = new ArrayList<>();
    private String unsentError;

    private Results() {}

    /** Pushed; FCM's id for it. */
    public void sent(long id, String fcmId) {
      sentIds.add(id);
      sentFcmIds.add(fcmId);
    }

    /** Will not go: FAILED, DROPPED, CANCELLED or EXPIRED (a digest takes its members along). */
    public void finalStatus(long id, DeliveryStatus status, String error) {
      finalIds.add(id);
      finalStatuses.add(status.name());
      finalErrors.add(truncate(error));
    }

    /** The phone's token is dead: the devices feature drops it. */
    public void dropToken(UUID device, String reason) {
      dropDevices.add(device);
      dropReasons.add(reason);
    }

    /** A passing fault: due again after the delay, the attempt counted. */
    public void retry(long id, long delayMillis, String error) {
      retryIds.add(id);
      retryDelays.add(delayMillis / 1000.0);
      retryErrors.add(truncate(error));
    }

    /** Not the push's fault (quota, our configuration): back in the queue, attempt not counted. */
    public void returnUnsent(long id, String error) {
      unsentIds.add(id);
      unsentError = truncate(error);
    }

    /** Writes the outcomes collected, one statement per kind of outcome. */
    public Future<Void> record(SqlClient db) {
      Future<?> f = Future.succeededFuture();
      if (!sentIds.isEmpty()) {
        Long[] ids = sentIds.toArray(new Long[0]);
        f =
            f.compose(
                v ->
                    db.preparedQuery(MARK_SENT)
                        .execute(
                            Tuple.tuple()
                                .addValue(ids)
                                .addValue(sentFcmIds.toArray(new String[0]))));
      }
      if (!finalIds.isEmpty()) {
        f =
            f.compose(
                v ->
                    db.preparedQuery(MARK_FINAL)
                        .execute(
                            Tuple.tuple()
                                .addValue(finalIds.toArray(new Long[0]))
                                .addValue(finalStatuses.toArray(new String[0]))
                                .addValue(finalErrors.toArray(new String[0]))));
      }
      if (!dropDevices.isEmpty()) {
        f = f.compose(v -> PushTokens.drop(db, dropDevices, dropReasons));
      }
      if (!retryIds.isEmpty()) {
        f =
            f.compose(
                v ->
                    db.preparedQuery(RETRY_LATER)
                        .execute(
                            Tuple.tuple()
                                .addValue(retryIds.toArray(new Long[0]))
                                .addValue(retryDelays.toArray(new Double[0]))
                                .addValue(retryErrors.toArray(new String[0]))));
      }
      if (!unsentIds.isEmpty()) {
        f =
            f.compose(
                v ->
                    db.preparedQuery(RETURN_UNSENT)
                        .execute(
                            Tuple.tuple()
                                .addValue(unsentIds.toArray(new Long[0]))
                                .addValue(unsentError)));
      }
      return f.mapEmpty();
    }

    private static String truncate(String s) {
      return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
  }
}
