package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.availability.AvailabilityTexts;
import se.tjanstemobil.http.Page;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Times;
import se.tjanstemobil.http.Validated;

/** The employee's inbox: visible messages newest first, read and acknowledge. */
public final class InboxRoutes {

  /** An inbox entry with its message and sender, as {@link #entry(Row)} reads it; add the WHERE. */
  static final String SELECT_ENTRIES =
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

  private final Pool pool;
  private final Clock clock;

  /**
   * Visibility, read and acknowledged times follow the server's clock (the one held releases use).
   */
  public InboxRoutes(Pool pool, Clock clock) {
    this.clock = clock;
    this.pool = pool;
  }

  private OffsetDateTime now() {
    return clock.instant().atOffset(ZoneOffset.UTC);
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("listInbox").addHandler(Responses.handle(this::list));
    builder.getRoute("markRead").addHandler(Responses.handle(rc -> mark(rc, false)));
    builder.getRoute("acknowledge").addHandler(Responses.handle(rc -> mark(rc, true)));
  }

  private Future<Reply> list(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    Page page = Page.of(rc);
    Page.TimeAndId after = page.afterTimeAndId();
    boolean unreadOnly = "true".equals(Validated.query(rc, "unread"));
    Future<RowSet<Row>> rows =
        pool.preparedQuery(LIST)
            .execute(Tuple.of(me.id(), unreadOnly, after.at(), after.id(), page.limit(), now()));
    Future<RowSet<Row>> unread = pool.preparedQuery(UNREAD).execute(Tuple.of(me.id(), now()));
    return Future.all(rows, unread)
        .map(
            all -> {
              JsonArray items = new JsonArray();
              JsonObject last = null;
              for (Row r : rows.result()) {
                items.add(entry(r));
                last =
                    Page.TimeAndId.of(r.getOffsetDateTime("visible_at"), r.getUUID("message_id"));
              }
              return Reply.ok(
                  page.body(items, last)
                      .put("unreadCount", unread.result().iterator().next().getLong("unread")));
            });
  }

  private Future<Reply> mark(RoutingContext rc, boolean ack) {
    Principal me = AuthHandler.principal(rc);
    UUID messageId = Validated.pathUuid(rc, "messageId");
    return pool.preparedQuery(ONE)
        .execute(Tuple.of(me.id(), messageId, now()))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                throw Problem.notFound("No message " + messageId + " in your inbox");
              }
              if (ack && !rows.iterator().next().getBoolean("requires_ack")) {
                throw Problem.rule(
                    "acknowledgement-not-requested",
                    "This message does not ask for an acknowledgement");
              }
              return pool.preparedQuery(ack ? MARK_ACK : MARK_READ)
                  .execute(Tuple.of(me.id(), messageId, now()))
                  .compose(
                      v -> pool.preparedQuery(ONE).execute(Tuple.of(me.id(), messageId, now())))
                  .map(after -> Reply.ok(entry(after.iterator().next())));
            });
  }

  static JsonObject entry(Row r) {
    return new JsonObject()
        .put("messageId", r.getUUID("message_id").toString())
        .put("title", r.getString("title"))
        .put("body", r.getString("body"))
        .put("category", r.getString("category"))
        .put("priority", r.getString("priority"))
        .put("requiresAck", r.getBoolean("requires_ack"))
        .put(
            "sender",
            Notices.sender(
                r.getUUID("sender_id"), r.getString("sender_name"), r.getString("owner_locale")))
        .put("sentAt", time(r, "send_at"))
        .put("visibleAt", time(r, "visible_at"))
        .put("deliveredAt", time(r, "delivered_at"))
        .put("readAt", time(r, "read_at"))
        .put("acknowledgedAt", time(r, "acknowledged_at"))
        .put("expiresAt", time(r, "expires_at"))
        .put("heldUntil", r.getString("held_reason") == null ? null : time(r, "reachable_at"))
        .put("heldNote", heldNote(r));
  }

  /** "Sent 21:40, outside your working hours: no answer is expected before tomorrow 07:00." */
  private static String heldNote(Row r) {
    if (r.getString("held_reason") == null) {
      return null;
    }
    String locale = r.getString("owner_locale");
    ZoneId zone = ZoneId.of(r.getString("owner_zone"));
    Instant sent = r.getOffsetDateTime("send_at").toInstant();
    OffsetDateTime until = r.getOffsetDateTime("reachable_at");
    return Texts.heldNote(
        locale,
        r.getString("held_reason"),
        AvailabilityTexts.when(sent, locale, zone, sent),
        until == null ? null : AvailabilityTexts.when(until.toInstant(), locale, zone, sent));
  }

  static String time(Row r, String column) {
    return time(r.getOffsetDateTime(column));
  }

  static String time(OffsetDateTime t) {
    return Times.format(t);
  }
}
