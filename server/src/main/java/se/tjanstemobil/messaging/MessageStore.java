package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import se.tjanstemobil.db.Rows;
import se.tjanstemobil.events.Events;

/**
 * The messages table: the writes a send, a reminder and a cancel make, and the sender's reads (the
 * messages I sent, one message, its figures, an earlier send with the same Idempotency-Key).
 */
final class MessageStore {

  /** A message as its sender follows it up. */
  record Message(
      UUID id,
      UUID senderId,
      String title,
      String body,
      String category,
      String priority,
      String urgentReason,
      boolean requiresAck,
      JsonObject audience,
      OffsetDateTime sendAt,
      OffsetDateTime expiresAt,
      OffsetDateTime createdAt,
      OffsetDateTime cancelledAt,
      int recipientCount) {

    boolean urgent() {
      return "URGENT".equals(priority);
    }

    /**
     * A notice the service wrote to one person (Notices), perhaps on someone's decision: not a
     * message that person sent and follows up.
     */
    boolean notice() {
      return audience.getBoolean("notice", false);
    }

    /** Whether it has expired at {@code now}: nothing more of it is delivered. */
    boolean expired(OffsetDateTime now) {
      return expiresAt != null && !expiresAt.isAfter(now);
    }
  }

  /**
   * How far a message has come, in people (recipients, delivered, held, expired, without a phone to
   * push, read, acknowledged) and in this message's own pushes to phones (failed, pending, held).
   */
  record Stats(
      long recipients,
      long delivered,
      long held,
      long expired,
      long noDevice,
      long read,
      long acknowledged,
      long devicesFailed,
      long devicesPending,
      long devicesHeld) {}

  /** A message sent earlier with an Idempotency-Key, as a replay answers it. */
  record Earlier(UUID id, String requestHash, int recipientCount, OffsetDateTime sendAt) {}

  private static final String MESSAGE_COLUMNS =
      """
    m.id, m.sender_id, m.title, m.body, m.category, m.priority, m.urgent_reason, m.requires_ack, m.audience,
    m.send_at, m.expires_at, m.created_at, m.cancelled_at, m.recipient_count
    """;
  // The service's notices written on a sender's action (a booking cancelled, an agreement decided)
  // are not messages they sent: the list leaves them out.
  private static final String SENT_BY =
      "SELECT "
          + MESSAGE_COLUMNS
          + """
    FROM messages m WHERE m.sender_id = $1 AND NOT coalesce((m.audience->>'notice')::boolean, false)
      AND ($2::timestamptz IS NULL OR (m.created_at, m.id) < ($2, $3::uuid))
    ORDER BY m.created_at DESC, m.id DESC LIMIT $4
    """;
  private static final String ONE =
      "SELECT " + MESSAGE_COLUMNS + " FROM messages m WHERE m.id = $1";
  // $2 now. Held: their push waits for their working time, or for one to be known (no reachable
  // time); expired: the message expired before it reached them (as the recipients list says: one
  // who read it in the inbox is READ); no device: not reached, and no phone of theirs can be
  // pushed now (only the inbox reaches them). The device figures count this message's own rows: a
  // digest row is counted through the members folded into it (it is named after one of them
  // only), a member as pending while its digest waits to go.
  private static final String STATS =
      """
    SELECT count(*) AS recipients,
           count(*) FILTER (WHERE i.delivered_at IS NOT NULL) AS delivered,
           count(*) FILTER (WHERE i.delivered_at IS NULL AND i.held_reason IS NOT NULL AND NOT x.expired AND p.has_phone
                            AND (i.reachable_at IS NULL OR i.reachable_at > $2)) AS held,
           count(*) FILTER (WHERE i.delivered_at IS NULL AND i.read_at IS NULL AND i.acknowledged_at IS NULL
                            AND x.expired) AS expired,
           count(*) FILTER (WHERE i.delivered_at IS NULL AND i.read_at IS NULL AND i.acknowledged_at IS NULL
                            AND NOT x.expired AND NOT p.has_phone) AS no_device,
           count(*) FILTER (WHERE i.read_at IS NOT NULL) AS read,
           count(*) FILTER (WHERE i.acknowledged_at IS NOT NULL) AS acknowledged,
           (SELECT count(*) FROM deliveries d WHERE d.message_id = $1 AND d.status IN ('FAILED', 'DROPPED')
              AND d.kind <> 'DIGEST') AS devices_failed,
           (SELECT count(*) FROM deliveries d WHERE d.message_id = $1 AND d.kind <> 'DIGEST' AND (d.status = 'PENDING'
              OR d.status = 'DIGESTED' AND EXISTS (SELECT 1 FROM deliveries g WHERE g.id = d.digest_id AND g.status = 'PENDING')))
              AS devices_pending,
           (SELECT count(*) FROM deliveries d WHERE d.message_id = $1 AND d.status = 'HELD') AS devices_held
    FROM inbox_entries i CROSS JOIN (SELECT coalesce(expires_at <= $2, false) AS expired FROM messages WHERE id = $1) x
    CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM devices d WHERE d.employee_id = i.employee_id
                                       AND d.status = 'ACTIVE' AND d.push_token IS NOT NULL) AS has_phone) p
    WHERE i.message_id = $1
    """;
  // One sender's URGENT messages are counted under a lock, so two at once cannot both pass the
  // limit.
  private static final String LOCK_SENDER =
      "SELECT pg_advisory_xact_lock(hashtext('urgent:' || $1::text))";
  private static final String URGENT_SINCE =
      """
    SELECT count(*) AS sent FROM messages WHERE sender_id = $1 AND priority = 'URGENT' AND created_at >= $2
    """;
  // Each recipient's row is their after-hours log of what broke through.
  private static final String BREAK_THROUGHS =
      """
    INSERT INTO break_throughs (message_id, employee_id, sender_id, passed, at)
    SELECT $1, e, $2, passed, $3 FROM unnest($4::uuid[], $5::text[]) AS b(e, passed)
    """;
  private static final String BREAK_THROUGH_COUNT =
      "SELECT count(*) AS n FROM break_throughs WHERE message_id = $1";
  // $1 now.
  private static final String ANNOUNCE =
      """
    WITH due AS (
      UPDATE messages SET announced_at = $1
      WHERE id IN (SELECT id FROM messages WHERE announced_at IS NULL AND send_at <= $1 AND cancelled_at IS NULL
                   ORDER BY send_at LIMIT 100 FOR UPDATE SKIP LOCKED)
      RETURNING id
    )
    """
          + "SELECT "
          + Events.notifyExpression(Events.Type.MESSAGE, "id")
          + " FROM due";
  private static final String BY_IDEMPOTENCY_KEY =
      "SELECT id, request_hash, recipient_count, send_at FROM messages WHERE sender_id = $1 AND idempotency_key = $2";

  private static final String INSERT_MESSAGE =
      """
    INSERT INTO messages (id, sender_id, title, body, category, priority, urgent_reason, requires_ack, audience,
                          send_at, expires_at, idempotency_key, request_hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
    """;
  private static final String SET_COUNT = "UPDATE messages SET recipient_count = $2 WHERE id = $1";
  // Reminders to one message take turns: without it two taps at once both pass the interval check
  // and push twice.
  private static final String LOCK_MESSAGE = "SELECT id FROM messages WHERE id = $1 FOR UPDATE";
  private static final String CANCEL =
      """
    UPDATE messages SET cancelled_at = $2 WHERE id = $1 AND cancelled_at IS NULL RETURNING id
    """;

  /**
   * A page of the messages this sender sent, newest first, after the cursor (null: newest); the
   * notices the service wrote in their name are not among them.
   */
  Future<List<Message>> sentBy(
      SqlClient db, UUID sender, OffsetDateTime afterAt, UUID afterId, int limit) {
    return db.preparedQuery(SENT_BY)
        .execute(Tuple.of(sender, afterAt, afterId, limit))
        .map(
            rows -> {
              List<Message> list = new ArrayList<>(rows.size());
              rows.forEach(r -> list.add(message(r)));
              return list;
            });
  }

  /** One message, whoever sent it. */
  Future<Optional<Message>> find(SqlClient db, UUID id) {
    return db.preparedQuery(ONE)
        .execute(Tuple.of(id))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(message(rows.iterator().next())));
  }

  /** The message's figures at {@code now}. */
  Future<Stats> stats(SqlClient db, UUID id, OffsetDateTime now) {
    return db.preparedQuery(STATS)
        .execute(Tuple.of(id, now))
        .map(
            rows -> {
              Row s = rows.iterator().next();
              return new Stats(
                  s.getLong("recipients"),
                  s.getLong("delivered"),
                  s.getLong("held"),
                  s.getLong("expired"),
                  s.getLong("no_device"),
                  s.getLong("read"),
                  s.getLong("acknowledged"),
                  s.getLong("devices_failed"),
                  s.getLong("devices_pending"),
                  s.getLong("devices_held"));
            });
  }

  /** The sender's message sent with this Idempotency-Key, if any. */
  Future<Optional<Earlier>> byIdempotencyKey(SqlClient db, UUID sender, String key) {
    return db.preparedQuery(BY_IDEMPOTENCY_KEY)
        .execute(Tuple.of(sender, key))
        .map(
            rows ->
                Rows.first(
                    rows,
                    r ->
                        new Earlier(
                            r.getUUID("id"),
                            r.getString("request_hash"),
                            r.getInteger("recipient_count"),
                            r.getOffsetDateTime("send_at"))));
  }

  /** The message of a send, with the request's Idempotency-Key and hash (for a replay). */
  Future<Void> insert(SqlClient tx, UUID id, MessageSending.Draft draft, String key, String hash) {
    JsonObject b = draft.body();
    return tx.preparedQuery(INSERT_MESSAGE)
        .execute(
            Tuple.from(
                new Object[] {
                  id,
                  draft.sender().id(),
                  b.getString("title"),
                  b.getString("body"),
                  b.getString("category"),
                  b.getString("priority", "NORMAL"),
                  b.getString("urgentReason"),
                  b.getBoolean("requiresAck", false),
                  draft.audience().toJson(),
                  draft.sendAt(),
                  draft.expiresAt(),
                  key,
                  hash
                }))
        .mapEmpty();
  }

  Future<Void> setRecipientCount(SqlClient tx, UUID id, int recipients) {
    return tx.preparedQuery(SET_COUNT).execute(Tuple.of(id, recipients)).mapEmpty();
  }

  /**
   * How many URGENT messages the sender has sent since {@code since}, counted under a lock on the
   * sender that holds until {@code tx} ends (the send that counts inserts before it lets go).
   */
  Future<Long> urgentSentSince(SqlClient tx, UUID sender, OffsetDateTime since) {
    return tx.preparedQuery(LOCK_SENDER)
        .execute(Tuple.of(sender.toString()))
        .compose(v -> tx.preparedQuery(URGENT_SINCE).execute(Tuple.of(sender, since)))
        .map(rows -> rows.iterator().next().getLong("sent"));
  }

  /** The after-hours log of a message: each of {@code who} and what it passed for them. */
  Future<Void> recordBreakThroughs(
      SqlClient tx, UUID message, UUID sender, OffsetDateTime at, UUID[] who, String[] passed) {
    return tx.preparedQuery(BREAK_THROUGHS)
        .execute(
            Tuple.tuple()
                .addValue(message)
                .addValue(sender)
                .addValue(at)
                .addValue(who)
                .addValue(passed))
        .mapEmpty();
  }

  /** How many recipients the message reached outside their hours (its after-hours log). */
  Future<Long> breakThroughs(SqlClient db, UUID message) {
    return db.preparedQuery(BREAK_THROUGH_COUNT)
        .execute(Tuple.of(message))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  /**
   * Marks up to 100 messages whose send time has come as announced, with an event for each that
   * every instance's event hub hears (whichever instance marks one first announces it).
   */
  Future<Void> announceDue(SqlClient db, OffsetDateTime now) {
    return db.preparedQuery(ANNOUNCE).execute(Tuple.of(now)).mapEmpty();
  }

  /** Locks the message row until {@code tx} ends. */
  Future<Void> lock(SqlClient tx, UUID id) {
    return tx.preparedQuery(LOCK_MESSAGE).execute(Tuple.of(id)).mapEmpty();
  }

  /** Marks the message cancelled at {@code now}; false when it already was. */
  Future<Boolean> cancel(SqlClient tx, UUID id, OffsetDateTime now) {
    return tx.preparedQuery(CANCEL).execute(Tuple.of(id, now)).map(rows -> rows.size() > 0);
  }

  private static Message message(Row r) {
    return new Message(
        r.getUUID("id"),
        r.getUUID("sender_id"),
        r.getString("title"),
        r.getString("body"),
        r.getString("category"),
        r.getString("priority"),
        r.getString("urgent_reason"),
        r.getBoolean("requires_ack"),
        r.getJsonObject("audience"),
        r.getOffsetDateTime("send_at"),
        r.getOffsetDateTime("expires_at"),
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("cancelled_at"),
        r.getInteger("recipient_count"));
  }
}
