package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.availability.Passes;
import se.tjanstemobil.availability.Reachability;
import se.tjanstemobil.http.Page;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.messaging.MessageStore.Message;

/**
 * The sender's follow-up: messages I sent, how far each has come (delivered, read, acknowledged),
 * who has not acknowledged, a reminder to them, and cancelling what has not gone out yet. Another
 * sender's message is 404 (HR may read stats of any).
 */
public final class MessageFollowUp {

  /** A reminder to the same message at most this often. */
  static final int REMIND_INTERVAL_MINUTES = 10;

  private final Pool pool;
  private final Outbox outbox;
  private final MessageStore messages = new MessageStore();
  private final InboxStore inbox = new InboxStore();
  private final Reachability reachability;
  private final Clock clock;

  public MessageFollowUp(Pool pool, Outbox outbox, Reachability reachability, Clock clock) {
    this.pool = pool;
    this.outbox = outbox;
    this.reachability = reachability;
    this.clock = clock;
  }

  private OffsetDateTime now() {
    return clock.instant().atOffset(ZoneOffset.UTC);
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("listSentMessages").addHandler(Responses.handle(this::mine));
    builder.getRoute("getMessage").addHandler(Responses.handle(this::one));
    builder.getRoute("listRecipients").addHandler(Responses.handle(this::recipients));
    builder.getRoute("remindMessage").addHandler(Responses.handle(this::remind));
    builder.getRoute("cancelMessage").addHandler(Responses.handle(this::cancel));
  }

  private Future<Reply> mine(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    Page page = Page.of(rc);
    Page.TimeAndId after = page.afterTimeAndId();
    return messages
        .sentBy(pool, me.id(), after.at(), after.id(), page.limit())
        .map(list -> Reply.ok(sentPage(page, list)));
  }

  private static JsonObject sentPage(Page page, List<Message> list) {
    JsonArray items = new JsonArray();
    list.forEach(m -> items.add(MessageJson.message(m)));
    Message last = list.isEmpty() ? null : list.get(list.size() - 1);
    return page.body(items, last == null ? null : Page.TimeAndId.of(last.createdAt(), last.id()));
  }

  /**
   * The message if the caller sent it (or, for reading, is HR); 404 otherwise, so others learn
   * nothing. A notice is the service's to one person, not a message anyone follows up: 404 too.
   */
  private Future<Message> owned(RoutingContext rc, boolean hrMayRead) {
    Principal me = AuthHandler.principal(rc);
    UUID id = Validated.pathUuid(rc, "messageId");
    return messages
        .find(pool, id)
        .map(
            found ->
                found
                    .filter(m -> !m.notice())
                    .filter(m -> me.id().equals(m.senderId()) || (hrMayRead && me.has(Role.HR)))
                    .orElseThrow(() -> Problem.notFound(Text.of("messaging.message.notFound"))));
  }

  private Future<Reply> one(RoutingContext rc) {
    return owned(rc, true)
        .compose(
            m ->
                messages
                    .stats(pool, m.id(), now())
                    .map(s -> Reply.ok(MessageJson.message(m).put("stats", MessageJson.stats(s)))));
  }

  private Future<Reply> recipients(RoutingContext rc) {
    Page page = Page.of(rc);
    String state = Validated.query(rc, "state");
    NameCursor after = NameCursor.of(page);
    return owned(rc, false)
        .compose(
            m ->
                inbox
                    .recipients(
                        pool,
                        m.id(),
                        state,
                        after.name(),
                        after.id(),
                        page.limit(),
                        m.expired(now()))
                    .map(list -> Reply.ok(recipientsPage(page, m, list))));
  }

  /** The follow-up list's cursor: after this name and id (null: from the first). */
  private record NameCursor(String name, UUID id) {
    static NameCursor of(Page page) {
      if (page.after() == null) {
        return new NameCursor(null, null);
      }
      String name = page.after().getString("name");
      UUID id;
      try {
        id = UUID.fromString(page.after().getString("id"));
      } catch (RuntimeException e) {
        throw Problem.badRequest("cursor", Text.of("messaging.message.badCursor"));
      }
      if (name == null) {
        throw Problem.badRequest("cursor", Text.of("messaging.message.badCursor"));
      }
      return new NameCursor(name, id);
    }
  }

  private JsonObject recipientsPage(Page page, Message m, List<InboxStore.Recipient> list) {
    OffsetDateTime now = now();
    boolean expired = m.expired(now);
    JsonArray items = new JsonArray();
    for (InboxStore.Recipient r : list) {
      items.add(
          MessageJson.recipient(
              r, RecipientState.of(r, expired, now), RecipientState.held(r, expired, now)));
    }
    InboxStore.Recipient last = list.isEmpty() ? null : list.get(list.size() - 1);
    return page.body(items, last == null ? null : MessageJson.recipientPosition(last));
  }

  private Future<Reply> remind(RoutingContext rc) {
    return owned(rc, false).compose(m -> new Reminder(m).run()).map(Reply::ok);
  }

  /**
   * One reminder, in one transaction: the message locked (reminders to it take turns), the interval
   * checked, the entries not yet read (or acknowledged) marked, their pushes queued at each
   * person's time. It answers as a send does: how many are pushed now, how many wait until when (or
   * for a working time to be known), how many have no phone to push.
   */
  private final class Reminder {
    final Message message;
    final UUID id;
    final OffsetDateTime now = now();
    SqlClient tx;
    UUID[] who;
    final SortedMap<Instant, Long> heldUntil = new TreeMap<>();
    long reachableNow;
    long withoutWorkingTime;

    Reminder(Message message) {
      this.message = message;
      this.id = message.id();
    }

    Future<JsonObject> run() {
      if (message.cancelledAt() != null) {
        throw Problem.conflict("message-cancelled", Text.of("messaging.message.cancelled"));
      }
      if (message.expired(now)) {
        throw Problem.rule("message-expired", Text.of("messaging.message.expired"));
      }
      return pool.withTransaction(
          conn -> {
            tx = conn;
            return tx.query(MessageSending.CUSTOM_PLANS)
                .execute()
                .compose(x -> messages.lock(tx, id))
                .compose(x -> notTooSoon())
                .compose(v -> markReminded())
                .compose(v -> enqueue())
                .compose(reminded -> outbox.wakeOnCommit(tx).map(answer(reminded)));
          });
    }

    private JsonObject answer(Outbox.Reminded reminded) {
      return new JsonObject()
          .put("reminded", who.length)
          .put("reachableNow", reachableNow)
          .put("held", SendConsequence.heldGroups(heldUntil))
          .put("withoutWorkingTime", withoutWorkingTime)
          .put("devices", reminded.devices())
          .put("withoutPhone", reminded.withoutPhone());
    }

    private Future<Void> notTooSoon() {
      return inbox
          .remindedWithin(tx, id, REMIND_INTERVAL_MINUTES, now)
          .map(
              tooSoon -> {
                if (tooSoon) {
                  throw Problem.rule(
                      "remind-too-soon",
                      Text.of("messaging.message.remindTooSoon", REMIND_INTERVAL_MINUTES));
                }
                return null;
              });
    }

    private Future<Void> markReminded() {
      return inbox
          .markReminded(tx, id, message.requiresAck(), now)
          .map(
              due -> {
                who = due;
                return null;
              });
    }

    private Future<Outbox.Reminded> enqueue() {
      Passes passes = message.urgent() ? Passes.OFF_HOURS_AND_DND : Passes.NONE;
      return reachability
          .plan(tx, who, clock.instant(), passes)
          .compose(
              plans -> {
                OffsetDateTime[] at = new OffsetDateTime[who.length];
                Boolean[] held = new Boolean[who.length];
                for (int k = 0; k < who.length; k++) {
                  Reachability.Plan p = plans.get(who[k]);
                  at[k] = p.reachableAt() == null ? null : p.reachableAt().atOffset(ZoneOffset.UTC);
                  held[k] = p.isHeld();
                  count(p);
                }
                return outbox.enqueueReminders(tx, id, who, at, held);
              });
    }

    private void count(Reachability.Plan p) {
      if (!p.isHeld()) {
        reachableNow++;
      } else if (p.reachableAt() == null) {
        withoutWorkingTime++;
      } else {
        heldUntil.merge(p.reachableAt(), 1L, Long::sum);
      }
    }
  }

  private Future<Reply> cancel(RoutingContext rc) {
    return owned(rc, false)
        .compose(m -> cancel(m.id()))
        .compose(id -> messages.find(pool, id))
        .map(m -> Reply.ok(MessageJson.message(m.orElseThrow())));
  }

  /** Cancels what has not gone out yet, and the entries nobody can see yet. */
  private Future<UUID> cancel(UUID id) {
    OffsetDateTime now = now();
    return pool.withTransaction(
        tx ->
            messages
                .cancel(tx, id, now)
                .compose(
                    cancelled -> {
                      if (!cancelled) {
                        throw Problem.conflict(
                            "message-cancelled", Text.of("messaging.message.alreadyCancelled"));
                      }
                      return outbox.cancelForMessage(tx, id);
                    })
                .compose(v -> inbox.dropInvisible(tx, id, now))
                .map(id));
  }
}
