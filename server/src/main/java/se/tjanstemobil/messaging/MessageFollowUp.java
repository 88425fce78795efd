package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

/**
 * The sender's follow-up: messages I sent, how far each has come (delivered, read, acknowledged),
 * who has not acknowledged, a reminder to them, and cancelling what has not gone out yet. Another
 * sender's message is 404 (HR may read stats of any).
 */
public final class MessageFollowUp {

  /** A reminder to the same message at most this often. */
  static final int REMIND_INTERVAL_MINUTES = 10;

  private static final String MESSAGE_COLUMNS =
      """
    m.id, m.sender_id, m.title, m.body, m.category, m.priority, m.urgent_reason, m.requires_ack, m.audience,
    m.send_at, m.expires_at, m.created_at, m.cancelled_at, m.recipient_count
    """;
  private static final String MINE =
      "SELECT "
          + MESSAGE_COLUMNS
          + """
    FROM messages m WHERE m.sender_id = $1
      AND ($2::timestamptz IS NULL OR (m.created_at, m.id) < ($2, $3::uuid))
    ORDER BY m.created_at DESC, m.id DESC LIMIT $4
    """;
  private static final String ONE =
      "SELECT " + MESSAGE_COLUMNS + " FROM messages m WHERE m.id = $1";
  // $2 now. Held: waiting for their working time, or for one to be known (no reachable time);
  // expired: the message expired before it reached them (as the recipients list says: one who
  // read it in the inbox is READ). The device figures count this message's own rows: a digest
  // row is counted through the members folded into it (it is named after one of them only), a
  // member as pending while its digest waits to go.
  private static final String STATS =
      """
    SELECT count(*) AS recipients,
           count(*) FILTER (WHERE i.delivered_at IS NOT NULL) AS delivered,
           count(*) FILTER (WHERE i.delivered_at IS NULL AND i.held_reason IS NOT NULL AND NOT x.expired
                            AND (i.reachable_at IS NULL OR i.reachable_at > $2)) AS held,
           count(*) FILTER (WHERE i.delivered_at IS NULL AND i.read_at IS NULL AND i.acknowledged_at IS NULL
                            AND x.expired) AS expired,
           count(*) FILTER (WHERE i.read_at IS NOT NULL) AS read,
           count(*) FILTER (WHERE i.acknowledged_at IS NOT NULL) AS acknowledged,
           (SELECT count(*) FROM deliveries d WHERE d.message_id = $1 AND d.status IN ('FAILED', 'DROPPED')
              AND d.kind <> 'DIGEST') AS devices_failed,
           (SELECT count(*) FROM deliveries d WHERE d.message_id = $1 AND d.kind <> 'DIGEST' AND (d.status = 'PENDING'
              OR d.status = 'DIGESTED' AND EXISTS (SELECT 1 FROM deliveries g WHERE g.id = d.digest_id AND g.status = 'PENDING')))
              AS devices_pending,
           (SELECT count(*) FROM deliveries d WHERE d.message_id = $1 AND d.status = 'HELD') AS devices_held
    FROM inbox_entries i CROSS JOIN (SELECT coalesce(expires_at <= $2, false) AS expired FROM messages WHERE id = $1) x
    WHERE i.message_id = $1
    """;
  private static final String RECIPIENTS =
      """
    SELECT e.id, e.name, u.name AS unit_name, i.visible_at, i.reachable_at, i.held_reason, i.delivered_at, i.read_at,
           i.acknowledged_at
    FROM inbox_entries i JOIN employees e ON e.id = i.employee_id LEFT JOIN units u ON u.id = e.unit_id
    WHERE i.message_id = $1
      AND ($2::text IS NULL
           OR ($2 = 'NOT_ACKNOWLEDGED' AND i.acknowledged_at IS NULL)
           OR ($2 = 'NOT_READ' AND i.read_at IS NULL)
           OR ($2 = 'NOT_DELIVERED' AND i.delivered_at IS NULL))
      AND ($3::text IS NULL OR (e.name, e.id) > ($3, $4::uuid))
    ORDER BY e.name, e.id LIMIT $5
    """;

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
    return pool.preparedQuery(MINE)
        .execute(Tuple.of(me.id(), after.at(), after.id(), page.limit()))
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              JsonObject last = null;
              for (Row r : rows) {
                items.add(message(r));
                last = Page.TimeAndId.of(r.getOffsetDateTime("created_at"), r.getUUID("id"));
              }
              return Reply.ok(page.body(items, last));
            });
  }

  /**
   * The message if the caller sent it (or, for reading, is HR); 404 otherwise, so others learn
   * nothing.
   */
  private Future<Row> owned(RoutingContext rc, boolean hrMayRead) {
    Principal me = AuthHandler.principal(rc);
    UUID id = Validated.pathUuid(rc, "messageId");
    return pool.preparedQuery(ONE)
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw Problem.notFound("No message " + id);
              }
              Row r = rows.iterator().next();
              if (!me.id().equals(r.getUUID("sender_id")) && !(hrMayRead && me.has(Role.HR))) {
                throw Problem.notFound("No message " + id);
              }
              return r;
            });
  }

  private Future<Reply> one(RoutingContext rc) {
    return owned(rc, true)
        .compose(
            m ->
                pool.preparedQuery(STATS)
                    .execute(Tuple.of(m.getUUID("id"), now()))
                    .map(
                        rows -> {
                          Row s = rows.iterator().next();
                          return Reply.ok(
                              message(m)
                                  .put(
                                      "stats",
                                      new JsonObject()
                                          .put("recipients", s.getLong("recipients"))
                                          .put("delivered", s.getLong("delivered"))
                                          .put("held", s.getLong("held"))
                                          .put("expired", s.getLong("expired"))
                                          .put("read", s.getLong("read"))
                                          .put("acknowledged", s.getLong("acknowledged"))
                                          .put("devicesFailed", s.getLong("devices_failed"))
                                          .put("devicesPending", s.getLong("devices_pending"))
                                          .put("devicesHeld", s.getLong("devices_held"))));
                        }));
  }

  private Future<Reply> recipients(RoutingContext rc) {
    Page page = Page.of(rc);
    String state = Validated.query(rc, "state");
    String afterName = page.after() == null ? null : page.after().getString("name");
    UUID afterId = null;
    if (page.after() != null) {
      try {
        afterId = UUID.fromString(page.after().getString("id"));
      } catch (RuntimeException e) {
        throw Problem.badRequest("cursor", "is not a cursor this server handed out");
      }
      if (afterName == null) {
        throw Problem.badRequest("cursor", "is not a cursor this server handed out");
      }
    }
    UUID after = afterId;
    return owned(rc, false)
        .compose(
            m ->
                pool.preparedQuery(RECIPIENTS)
                    .execute(Tuple.of(m.getUUID("id"), state, afterName, after, page.limit()))
                    .map(
                        rows -> {
                          JsonArray items = new JsonArray();
                          JsonObject last = null;
                          OffsetDateTime now = now();
                          OffsetDateTime expires = m.getOffsetDateTime("expires_at");
                          boolean expired = expires != null && !expires.isAfter(now);
                          for (Row r : rows) {
                            OffsetDateTime reachable = r.getOffsetDateTime("reachable_at");
                            // Held with no reachable time: no working time of theirs is known yet.
                            boolean held =
                                r.getOffsetDateTime("delivered_at") == null
                                    && r.getString("held_reason") != null
                                    && !expired
                                    && (reachable == null || reachable.isAfter(now));
                            String stateNow =
                                r.getOffsetDateTime("acknowledged_at") != null
                                    ? "ACKNOWLEDGED"
                                    : r.getOffsetDateTime("read_at") != null
                                        ? "READ"
                                        : r.getOffsetDateTime("delivered_at") != null
                                            ? "DELIVERED"
                                            : expired ? "EXPIRED" : held ? "HELD" : "PENDING";
                            items.add(
                                new JsonObject()
                                    .put(
                                        "employee",
                                        new JsonObject()
                                            .put("id", r.getUUID("id").toString())
                                            .put("name", r.getString("name")))
                                    .put("unitName", r.getString("unit_name"))
                                    .put("state", stateNow)
                                    .put("deliveredAt", InboxRoutes.time(r, "delivered_at"))
                                    .put("heldUntil", held ? InboxRoutes.time(reachable) : null)
                                    .put("heldReason", held ? r.getString("held_reason") : null)
                                    .put("readAt", InboxRoutes.time(r, "read_at"))
                                    .put("acknowledgedAt", InboxRoutes.time(r, "acknowledged_at")));
                            last =
                                new JsonObject()
                                    .put("name", r.getString("name"))
                                    .put("id", r.getUUID("id").toString());
                          }
                          return Reply.ok(page.body(items, last));
                        }));
  }

  private Future<Reply> remind(RoutingContext rc) {
    return owned(rc, false).compose(m -> new Reminder(m).run()).map(Reply::ok);
  }

  /**
   * One reminder, in one transaction: the message locked (reminders to it take turns), the interval
   * checked, the entries not yet read (or acknowledged) marked, their pushes queued at each
   * person's time.
   */
  private final class Reminder {
    final Row message;
    final UUID id;
    final OffsetDateTime now = now();
    SqlClient tx;
    UUID[] who;

    Reminder(Row message) {
      this.message = message;
      this.id = message.getUUID("id");
    }

    Future<JsonObject> run() {
      if (message.getOffsetDateTime("cancelled_at") != null) {
        throw Problem.conflict("message-cancelled", "The message was cancelled");
      }
      OffsetDateTime expires = message.getOffsetDateTime("expires_at");
      if (expires != null && !expires.isAfter(now)) {
        throw Problem.rule("message-expired", "The message has expired; nothing more is delivered");
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
                .compose(
                    devices ->
                        outbox
                            .wakeOnCommit(tx)
                            .map(
                                new JsonObject()
                                    .put("reminded", who.length)
                                    .put("devices", devices)));
          });
    }

    private Future<Void> notTooSoon() {
      return inbox
          .remindedWithin(tx, id, REMIND_INTERVAL_MINUTES, now)
          .map(
              tooSoon -> {
                if (tooSoon) {
                  throw Problem.rule(
                      "remind-too-soon",
                      "A reminder went out less than " + REMIND_INTERVAL_MINUTES + " minutes ago");
                }
                return null;
              });
    }

    private Future<Void> markReminded() {
      return inbox
          .markReminded(tx, id, message.getBoolean("requires_ack"), now)
          .map(
              due -> {
                who = due;
                return null;
              });
    }

    private Future<Long> enqueue() {
      Passes passes =
          "URGENT".equals(message.getString("priority")) ? Passes.OFF_HOURS_AND_DND : Passes.NONE;
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
                }
                return outbox.enqueueReminders(tx, id, who, at, held);
              });
    }
  }

  private Future<Reply> cancel(RoutingContext rc) {
    return owned(rc, false)
        .compose(m -> cancel(m.getUUID("id")))
        .compose(id -> pool.preparedQuery(ONE).execute(Tuple.of(id)))
        .map(rows -> Reply.ok(message(rows.iterator().next())));
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
                            "message-cancelled", "The message is already cancelled");
                      }
                      return outbox.cancelForMessage(tx, id);
                    })
                .compose(v -> inbox.dropInvisible(tx, id, now))
                .map(id));
  }

  static JsonObject message(Row r) {
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("title", r.getString("title"))
        .put("body", r.getString("body"))
        .put("category", r.getString("category"))
        .put("priority", r.getString("priority"))
        .put("urgentReason", r.getString("urgent_reason"))
        .put("requiresAck", r.getBoolean("requires_ack"))
        .put("audience", r.getJsonObject("audience"))
        .put("sendAt", InboxRoutes.time(r, "send_at"))
        .put("expiresAt", InboxRoutes.time(r, "expires_at"))
        .put("createdAt", InboxRoutes.time(r, "created_at"))
        .put("cancelledAt", InboxRoutes.time(r, "cancelled_at"))
        .put("recipients", r.getInteger("recipient_count"));
  }
}
