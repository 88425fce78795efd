package se.tjanstemobil.messaging;

import static se.tjanstemobil.db.Rows.all;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The SQL of a person's inbox: their visible entries a page at a time, the unread count, one entry,
 * read and acknowledged marks. "Visible" is always {@code visible_at <= now} with the server's
 * clock as {@code now}, so one clock decides what a person sees. For the sender: who got a message
 * and how far it came for each, and how many wait for their working time.
 */
final class InboxStore {

  /** An inbox entry with its message, its sender and its owner's language and time zone. */
  record Entry(
      UUID employeeId,
      UUID messageId,
      OffsetDateTime visibleAt,
      OffsetDateTime reachableAt,
      String heldReason,
      OffsetDateTime deliveredAt,
      OffsetDateTime readAt,
      OffsetDateTime acknowledgedAt,
      String title,
      String body,
      String category,
      String priority,
      boolean requiresAck,
      OffsetDateTime sendAt,
      OffsetDateTime expiresAt,
      UUID senderId,
      String senderName,
      String ownerLocale,
      String ownerZone) {}

  /**
   * One recipient of a message, as its sender sees them; {@code hasPhone}: they have a phone that
   * can be pushed (an active one with a push token) now.
   */
  record Recipient(
      UUID employeeId,
      String name,
      String unitName,
      OffsetDateTime visibleAt,
      OffsetDateTime reachableAt,
      String heldReason,
      OffsetDateTime deliveredAt,
      OffsetDateTime readAt,
      OffsetDateTime acknowledgedAt,
      boolean hasPhone) {}

  /**
   * A message's recipients held for their working time: how many until each time, how many with no
   * working time known yet.
   */
  record HeldCounts(SortedMap<Instant, Long> until, long withoutTime) {
    long total() {
      return withoutTime + until.values().stream().mapToLong(Long::longValue).sum();
    }
  }

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
  // $2 the state filter (null: everyone), $3 and $4 the cursor (name, id), $6 whether the message
  // has expired. NO_DEVICE: not reached, and no phone to reach them (as RecipientState says).
  private static final String RECIPIENTS =
      """
    SELECT e.id, e.name, u.name AS unit_name, i.visible_at, i.reachable_at, i.held_reason, i.delivered_at, i.read_at,
           i.acknowledged_at, p.has_phone
    FROM inbox_entries i JOIN employees e ON e.id = i.employee_id LEFT JOIN units u ON u.id = e.unit_id
    CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM devices d WHERE d.employee_id = i.employee_id
                                       AND d.status = 'ACTIVE' AND d.push_token IS NOT NULL) AS has_phone) p
    WHERE i.message_id = $1
      AND ($2::text IS NULL
           OR ($2 = 'NOT_ACKNOWLEDGED' AND i.acknowledged_at IS NULL)
           OR ($2 = 'NOT_READ' AND i.read_at IS NULL)
           OR ($2 = 'NOT_DELIVERED' AND i.delivered_at IS NULL)
           OR ($2 = 'NO_DEVICE' AND i.delivered_at IS NULL AND i.read_at IS NULL AND i.acknowledged_at IS NULL
               AND NOT p.has_phone AND NOT $6::boolean))
      AND ($3::text IS NULL OR (e.name, e.id) > ($3, $4::uuid))
    ORDER BY e.name, e.id LIMIT $5
    """;
  private static final String HELD_GROUPS =
      """
    SELECT reachable_at, count(*) AS n FROM inbox_entries WHERE message_id = $1 AND held_reason IS NOT NULL
    GROUP BY reachable_at ORDER BY reachable_at
    """;
  // A message's recipients who have no phone to push now (an active one with a push token).
  private static final String WITHOUT_PHONE =
      """
    SELECT count(*) AS n FROM inbox_entries i WHERE i.message_id = $1 AND NOT EXISTS (
      SELECT 1 FROM devices d WHERE d.employee_id = i.employee_id AND d.status = 'ACTIVE' AND d.push_token IS NOT NULL)
    """;
  // An entry nobody can see yet goes with its cancelled message; what was seen stays.
  private static final String DROP_INVISIBLE =
      "DELETE FROM inbox_entries WHERE message_id = $1 AND visible_at > $2";

  /** A page of the visible entries, newest first, after the cursor (null: from the newest). */
  Future<List<Entry>> page(
      SqlClient db,
      UUID employee,
      boolean unreadOnly,
      OffsetDateTime afterAt,
      UUID afterId,
      int limit,
      OffsetDateTime now) {
    return db.preparedQuery(LIST)
        .execute(Tuple.of(employee, unreadOnly, afterAt, afterId, limit, now))
        .map(rows -> all(rows, InboxStore::entry));
  }

  Future<Long> unread(SqlClient db, UUID employee, OffsetDateTime now) {
    return db.preparedQuery(UNREAD)
        .execute(Tuple.of(employee, now))
        .map(rows -> rows.iterator().next().getLong("unread"));
  }

  /** One visible entry, or null. */
  Future<Entry> visible(SqlClient db, UUID employee, UUID message, OffsetDateTime now) {
    return db.preparedQuery(ONE)
        .execute(Tuple.of(employee, message, now))
        .map(rows -> rows.size() == 0 ? null : entry(rows.iterator().next()));
  }

  /** Marks a visible entry read (the first time counts), and acknowledged with {@code ack}. */
  Future<Void> mark(SqlClient db, UUID employee, UUID message, boolean ack, OffsetDateTime now) {
    return db.preparedQuery(ack ? MARK_ACK : MARK_READ)
        .execute(Tuple.of(employee, message, now))
        .mapEmpty();
  }

  /** The entries of one message visible now to these people (an announcement's event). */
  Future<List<Entry>> visibleTo(SqlClient db, UUID message, UUID[] employees, OffsetDateTime now) {
    return db.preparedQuery(ANNOUNCED)
        .execute(Tuple.of(message, employees, now))
        .map(rows -> all(rows, InboxStore::entry));
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

  /**
   * A page of a message's recipients by name, after the cursor ({@code afterName} null: from the
   * first), those in {@code state} only (NOT_ACKNOWLEDGED, NOT_READ, NOT_DELIVERED, NO_DEVICE;
   * null: all); {@code expired}: the message has expired (nobody is NO_DEVICE then).
   */
  Future<List<Recipient>> recipients(
      SqlClient db,
      UUID message,
      String state,
      String afterName,
      UUID afterId,
      int limit,
      boolean expired) {
    return db.preparedQuery(RECIPIENTS)
        .execute(Tuple.of(message, state, afterName, afterId, limit, expired))
        .map(
            rows ->
                all(
                    rows,
                    r ->
                        new Recipient(
                            r.getUUID("id"),
                            r.getString("name"),
                            r.getString("unit_name"),
                            r.getOffsetDateTime("visible_at"),
                            r.getOffsetDateTime("reachable_at"),
                            r.getString("held_reason"),
                            r.getOffsetDateTime("delivered_at"),
                            r.getOffsetDateTime("read_at"),
                            r.getOffsetDateTime("acknowledged_at"),
                            r.getBoolean("has_phone"))));
  }

  /** How many of a message's recipients are held, by the time they are held until. */
  Future<HeldCounts> heldCounts(SqlClient db, UUID message) {
    return db.preparedQuery(HELD_GROUPS)
        .execute(Tuple.of(message))
        .map(
            rows -> {
              SortedMap<Instant, Long> until = new TreeMap<>();
              long withoutTime = 0;
              for (Row g : rows) {
                OffsetDateTime at = g.getOffsetDateTime("reachable_at");
                if (at == null) {
                  withoutTime = g.getLong("n");
                } else {
                  until.put(at.toInstant(), g.getLong("n"));
                }
              }
              return new HeldCounts(until, withoutTime);
            });
  }

  /** How many of a message's recipients have no phone to push now. */
  Future<Long> withoutPhone(SqlClient db, UUID message) {
    return db.preparedQuery(WITHOUT_PHONE)
        .execute(Tuple.of(message))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  private static Entry entry(Row r) {
    return new Entry(
        r.getUUID("employee_id"),
        r.getUUID("message_id"),
        r.getOffsetDateTime("visible_at"),
        r.getOffsetDateTime("reachable_at"),
        r.getString("held_reason"),
        r.getOffsetDateTime("delivered_at"),
        r.getOffsetDateTime("read_at"),
        r.getOffsetDateTime("acknowledged_at"),
        r.getString("title"),
        r.getString("body"),
        r.getString("category"),
        r.getString("priority"),
        r.getBoolean("requires_ack"),
        r.getOffsetDateTime("send_at"),
        r.getOffsetDateTime("expires_at"),
        r.getUUID("sender_id"),
        r.getString("sender_name"),
        r.getString("owner_locale"),
        r.getString("owner_zone"));
  }
}
