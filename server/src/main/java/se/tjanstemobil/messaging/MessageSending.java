package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.audit.AuditLog;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.availability.CrisisMode;
import se.tjanstemobil.availability.Passes;
import se.tjanstemobil.availability.Reachability;
import se.tjanstemobil.db.SqlErrors;
import se.tjanstemobil.http.Idempotency;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Text;

/**
 * Composing and sending: who may reach whom, the preview of the consequence, and the send itself,
 * where the message, one inbox entry per recipient and one delivery per active device commit in one
 * transaction of set-based statements.
 */
public final class MessageSending {

  private static final Logger log = LoggerFactory.getLogger(MessageSending.class);

  // A send's statements run once over many rows: plan them for this audience, not reuse a plan
  // cached for an earlier small one (the fan-out in Outbox.enqueue is one statement over the whole
  // audience).
  static final String CUSTOM_PLANS = "SET LOCAL plan_cache_mode = force_custom_plan";

  /** Policy from messaging.urgent.* configuration. */
  public record UrgentPolicy(boolean managersMaySend, int dailyLimit) {}

  private final Pool pool;
  private final Outbox outbox;
  private final MessageStore messages = new MessageStore();
  private final InboxStore inbox = new InboxStore();
  private final AudienceLookups lookups = new AudienceLookups();
  private final Reachability reachability;
  private final UrgentPolicy urgentPolicy;
  private final SendPolicy policy;
  private final Clock clock;

  public MessageSending(
      Pool pool, Outbox outbox, Reachability reachability, UrgentPolicy urgentPolicy, Clock clock) {
    this.pool = pool;
    this.outbox = outbox;
    this.reachability = reachability;
    this.urgentPolicy = urgentPolicy;
    this.policy = new SendPolicy(urgentPolicy);
    this.clock = clock;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("previewMessage").addHandler(Responses.handle(this::preview));
    builder.getRoute("sendMessage").addHandler(Responses.handle(this::send));
  }

  /** A checked request to send: the sender may reach this audience, the times are in order. */
  record Draft(
      Principal sender,
      JsonObject body,
      Audience audience,
      OffsetDateTime sendAt,
      OffsetDateTime expiresAt) {
    boolean urgent() {
      return "URGENT".equals(body.getString("priority"));
    }
  }

  private Future<Reply> preview(RoutingContext rc) {
    Principal sender = AuthHandler.principal(rc);
    return check(sender, Validated.body(rc))
        .compose(
            draft ->
                pool.withTransaction(
                    tx ->
                        tx.query(CUSTOM_PLANS)
                            .execute()
                            .compose(x -> fanoutPlan(tx, draft))
                            .compose(
                                plan ->
                                    lookups
                                        .phones(tx, plan)
                                        .map(
                                            phones ->
                                                Reply.ok(
                                                    plan.consequence(phones, draft.sendAt())
                                                        .json())))));
  }

  /** The audience resolved and everyone's availability asked, at the message's send time. */
  private Future<Fanout> fanoutPlan(SqlClient conn, Draft d) {
    Future<Passes> passes =
        !d.urgent()
            ? Future.succeededFuture(Passes.NONE)
            : !d.sender().has(Role.CRISIS_LEAD)
                ? Future.succeededFuture(Passes.OFF_HOURS_AND_DND)
                : CrisisMode.active(conn)
                    .map(crisis -> crisis ? Passes.EVERYTHING : Passes.OFF_HOURS_AND_DND);
    // The audience is resolved inside the availability queries, not carried here and back.
    return passes
        .compose(
            p ->
                reachability.plan(
                    conn,
                    Audience.RECIPIENTS_CTE,
                    Tuple.from(d.audience().sqlArguments()),
                    d.sendAt().toInstant(),
                    p))
        .map(
            plans ->
                Fanout.of(
                    plans, d.body().getString("category"), d.urgent(), d.sendAt().toInstant()));
  }

  private Future<Reply> send(RoutingContext rc) {
    Principal sender = AuthHandler.principal(rc);
    JsonObject body = Validated.body(rc);
    String key = rc.request().getHeader("Idempotency-Key");
    String hash = Idempotency.hash(body);
    Future<Reply> earlier = key == null ? Future.succeededFuture(null) : replay(sender, key, hash);
    return earlier.compose(
        replayed ->
            replayed != null
                ? Future.succeededFuture(replayed)
                : check(sender, body)
                    .compose(draft -> new Send(draft, key, hash).run())
                    // The same key arrived twice at once: the other request won; answer as it did.
                    .recover(
                        key == null
                            ? Future::failedFuture
                            : SqlErrors.onUniqueViolation(() -> replay(sender, key, hash))));
  }

  private Future<Reply> replay(Principal sender, String key, String hash) {
    return messages
        .byIdempotencyKey(pool, sender.id(), key)
        .compose(
            earlier ->
                earlier.isEmpty() ? Future.succeededFuture(null) : replayed(earlier.get(), hash));
  }

  /** The answer the first send with this key got, worked out again from what it stored. */
  private Future<Reply> replayed(MessageStore.Earlier earlier, String hash) {
    if (!hash.equals(earlier.requestHash())) {
      throw Problem.rule("idempotency-key-reused", Text.of("messaging.send.keyReused"));
    }
    Future<Long> devices = outbox.messageDevices(pool, earlier.id());
    Future<InboxStore.HeldCounts> held = inbox.heldCounts(pool, earlier.id());
    Future<Long> withoutPhone = inbox.withoutPhone(pool, earlier.id());
    Future<Long> breakThroughs = messages.breakThroughs(pool, earlier.id());
    return Future.all(devices, held, withoutPhone, breakThroughs)
        .map(
            all ->
                Reply.created(
                    new SendConsequence(
                            earlier.recipientCount(),
                            earlier.recipientCount() - held.result().total(),
                            held.result().until(),
                            held.result().withoutTime(),
                            breakThroughs.result(),
                            devices.result(),
                            withoutPhone.result(),
                            earlier.sendAt())
                        .json()
                        .put("id", earlier.id().toString())));
  }

  /**
   * One send, in one transaction: the urgent limit, the message, everyone's plan, the inbox entries
   * and pushes, the break-throughs, the count, the workers woken on commit.
   */
  private final class Send {
    final Draft draft;
    final String key;
    final String hash;
    final UUID id = UUID.randomUUID();
    final long started = System.nanoTime();
    SqlClient tx;
    Fanout plan;
    long planned;
    Outbox.Enqueued enqueued;

    Send(Draft draft, String key, String hash) {
      this.draft = draft;
      this.key = key;
      this.hash = hash;
    }

    Future<Reply> run() {
      return pool.withTransaction(
          conn -> {
            tx = conn;
            return tx.query(CUSTOM_PLANS)
                .execute()
                .compose(x -> checkUrgentLimit(tx, draft))
                .compose(v -> insertMessage())
                .compose(v -> fanoutPlan(tx, draft))
                .compose(this::requireAudience)
                .compose(v -> outbox.enqueue(tx, id, plan))
                .compose(this::breakThroughs)
                .compose(v -> messages.setRecipientCount(tx, id, plan.ids().length))
                .compose(v -> outbox.wakeOnCommit(tx))
                .map(v -> reply());
          });
    }

    private Future<Void> insertMessage() {
      return messages.insert(tx, id, draft, key, hash);
    }

    private Future<Void> requireAudience(Fanout plan) {
      this.plan = plan;
      planned = System.nanoTime();
      if (plan.ids().length == 0) {
        throw Problem.rule("empty-audience", Text.of("messaging.send.emptyAudience"));
      }
      return Future.succeededFuture();
    }

    private Future<Void> breakThroughs(Outbox.Enqueued enqueued) {
      this.enqueued = enqueued;
      return recordBreakThroughs(tx, id, draft, plan);
    }

    private Reply reply() {
      log.info(
          "Message {} to {} recipients ({} devices): audience and availability {} ms, stored {} ms",
          id,
          plan.ids().length,
          enqueued.devices(),
          (planned - started) / 1_000_000,
          (System.nanoTime() - planned) / 1_000_000);
      Fanout.Phones phones = new Fanout.Phones(enqueued.devices(), enqueued.withoutPhone());
      return Reply.created(
          plan.consequence(phones, draft.sendAt()).json().put("id", id.toString()));
    }
  }

  private Future<Void> recordBreakThroughs(SqlClient conn, UUID message, Draft d, Fanout plan) {
    List<UUID> who = new ArrayList<>();
    List<String> passed = new ArrayList<>();
    plan.plans()
        .forEach(
            (employee, p) -> {
              if (p.passed() != null) {
                who.add(employee);
                passed.add(p.passed().name());
              }
            });
    if (who.isEmpty()) {
      return Future.succeededFuture();
    }
    // Each recipient's row is their after-hours log; the audit log gets one entry for the message.
    JsonObject details =
        new JsonObject()
            .put("reason", d.body().getString("urgentReason"))
            .put("recipients", who.size())
            .put("absencePassed", passed.stream().filter("ABSENCE"::equals).count());
    return messages
        .recordBreakThroughs(
            conn,
            message,
            d.sender().id(),
            d.sendAt(),
            who.toArray(new UUID[0]),
            passed.toArray(new String[0]))
        .compose(
            v ->
                AuditLog.write(
                    conn,
                    new AuditLog.Entry(
                        d.sender().id(), "BREAK_THROUGH", "MESSAGE", message.toString(), details)));
  }

  /**
   * Each sender's URGENT messages a day (the sender's calendar day) are limited by policy: 429 past
   * it.
   */
  private Future<Void> checkUrgentLimit(SqlClient conn, Draft d) {
    if (!d.urgent()) {
      return Future.succeededFuture();
    }
    ZoneId zone = senderZone(d.sender());
    ZonedDateTime now = clock.instant().atZone(zone);
    ZonedDateTime midnight = now.toLocalDate().atStartOfDay(zone);
    return messages
        .urgentSentSince(conn, d.sender().id(), midnight.toOffsetDateTime())
        .map(
            sent -> {
              if (sent >= urgentPolicy.dailyLimit()) {
                long wait =
                    Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(zone))
                        .toSeconds();
                throw Problem.tooMany(
                    "urgent-daily-limit",
                    Text.of("messaging.urgent.dailyLimit", sent, urgentPolicy.dailyLimit()),
                    wait);
              }
              return null;
            });
  }

  private static ZoneId senderZone(Principal sender) {
    try {
      return ZoneId.of(sender.timeZone());
    } catch (RuntimeException e) {
      return ZoneId.of("Europe/Stockholm");
    }
  }

  /** Checks who may send what to whom, and the times; then the units, employees, hubs named. */
  Future<Draft> check(Principal sender, JsonObject body) {
    SendPolicy.Decision d = policy.check(sender, body, OffsetDateTime.now(clock));
    return checkReferences(sender, d.audience(), d.withinManagedUnits(), pool)
        .map(v -> new Draft(sender, body, d.audience(), d.sendAt(), d.expiresAt()));
  }

  private Future<Void> checkReferences(
      Principal sender, Audience audience, boolean withinManagedUnits, SqlClient db) {
    UUID[] unitIds = audience.units().stream().map(Audience.UnitPick::id).toArray(UUID[]::new);
    UUID[] employeeIds = audience.employees().toArray(new UUID[0]);
    UUID[] hubIds =
        audience.hubs().stream().map(Audience.HubPick::id).distinct().toArray(UUID[]::new);
    Future<Map<UUID, String>> units = lookups.unitNames(db, unitIds);
    Future<List<AudienceLookups.ActiveEmployee>> employees =
        lookups.activeEmployees(db, employeeIds);
    Future<Set<UUID>> managed =
        !withinManagedUnits
            ? Future.succeededFuture(null)
            : lookups.unitsUnder(db, sender.scopes(Role.MANAGER).toArray(new UUID[0]));
    Future<Set<UUID>> hubs = lookups.hubs(db, hubIds);
    return Future.all(units, employees, managed, hubs)
        .map(
            all ->
                new Found(units.result(), employees.result(), managed.result(), hubs.result())
                    .require(unitIds, employeeIds, hubIds));
  }

  /**
   * What the audience's references came to: the units and active employees there are, the units the
   * sender manages (null: a sender not held to them), the hubs there are.
   */
  private record Found(
      Map<UUID, String> units,
      List<AudienceLookups.ActiveEmployee> employees,
      Set<UUID> managed,
      Set<UUID> hubs) {

    /** Every hub, unit and employee named exists, and a manager manages every one of them. */
    Void require(UUID[] unitIds, UUID[] employeeIds, UUID[] hubIds) {
      for (UUID id : hubIds) {
        if (!hubs.contains(id)) {
          throw Problem.rule("unknown-hub", Text.of("messaging.send.unknownHub"));
        }
      }
      for (UUID id : unitIds) {
        if (!units.containsKey(id)) {
          throw Problem.rule("unknown-unit", Text.of("messaging.send.unknownUnit"));
        }
        if (managed != null && !managed.contains(id)) {
          throw Problem.forbidden(Text.of("messaging.send.notYourUnit", units.get(id)));
        }
      }
      Set<UUID> found = new HashSet<>();
      for (AudienceLookups.ActiveEmployee e : employees) {
        found.add(e.id());
        if (managed != null && (e.unitId() == null || !managed.contains(e.unitId()))) {
          throw Problem.forbidden(
              e.unitName() == null
                  ? Text.of("messaging.send.notYourEmployeeNoUnit", e.name())
                  : Text.of("messaging.send.notYourEmployee", e.name(), e.unitName()));
        }
      }
      for (UUID id : employeeIds) {
        if (!found.contains(id)) {
          throw Problem.rule("unknown-employee", Text.of("messaging.send.unknownEmployee"));
        }
      }
      return null;
    }
  }
}
