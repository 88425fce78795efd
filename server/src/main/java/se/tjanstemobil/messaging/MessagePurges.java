package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;

/**
 * What retention deletes of messaging's tables, one batch at a time ({@code limit} rows older than
 * {@code cutOff}; the caller repeats until a batch comes back short). The order is the rule that
 * keeps every reference whole without the foreign keys V6 dropped: finished deliveries first, then
 * inbox entries no delivery points at, then the after-hours log, then messages nothing points at
 * any more. Deliveries still to go (PENDING, HELD) are never deleted.
 */
public final class MessagePurges {

  private static final String INBOX_ENTRIES =
      """
    DELETE FROM inbox_entries WHERE (message_id, employee_id) IN (SELECT message_id, employee_id FROM inbox_entries
      WHERE visible_at < $1 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = inbox_entries.message_id
        AND d.employee_id = inbox_entries.employee_id) LIMIT $2)""";
  private static final String BREAK_THROUGHS =
      """
    DELETE FROM break_throughs WHERE (message_id, employee_id) IN (SELECT message_id, employee_id FROM break_throughs
      WHERE at < $1 LIMIT $2)""";
  private static final String MESSAGES =
      """
    DELETE FROM messages m WHERE m.id IN (SELECT id FROM messages x WHERE x.created_at < $1
      AND NOT EXISTS (SELECT 1 FROM inbox_entries i WHERE i.message_id = x.id)
      AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = x.id)
      AND NOT EXISTS (SELECT 1 FROM break_throughs b WHERE b.message_id = x.id) LIMIT $2)""";

  // The outbox is the one writer of deliveries: its finished rows go through it.
  private static final Outbox OUTBOX = new Outbox();

  private MessagePurges() {}

  /** Finished deliveries (sent, failed, dropped, cancelled, expired, digested) due before. */
  public static Future<Integer> deliveries(SqlClient tx, OffsetDateTime cutOff, int limit) {
    return OUTBOX.purgeFinished(tx, cutOff, limit);
  }

  /** Inbox entries visible before, once no delivery points at them. */
  public static Future<Integer> inboxEntries(SqlClient tx, OffsetDateTime cutOff, int limit) {
    return delete(tx, INBOX_ENTRIES, cutOff, limit);
  }

  /** The after-hours log's entries before. */
  public static Future<Integer> breakThroughs(SqlClient tx, OffsetDateTime cutOff, int limit) {
    return delete(tx, BREAK_THROUGHS, cutOff, limit);
  }

  /** Messages created before that no inbox entry, delivery or log entry points at. */
  public static Future<Integer> messages(SqlClient tx, OffsetDateTime cutOff, int limit) {
    return delete(tx, MESSAGES, cutOff, limit);
  }

  private static Future<Integer> delete(
      SqlClient tx, String sql, OffsetDateTime cutOff, int limit) {
    return tx.preparedQuery(sql).execute(Tuple.of(cutOff, limit)).map(RowSet::rowCount);
  }
}
