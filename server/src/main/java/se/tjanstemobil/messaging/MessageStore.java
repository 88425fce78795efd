package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The writes of the messages table that a send, a reminder and a cancel make. */
final class MessageStore {

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

  /** Locks the message row until {@code tx} ends. */
  Future<Void> lock(SqlClient tx, UUID id) {
    return tx.preparedQuery(LOCK_MESSAGE).execute(Tuple.of(id)).mapEmpty();
  }

  /** Marks the message cancelled at {@code now}; false when it already was. */
  Future<Boolean> cancel(SqlClient tx, UUID id, OffsetDateTime now) {
    return tx.preparedQuery(CANCEL).execute(Tuple.of(id, now)).map(rows -> rows.size() > 0);
  }
}
