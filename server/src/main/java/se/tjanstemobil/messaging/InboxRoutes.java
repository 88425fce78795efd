package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
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
  private final Pool pool;

  private final InboxStore store = new InboxStore();
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
    OffsetDateTime now = now();
    Future<List<Row>> rows =
        store.page(pool, me.id(), unreadOnly, after.at(), after.id(), page.limit(), now);
    Future<Long> unread = store.unread(pool, me.id(), now);
    return Future.all(rows, unread)
        .map(all -> Reply.ok(page(page, rows.result()).put("unreadCount", unread.result())));
  }

  private static JsonObject page(Page page, List<Row> rows) {
    JsonArray items = new JsonArray();
    JsonObject last = null;
    for (Row r : rows) {
      items.add(entry(r));
      last = Page.TimeAndId.of(r.getOffsetDateTime("visible_at"), r.getUUID("message_id"));
    }
    return page.body(items, last);
  }

  private Future<Reply> mark(RoutingContext rc, boolean ack) {
    Principal me = AuthHandler.principal(rc);
    UUID messageId = Validated.pathUuid(rc, "messageId");
    OffsetDateTime now = now();
    return store
        .visible(pool, me.id(), messageId, now)
        .map(
            entry -> {
              if (entry == null) {
                throw Problem.notFound("No message " + messageId + " in your inbox");
              }
              if (ack && !entry.getBoolean("requires_ack")) {
                throw Problem.rule(
                    "acknowledgement-not-requested",
                    "This message does not ask for an acknowledgement");
              }
              return entry;
            })
        .compose(v -> store.mark(pool, me.id(), messageId, ack, now))
        .compose(v -> store.visible(pool, me.id(), messageId, now))
        .map(after -> Reply.ok(entry(after)));
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
