package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.http.Page;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Text;

/** The employee's inbox: visible messages newest first, read and acknowledge. */
public final class InboxRoutes {

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
    Future<List<InboxStore.Entry>> rows =
        store.page(pool, me.id(), unreadOnly, after.at(), after.id(), page.limit(), now);
    Future<Long> unread = store.unread(pool, me.id(), now);
    return Future.all(rows, unread)
        .map(
            all ->
                Reply.ok(
                    page(page, rows.result(), now.toInstant())
                        .put("unreadCount", unread.result())));
  }

  private static JsonObject page(Page page, List<InboxStore.Entry> entries, Instant now) {
    JsonArray items = new JsonArray();
    entries.forEach(e -> items.add(MessageJson.entry(e, now)));
    InboxStore.Entry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
    return page.body(
        items, last == null ? null : Page.TimeAndId.of(last.visibleAt(), last.messageId()));
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
                throw Problem.notFound(Text.of("messaging.inbox.notFound"));
              }
              if (ack && !entry.requiresAck()) {
                throw Problem.rule(
                    "acknowledgement-not-requested", Text.of("messaging.inbox.noAckRequested"));
              }
              return entry;
            })
        .compose(v -> store.mark(pool, me.id(), messageId, ack, now))
        .compose(v -> store.visible(pool, me.id(), messageId, now))
        .map(after -> Reply.ok(MessageJson.entry(after, now.toInstant())));
  }
}
