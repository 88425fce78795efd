package se.tjanstemobil.agreements;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.http.Page;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.messaging.Notices;
import se.tjanstemobil.org.UnitTree;

/**
 * The manager's side (and HR's, read only): pending agreements of the units they manage with
 * counts, approve or reject (a comment required to reject), and ending an agreement early, which
 * either party may do with the notice period honoured.
 */
final class AgreementDecisionRoutes {

  /** The state shown today ($today), as AgreementStatus.shown computes it. */
  static final String SHOWN =
      """
    CASE WHEN a.status = 'APPROVED' THEN CASE WHEN $1::date < a.valid_from THEN 'APPROVED' WHEN $1::date > a.valid_to THEN 'EXPIRED'
                                              ELSE 'ACTIVE' END
         WHEN a.status = 'TERMINATED' THEN CASE WHEN $1::date BETWEEN a.valid_from AND a.ends_on THEN 'ACTIVE' ELSE 'TERMINATED' END
         ELSE a.status END""";

  // $2 the units in scope (with their subunits), or everything for HR when $3; drafts are the
  // employee's own.
  private static final String IN_SCOPE =
      UnitTree.subtree(2)
          + """
    , visible AS (
      SELECT a.id, a.created_at, %s AS shown FROM remote_agreements a
      WHERE a.status <> 'DRAFT' AND ($3 OR a.unit_id IN (SELECT id FROM scope) OR a.approver_id = $4)
    )
    """
              .formatted(SHOWN);
  private static final String LIST =
      IN_SCOPE
          + """
    SELECT x.shown, a.*, e.name AS employee_name, e.locale AS employee_locale, u.name AS unit_name, ap.name AS approver_name,
           t.name AS terminated_by_name, d.name AS decided_by_name
    FROM visible x JOIN remote_agreements a ON a.id = x.id JOIN employees e ON e.id = a.employee_id
    LEFT JOIN units u ON u.id = a.unit_id LEFT JOIN employees ap ON ap.id = a.approver_id
    LEFT JOIN employees t ON t.id = a.terminated_by LEFT JOIN employees d ON d.id = a.decided_by
    WHERE ($5::text IS NULL OR x.shown = $5)
      AND ($6::timestamptz IS NULL OR (x.created_at, x.id) < ($6, $7::uuid))
    ORDER BY x.created_at DESC, x.id DESC
    LIMIT $8
    """;
  private static final String COUNTS =
      IN_SCOPE + "SELECT shown, count(*) AS n FROM visible GROUP BY shown";
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
            Responses.handle(rc -> seen(rc).compose(s -> mine.view(s.agreement())).map(Reply::ok)));
    builder.getRoute("approveAgreement").addHandler(Responses.handle(rc -> decide(rc, true)));
    builder.getRoute("rejectAgreement").addHandler(Responses.handle(rc -> decide(rc, false)));
    builder.getRoute("terminateAgreement").addHandler(Responses.handle(this::terminate));
    builder
        .getRoute("getAgreementDocument")
        .addHandler(
            Responses.handle(
                rc ->
                    seen(rc)
                        .compose(
                            s ->
                                document.render(
                                    s.agreement(), AuthHandler.principal(rc).locale()))));
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
                throw Problem.notFound("No agreement " + id);
              }
              if (a.employeeId().equals(me.id())) {
                return Future.succeededFuture(new Seen(a, true, false));
              }
              if (a.stored() == AgreementStatus.DRAFT) {
                throw Problem.notFound("No agreement " + id);
              }
              Future<Boolean> manages =
                  me.id().equals(a.approverId())
                      ? Future.succeededFuture(true)
                      : a.unitId() == null
                          ? Future.succeededFuture(false)
                          : tree.manages(me, a.unitId());
              return manages.map(
                  m -> {
                    if (!m && !me.hasAny(Role.HR)) {
                      throw Problem.notFound("No agreement " + id);
                    }
                    return new Seen(a, false, m);
                  });
            });
  }

  private Future<Reply> list(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    boolean hr = me.hasAny(Role.HR);
    if (!hr && !me.has(Role.MANAGER)) {
      throw Problem.forbidden("Managers see the agreements of their units, HR all of them");
    }
    String status = Validated.query(rc, "status");
    Page page = Page.of(rc);
    Page.TimeAndId after = page.afterTimeAndId();
    LocalDate today = store.today();
    UUID[] units = me.scopes(Role.MANAGER).toArray(new UUID[0]);
    Tuple scope = Tuple.tuple().addValue(today).addValue(units).addValue(hr).addValue(me.id());
    Future<RowSet<Row>> rows =
        pool.preparedQuery(LIST)
            .execute(
                Tuple.tuple()
                    .addValue(today)
                    .addValue(units)
                    .addValue(hr)
                    .addValue(me.id())
                    .addValue(status)
                    .addValue(after.at())
                    .addValue(after.id())
                    .addValue(page.limit()));
    Future<RowSet<Row>> counts = pool.preparedQuery(COUNTS).execute(scope);
    return Future.all(rows, counts)
        .map(
            all -> {
              JsonArray items = new JsonArray();
              JsonObject last = null;
              for (Row r : rows.result()) {
                Agreement a = Agreement.of(r);
                items.add(a.toJson(today, policy));
                last = Page.TimeAndId.of(a.createdAt(), a.id());
              }
              JsonObject byStatus = new JsonObject();
              for (AgreementStatus s : AgreementStatus.values()) {
                if (s != AgreementStatus.DRAFT) {
                  byStatus.put(s.name(), 0L);
                }
              }
              counts.result().forEach(r -> byStatus.put(r.getString("shown"), r.getLong("n")));
              return Reply.ok(
                  page.body(items, items.size() < page.limit() ? null : last)
                      .put("counts", byStatus));
            });
  }

  private Future<Reply> decide(RoutingContext rc, boolean approve) {
    Principal me = AuthHandler.principal(rc);
    String comment = Validated.body(rc).getString("comment");
    if (!approve && (comment == null || comment.isBlank())) {
      throw Problem.badRequest("comment", "a rejection says why; the employee is told");
    }
    AgreementStatus.Action action =
        approve ? AgreementStatus.Action.APPROVE : AgreementStatus.Action.REJECT;
    return seen(rc)
        .compose(
            s -> {
              Agreement a = s.agreement();
              if (s.employee()) {
                throw Problem.forbidden("You cannot decide your own agreement; your manager does");
              }
              if (!s.manager()) {
                throw Problem.forbidden(
                    "Only a manager of " + a.unitName() + " decides; HR follows up");
              }
              store.require(action, a);
              String why = comment == null || comment.isBlank() ? null : comment.strip();
              return pool.withTransaction(
                      conn ->
                          store
                              .decide(conn, a, action, me.id(), why)
                              .compose(
                                  v ->
                                      notices.send(
                                          conn,
                                          List.of(
                                              new Notices.Notice(
                                                  a.employeeId(),
                                                  me.id(),
                                                  AgreementTexts.decidedTitle(approve),
                                                  AgreementTexts.decidedBody(
                                                      a, approve, me.name(), why))))))
                  .recover(e -> store.overlap(pool, a, e))
                  .compose(v -> store.load(pool, a.id()))
                  .compose(mine::view)
                  .map(Reply::ok);
            });
  }

  /**
   * Ending early: by the employee or a manager of the unit, with a reason, on an end date at least
   * the notice period away (and within the agreement). The other party is told.
   */
  private Future<Reply> terminate(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    JsonObject body = Validated.body(rc);
    String reason = body.getString("reason", "").strip();
    if (reason.isEmpty()) {
      throw Problem.badRequest("reason", "say why it ends early; the other party is told");
    }
    LocalDate endDate;
    try {
      endDate = LocalDate.parse(body.getString("endDate"));
    } catch (RuntimeException e) {
      throw Problem.badRequest("endDate", "must be a date like 2027-01-31");
    }
    return seen(rc)
        .compose(
            s -> {
              Agreement a = s.agreement();
              if (!s.employee() && !s.manager()) {
                throw Problem.forbidden(
                    "Only the employee or a manager of " + a.unitName() + " ends an agreement");
              }
              store.require(AgreementStatus.Action.TERMINATE, a);
              LocalDate endsOn = AgreementPolicy.endsOn(a, endDate, store.today());
              UUID other = s.employee() ? a.approverId() : a.employeeId();
              return pool.withTransaction(
                      conn ->
                          store
                              .terminate(conn, a, me.id(), endsOn, reason)
                              .compose(
                                  v ->
                                      other == null
                                          ? Future.succeededFuture()
                                          : notices.send(
                                              conn,
                                              List.of(
                                                  new Notices.Notice(
                                                      other,
                                                      me.id(),
                                                      AgreementTexts.terminatedTitle(),
                                                      AgreementTexts.terminatedBody(
                                                          a, me.name(), endsOn, reason))))))
                  .compose(v -> store.load(pool, a.id()))
                  .compose(mine::view)
                  .map(Reply::ok);
            });
  }
}
