package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SQL of a person's inbox: their visible entries a page at a time, the unread count, one entry,
 * read and acknowledged marks. "Visible" is always {@code visible_at <= now} with the server's
 * clock as {@code now}, so one clock decides what a person sees. Rows carry the entry with its
 * message and sender, as {@link InboxRoutes#entry} maps them.
 */
final class InboxStore {

  private static final String SELECT_ENTRIES =
      """
    SELECT i.employee_id, i.message_id, i.visible_at, i.reachable_at, i.held_reason, i.delivered_at, i.read_at,
           i.acknowledged_at, m.title, m.body, m.category, m.priority, m.requires_ack, m.send_at, m.expires_at,
           m.sender_id, s.name AS sender_name, o.locale AS owner_locale, o.time_zone AS owner_zone
    FROM inbox_entries i
    JOIN messages m ON m.id = i.message_id
    LEFT JOIN employees s ON s.id = m.sender_id
    JOIN employees o ON o.id = i.employee_id
    """;

  private static final String LIST =
      SELECT_ENTRIES
          + """
    WHERE i.employee_id = $1 AND i.visible_at <= $6
      AND ($2::boolean IS NOT TRUE OR i.read_at IS NULL)
      AND ($3::timestamptz IS NULL OR (i.visible_at, i.message_id) < ($3, $4::uuid))
    ORDER BY i.visible_at DESC, i.message_id DESC
    LIMIT $5
    """;
  private static final String UNREAD =
      """
    SELECT count(*) AS unread FROM inbox_entries WHERE employee_id = $1 AND visible_at <= $2 AND read_at IS NULL
    """;
  private static final String ONE =
      SELECT_ENTRIES
          + """
    WHERE i.employee_id = $1 AND i.message_id = $2 AND i.visible_at <= $3
    """;
  private static final String MARK_READ =
      """
    UPDATE inbox_entries SET read_at = coalesce(read_at, $3)
    WHERE employee_id = $1 AND message_id = $2 AND visible_at <= $3
    """;
  private static final String MARK_ACK =
      """
    UPDATE inbox_entries SET read_at = coalesce(read_at, $3), acknowledged_at = coalesce(acknowledged_at, $3)
    WHERE employee_id = $1 AND message_id = $2 AND visible_at <= $3
    """;

  private static final String ANNOUNCED =
      SELECT_ENTRIES
          + """
    WHERE i.message_id = $1 AND i.employee_id = ANY($2::uuid[]) AND i.visible_at <= $3
    """;

  private static final String REMIND =
      """
    UPDATE inbox_entries i SET reminded_at = $3
    WHERE i.message_id = $1 AND i.visible_at <= $3
      AND CASE WHEN $2 THEN i.acknowledged_at IS NULL ELSE i.read_at IS NULL END
    RETURNING i.employee_id
    """;
  private static final String LAST_REMINDER =
      "SELECT max(reminded_at) > $3::timestamptz - make_interval(mins => $2) AS too_soon FROM inbox_entries WHERE message_id = $1";
  // An entry nobody can see yet goes with its cancelled message; what was seen stays.
  private static final String DROP_INVISIBLE =
      "DELETE FROM inbox_entries WHERE message_id = $1 AND visible_at > $2";

  /** A page of the visible entries, newest first, after the cursor (null: from the newest). */
  Future<List<Row>> page(
      SqlClient db,
      UUID employee,
      boolean unreadOnly,
      OffsetDateTime afterAt,
      UUID afterId,
      int limit,
      OffsetDateTime now) {
    return db.preparedQuery(LIST)
        .execute(Tuple.of(employee, unreadOnly, afterAt, afterId, limit, now))
        .map(InboxStore::list);
  }

  Future<Long> unread(SqlClient db, UUID employee, OffsetDateTime now) {
    return db.preparedQuery(UNREAD)
        .execute(Tuple.of(employee, now))
        .map(rows -> rows.iterator().next().getLong("unread"));
  }

  /** One visible entry, or null. */
  Future<Row> visible(SqlClient db, UUID employee, UUID message, OffsetDateTime now) {
    return db.preparedQuery(ONE)
        .execute(Tuple.of(employee, message, now))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  /** Marks a visible entry read (the first time counts), and acknowledged with {@code ack}. */
  Future<Void> mark(SqlClient db, UUID employee, UUID message, boolean ack, OffsetDateTime now) {
    return db.preparedQuery(ack ? MARK_ACK : MARK_READ)
        .execute(Tuple.of(employee, message, now))
        .mapEmpty();
  }

  /** The entries of one message visible now to these people (an announcement's event). */
  Future<List<Row>> visibleTo(SqlClient db, UUID message, UUID[] employees, OffsetDateTime now) {
    return db.preparedQuery(ANNOUNCED)
        .execute(Tuple.of(message, employees, now))
        .map(InboxStore::list);
  }

  /**
   * Marks the entries of a message visible now and not yet read (acknowledged, with {@code ack}) as
   * reminded; answers whose they are.
   */
  Future<UUID[]> markReminded(SqlClient tx, UUID message, boolean ack, OffsetDateTime now) {
    return tx.preparedQuery(REMIND)
        .execute(Tuple.of(message, ack, now))
        .map(
            rows -> {
              UUID[] who = new UUID[rows.size()];
              int i = 0;
              for (Row r : rows) {
                who[i++] = r.getUUID("employee_id");
              }
              return who;
            });
  }

  /** Whether a reminder to this message went out within the last {@code minutes}. */
  Future<Boolean> remindedWithin(SqlClient tx, UUID message, int minutes, OffsetDateTime now) {
    return tx.preparedQuery(LAST_REMINDER)
        .execute(Tuple.of(message, minutes, now))
        .map(rows -> Boolean.TRUE.equals(rows.iterator().next().getBoolean("too_soon")));
  }

  /** Deletes a cancelled message's entries that are not visible yet. */
  Future<Void> dropInvisible(SqlClient tx, UUID message, OffsetDateTime now) {
    return tx.preparedQuery(DROP_INVISIBLE).execute(Tuple.of(message, now)).mapEmpty();
  }

  private static List<Row> list(Iterable<Row> rows) {
    List<Row> list = new ArrayList<>();
    rows.forEach(list::add);
    return list;
  }
}
