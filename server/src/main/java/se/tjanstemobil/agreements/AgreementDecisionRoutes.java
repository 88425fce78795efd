package se.tjanstemobil.agreements;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import se.tjanstemobil.audit.AuditLog;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.http.Idempotency;
import se.tjanstemobil.http.Page;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.ReaderLanguage;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.messaging.Notices;
import se.tjanstemobil.org.UnitTree;

/**
 * The manager's side (and HR's, read only): pending agreements of the units they manage with
 * counts, approve or reject (a comment required to reject), and ending an agreement early, which
 * either party may do with the notice period honoured.
 */
final class AgreementDecisionRoutes {

  private final Pool pool;
  private final AgreementStore store;
  private final AgreementPolicy policy;
  private final UnitTree tree;
  private final Notices notices;
  private final AgreementDocument document;
  private final MyAgreementRoutes mine;

  AgreementDecisionRoutes(
      Pool pool,
      AgreementStore store,
      AgreementPolicy policy,
      UnitTree tree,
      Notices notices,
      AgreementDocument document,
      MyAgreementRoutes mine) {
    this.pool = pool;
    this.store = store;
    this.policy = policy;
    this.tree = tree;
    this.notices = notices;
    this.document = document;
    this.mine = mine;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("listAgreements").addHandler(Responses.handle(this::list));
    builder
        .getRoute("getAgreement")
        .addHandler(
            Responses.handle(
                rc ->
                    seen(rc)
                        .compose(s -> mine.view(s.agreement(), ReaderLanguage.of(rc)))
                        .map(Reply::ok)));
    builder.getRoute("approveAgreement").addHandler(Responses.handle(rc -> decide(rc, true)));
    builder.getRoute("rejectAgreement").addHandler(Responses.handle(rc -> decide(rc, false)));
    builder.getRoute("terminateAgreement").addHandler(Responses.handle(this::terminate));
    builder.getRoute("renewAgreement").addHandler(Responses.handle(this::renew));
    builder
        .getRoute("getAgreementDocument")
        .addHandler(
            Responses.handle(
                rc ->
                    seen(rc).compose(s -> document.render(s.agreement(), ReaderLanguage.of(rc)))));
  }

  /** Who looks at an agreement: its employee, a manager of its unit (or its approver), or HR. */
  private record Seen(Agreement agreement, boolean employee, boolean manager) {}

  /**
   * The agreement as the caller may see it; 404 for anyone else (its existence is not revealed).
   */
  private Future<Seen> seen(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID id = Validated.pathUuid(rc, "agreementId");
    return store
        .load(pool, id)
        .compose(
            a -> {
              if (a == null) {
                throw Problem.notFound(Text.of("agreements.notFound"));
              }
              if (a.employeeId().equals(me.id())) {
                return Future.succeededFuture(new Seen(a, true, false));
              }
              if (a.stored() == AgreementStatus.DRAFT) {
                throw Problem.notFound(Text.of("agreements.notFound"));
              }
              return manages(me, a)
                  .map(
                      m -> {
                        if (!m && !me.hasAny(Role.HR)) {
                          throw Problem.notFound(Text.of("agreements.notFound"));
                        }
                        return new Seen(a, false, m);
                      });
            });
  }

  /** Whether the caller decides for the agreement: its approver, or a manager of its unit. */
  private Future<Boolean> manages(Principal me, Agreement a) {
    if (me.id().equals(a.approverId())) {
      return Future.succeededFuture(true);
    }
    return a.unitId() == null ? Future.succeededFuture(false) : tree.manages(me, a.unitId());
  }

  private Future<Reply> list(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    boolean hr = me.hasAny(Role.HR);
    if (!hr && !me.has(Role.MANAGER)) {
      throw Problem.forbidden(Text.of("agreements.access.list"));
    }
    String status = Validated.query(rc, "status");
    Page page = Page.of(rc);
    LocalDate today = store.today();
    Language language = ReaderLanguage.of(rc);
    AgreementStore.Scope scope =
        new AgreementStore.Scope(today, me.scopes(Role.MANAGER), hr, me.id());
    Future<List<Agreement>> rows =
        store.decisions(pool, scope, status, page.afterTimeAndId(), page.limit());
    Future<Map<String, Long>> counts = store.counts(pool, scope);
    return Future.all(rows, counts)
        .map(
            all -> {
              JsonArray items = new JsonArray();
              JsonObject last = null;
              for (Agreement a : rows.result()) {
                items.add(a.toJson(today, policy, language));
                last = Page.TimeAndId.of(a.createdAt(), a.id());
              }
              return Reply.ok(
                  page.body(items, items.size() < page.limit() ? null : last)
                      .put("counts", byStatus(counts.result())));
            });
  }

  /** Every status a manager can see (all but DRAFT), 0 where there are none. */
  private static JsonObject byStatus(Map<String, Long> counts) {
    JsonObject byStatus = new JsonObject();
    for (AgreementStatus s : AgreementStatus.values()) {
      if (s != AgreementStatus.DRAFT) {
        byStatus.put(s.name(), 0L);
      }
    }
    counts.forEach((k, v) -> byStatus.put(k, v));
    return byStatus;
  }

  private Future<Reply> decide(RoutingContext rc, boolean approve) {
    Principal me = AuthHandler.principal(rc);
    String comment = Validated.body(rc).getString("comment");
    if (!approve && (comment == null || comment.isBlank())) {
      throw Problem.badRequest("comment", Text.of("agreements.field.rejectionComment"));
    }
    String why = comment == null || comment.isBlank() ? null : comment.strip();
    AgreementStatus.Action action =
        approve ? AgreementStatus.Action.APPROVE : AgreementStatus.Action.REJECT;
    return seen(rc)
        .compose(s -> decide(me, requireDecider(s), action, why))
        .compose(id -> mine.shown(id, ReaderLanguage.of(rc)))
        .map(Reply::ok);
  }

  /**
   * Approved or rejected, the employee told; 409 when it moved on meanwhile or an approval would
   * overlap an agreement in force.
   */
  private Future<UUID> decide(
      Principal me, Agreement a, AgreementStatus.Action action, String why) {
    store.require(action, a);
    boolean approve = action == AgreementStatus.Action.APPROVE;
    Notices.Notice told =
        new Notices.Notice(
            a.employeeId(),
            me.id(),
            AgreementTexts.decidedTitle(approve),
            AgreementTexts.decidedBody(a, approve, me.name(), why, store.today()));
    return pool.withTransaction(
            tx ->
                store
                    .decide(tx, a, action, me.id(), why)
                    .compose(v -> notices.send(tx, List.of(told))))
        .recover(e -> store.overlap(pool, a, e))
        .map(a.id());
  }

  /** A manager of the agreement's unit (or its approver) decides, never its employee. */
  private static Agreement requireDecider(Seen s) {
    Agreement a = s.agreement();
    if (s.employee()) {
      throw Problem.forbidden(Text.of("agreements.access.ownAgreement"));
    }
    if (!s.manager()) {
      throw Problem.forbidden(Text.of("agreements.access.decide", unitName(a)));
    }
    return a;
  }

  /** The unit an agreement is for, as a sentence names it ("the unit" when it has none). */
  private static Object unitName(Agreement a) {
    return a.unitName() == null ? Text.of("agreements.access.theUnit") : a.unitName();
  }

  /** What a termination asks for: why, and the last day wanted. */
  private record Ending(String reason, LocalDate endDate) {
    static Ending of(JsonObject body) {
      String reason = body.getString("reason", "").strip();
      if (reason.isEmpty()) {
        throw Problem.badRequest("reason", Text.of("agreements.field.terminationReason"));
      }
      try {
        return new Ending(reason, LocalDate.parse(body.getString("endDate")));
      } catch (RuntimeException e) {
        throw Problem.badRequest("endDate", Text.of("validation.format.date"));
      }
    }
  }

  /**
   * Ending early: by the employee or a manager of the unit, with a reason, on an end date at least
   * the notice period away (and within the agreement). The other party is told.
   */
  private Future<Reply> terminate(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    Ending ending = Ending.of(Validated.body(rc));
    return seen(rc)
        .compose(s -> terminate(me, s, ending))
        .compose(id -> mine.shown(id, ReaderLanguage.of(rc)))
        .map(Reply::ok);
  }

  /** Ended on the day the notice period allows, the other party told. */
  private Future<UUID> terminate(Principal me, Seen s, Ending ending) {
    Agreement a = s.agreement();
    if (!s.employee() && !s.manager()) {
      throw Problem.forbidden(Text.of("agreements.access.terminate", unitName(a)));
    }
    store.require(AgreementStatus.Action.TERMINATE, a);
    LocalDate endsOn = AgreementPolicy.endsOn(a, ending.endDate(), store.today());
    UUID other = s.employee() ? a.approverId() : a.employeeId();
    List<Notices.Notice> told =
        other == null
            ? List.of()
            : List.of(
                new Notices.Notice(
                    other,
                    me.id(),
                    AgreementTexts.terminatedTitle(),
                    AgreementTexts.terminatedBody(
                        a, me.name(), endsOn, ending.reason(), store.today())));
    return pool.withTransaction(
            tx ->
                store
                    .terminate(tx, a, me.id(), endsOn, ending.reason())
                    .compose(v -> notices.send(tx, told)))
        .map(a.id());
  }

  /**
   * A manager renews an agreement of their unit: a new draft of the employee's, on the same terms
   * and rules as the employee's own renewal, for the employee to go through, confirm and submit;
   * the employee is told, and it is audited. An Idempotency-Key makes a retry answer the same
   * draft.
   */
  private Future<Reply> renew(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    String key = rc.request().getHeader("Idempotency-Key");
    return seen(rc)
        .compose(s -> renew(me, requireRenewer(s), key))
        .compose(id -> mine.shown(id, ReaderLanguage.of(rc)))
        .map(Reply::created);
  }

  /** A manager of the agreement's unit (or its approver) renews it; HR follows up. */
  private static Agreement requireRenewer(Seen s) {
    if (!s.manager()) {
      throw Problem.forbidden(Text.of("agreements.access.renew", unitName(s.agreement())));
    }
    return s.agreement();
  }

  /** The renewal drafted for the employee, who is told; the manager's step audited. */
  private Future<UUID> renew(Principal me, Agreement a, String key) {
    store.require(AgreementStatus.Action.RENEW, a);
    Draft terms = policy.renewal(a.terms());
    String hash = Idempotency.hash(new JsonObject().put("renewalOf", a.id().toString()));
    AgreementStore.NewDraft renewal =
        new AgreementStore.NewDraft(terms, policy.noticeDays(), null, a.id(), key, hash);
    Notices.Notice told =
        new Notices.Notice(
            a.employeeId(),
            me.id(),
            AgreementTexts.renewalTitle(),
            AgreementTexts.renewalBody(me.name(), terms, store.today()));
    return MyAgreementRoutes.once(
        key,
        () ->
            Idempotency.earlier(
                pool, AgreementStore.BY_KEY, a.employeeId(), key, hash, "agreement"),
        () ->
            pool.withTransaction(
                tx ->
                    store
                        .insert(tx, a.employeeId(), me.id(), renewal)
                        .compose(
                            id ->
                                notices
                                    .send(tx, List.of(told))
                                    .compose(v -> audit(tx, me, a, id))
                                    .map(id))));
  }

  private static Future<Void> audit(SqlClient tx, Principal me, Agreement a, UUID renewal) {
    return AuditLog.write(
        tx,
        new AuditLog.Entry(
            me.id(),
            "AGREEMENT_RENEWED",
            "AGREEMENT",
            a.id().toString(),
            new JsonObject().put("renewal", renewal.toString()).put("employee", a.employeeName())));
  }
}
