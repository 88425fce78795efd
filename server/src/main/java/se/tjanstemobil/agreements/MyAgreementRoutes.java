package se.tjanstemobil.agreements;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.http.Idempotency;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.messaging.Notices;

/**
 * The employee's side: write a draft (it may break policy), submit it to the nearest manager (then
 * policy must hold, each broken rule named), withdraw it before a decision, renew an approved one,
 * and fetch the approved agreement as a document.
 */
final class MyAgreementRoutes {

  private static final String INSERT =
      """
    INSERT INTO remote_agreements (employee_id, valid_from, valid_to, weekdays, share_percent, places, tasks, working_hours,
      reachability, equipment, checklist, notice_days, review_date, employee_comment, renewal_of, idempotency_key, request_hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
    RETURNING id
    """;
  private static final String BY_KEY =
      "SELECT id, request_hash FROM remote_agreements WHERE employee_id = $1 AND idempotency_key = $2";
  private static final String UPDATE =
      """
    UPDATE remote_agreements SET valid_from = $2, valid_to = $3, weekdays = $4, share_percent = $5, places = $6, tasks = $7,
      working_hours = $8, reachability = $9, equipment = $10, checklist = $11, review_date = $12,
      employee_comment = $13, updated_at = $14
    WHERE id = $1 AND status = 'DRAFT'
    RETURNING id
    """;
  private static final String SUBMIT =
      """
    UPDATE remote_agreements SET status = 'SUBMITTED', unit_id = $2, approver_id = $3, submitted_at = $4, updated_at = $4,
      employee_comment = coalesce($5, employee_comment)
    WHERE id = $1 AND status = 'DRAFT'
    RETURNING id
    """;
  private static final String WITHDRAW =
      """
    UPDATE remote_agreements SET status = 'WITHDRAWN', updated_at = $2 WHERE id = $1 AND status IN ('DRAFT', 'SUBMITTED')
    RETURNING id
    """;
  private static final String MINE =
      Agreement.SELECT
          + " WHERE a.employee_id = $1 ORDER BY a.valid_from DESC, a.created_at DESC LIMIT 200";
  private static final String UNIT_OF = "SELECT unit_id FROM employees WHERE id = $1";

  private final Pool pool;
  private final AgreementStore store;
  private final AgreementPolicy policy;
  private final Notices notices;
  private final AgreementDocument document;

  MyAgreementRoutes(
      Pool pool,
      AgreementStore store,
      AgreementPolicy policy,
      Notices notices,
      AgreementDocument document) {
    this.pool = pool;
    this.store = store;
    this.policy = policy;
    this.notices = notices;
    this.document = document;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("createMyAgreement").addHandler(Responses.handle(this::create));
    builder.getRoute("listMyAgreements").addHandler(Responses.handle(this::list));
    builder
        .getRoute("getMyAgreement")
        .addHandler(Responses.handle(rc -> mine(rc).compose(a -> view(a)).map(Reply::ok)));
    builder.getRoute("updateMyAgreement").addHandler(Responses.handle(this::update));
    builder.getRoute("submitMyAgreement").addHandler(Responses.handle(this::submit));
    builder.getRoute("withdrawMyAgreement").addHandler(Responses.handle(this::withdraw));
    builder.getRoute("renewMyAgreement").addHandler(Responses.handle(this::renew));
    builder
        .getRoute("getMyAgreementDocument")
        .addHandler(
            Responses.handle(
                rc ->
                    mine(rc).compose(a -> document.render(a, AuthHandler.principal(rc).locale()))));
  }

  /** The caller's own agreement; anyone else's is 404. */
  private Future<Agreement> mine(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    UUID id = Validated.pathUuid(rc, "agreementId");
    return store
        .load(pool, id)
        .map(
            a -> {
              if (a == null || !a.employeeId().equals(me.id())) {
                throw Problem.notFound("No agreement " + id);
              }
              return a;
            });
  }

  Future<JsonObject> view(Agreement a) {
    return store.history(pool, a.id()).map(h -> a.toJson(store.today(), policy).put("history", h));
  }

  private Future<Reply> create(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    JsonObject body = Validated.body(rc);
    Draft draft = Terms.merge(null, body);
    String key = rc.request().getHeader("Idempotency-Key");
    String hash = Idempotency.hash(body);
    return Idempotency.earlier(pool, BY_KEY, me.id(), key, hash, "agreement")
        .compose(
            earlier ->
                earlier != null
                    ? Future.succeededFuture(earlier)
                    : Terms.withHubNames(pool, draft)
                        .compose(
                            d ->
                                pool.withTransaction(
                                    conn ->
                                        insert(
                                            conn,
                                            me.id(),
                                            d,
                                            body.getString("comment"),
                                            null,
                                            key,
                                            hash)))
                        .recover(
                            e ->
                                key != null
                                        && e instanceof PgException pg
                                        && "23505".equals(pg.getSqlState())
                                    ? Idempotency.earlier(
                                        pool, BY_KEY, me.id(), key, hash, "agreement")
                                    : Future.failedFuture(e)))
        .compose(id -> store.load(pool, id))
        .compose(this::view)
        .map(Reply::created);
  }

  private Future<UUID> insert(
      SqlClient conn,
      UUID employee,
      Draft d,
      String comment,
      UUID renewalOf,
      String key,
      String hash) {
    return conn.preparedQuery(INSERT)
        .execute(
            Tuple.tuple()
                .addValue(employee)
                .addValue(d.validFrom())
                .addValue(d.validTo())
                .addValue(d.weekdays().toArray(new String[0]))
                .addValue(d.sharePercent())
                .addValue(d.places())
                .addValue(d.tasks())
                .addValue(d.workingHours())
                .addValue(d.reachability())
                .addValue(d.equipment())
                .addValue(d.checklist())
                .addValue(policy.noticeDays())
                .addValue(d.reviewDate())
                .addValue(comment)
                .addValue(renewalOf)
                .addValue(key)
                .addValue(hash))
        .compose(
            rows -> {
              UUID id = rows.iterator().next().getUUID("id");
              return store
                  .record(
                      conn,
                      id,
                      employee,
                      null,
                      AgreementStatus.DRAFT,
                      renewalOf == null ? null : "Renewal of " + renewalOf)
                  .map(id);
            });
  }

  private Future<Reply> list(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    return pool.preparedQuery(MINE)
        .execute(Tuple.of(me.id()))
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              for (Row r : rows) {
                items.add(Agreement.of(r).toJson(store.today(), policy));
              }
              return Reply.ok(new JsonObject().put("items", items));
            });
  }

  private Future<Reply> update(RoutingContext rc) {
    JsonObject body = Validated.body(rc);
    return mine(rc)
        .compose(
            a -> {
              store.require(AgreementStatus.Action.EDIT, a);
              Draft d = Terms.merge(a.terms(), body);
              return Terms.withHubNames(pool, d)
                  .compose(
                      checked ->
                          pool.withTransaction(
                              conn ->
                                  store.update(
                                      conn,
                                      a,
                                      UPDATE,
                                      Tuple.tuple()
                                          .addValue(a.id())
                                          .addValue(checked.validFrom())
                                          .addValue(checked.validTo())
                                          .addValue(checked.weekdays().toArray(new String[0]))
                                          .addValue(checked.sharePercent())
                                          .addValue(checked.places())
                                          .addValue(checked.tasks())
                                          .addValue(checked.workingHours())
                                          .addValue(checked.reachability())
                                          .addValue(checked.equipment())
                                          .addValue(checked.checklist())
                                          .addValue(checked.reviewDate())
                                          .addValue(
                                              Terms.text(body, "comment", a.employeeComment()))
                                          .addValue(store.now()),
                                      AgreementStatus.Action.EDIT)))
                  .compose(v -> store.load(pool, a.id()))
                  .compose(this::view)
                  .map(Reply::ok);
            });
  }

  private Future<Reply> submit(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    String comment = Validated.body(rc).getString("comment");
    return mine(rc)
        .compose(
            a -> {
              store.require(AgreementStatus.Action.SUBMIT, a);
              List<AgreementPolicy.Violation> broken = policy.check(a.terms(), store.today());
              if (!broken.isEmpty()) {
                throw new Problem(
                    422,
                    "agreement-policy",
                    "A rule does not allow this",
                    broken.size() == 1
                        ? broken.get(0).detail()
                        : broken.size() + " rules are broken, the first: " + broken.get(0).detail(),
                    List.of(),
                    new JsonObject().put("violations", AgreementPolicy.toJson(broken)));
              }
              return pool.withTransaction(
                      conn ->
                          conn.preparedQuery(UNIT_OF)
                              .execute(Tuple.of(me.id()))
                              .compose(
                                  u -> {
                                    UUID unit = u.iterator().next().getUUID("unit_id");
                                    if (unit == null) {
                                      throw Problem.rule(
                                          "no-approver",
                                          "You belong to no unit, so there is no manager to decide; ask HR");
                                    }
                                    return store
                                        .approver(conn, unit, me.id())
                                        .compose(
                                            approver -> {
                                              if (approver == null) {
                                                throw Problem.rule(
                                                    "no-approver",
                                                    "No manager above your unit can decide; ask HR");
                                              }
                                              return store
                                                  .update(
                                                      conn,
                                                      a,
                                                      SUBMIT,
                                                      Tuple.tuple()
                                                          .addValue(a.id())
                                                          .addValue(unit)
                                                          .addValue(approver.getUUID("id"))
                                                          .addValue(store.now())
                                                          .addValue(comment),
                                                      AgreementStatus.Action.SUBMIT)
                                                  .compose(
                                                      v ->
                                                          store.record(
                                                              conn,
                                                              a.id(),
                                                              me.id(),
                                                              AgreementStatus.DRAFT,
                                                              AgreementStatus.SUBMITTED,
                                                              comment))
                                                  .compose(v -> store.load(conn, a.id()))
                                                  .compose(
                                                      now ->
                                                          notices.send(
                                                              conn,
                                                              List.of(
                                                                  new Notices.Notice(
                                                                      approver.getUUID("id"),
                                                                      me.id(),
                                                                      AgreementTexts
                                                                          .submittedTitle(),
                                                                      AgreementTexts.submittedBody(
                                                                          now)))));
                                            });
                                  }))
                  .compose(v -> store.load(pool, a.id()))
                  .compose(this::view)
                  .map(Reply::ok);
            });
  }

  private Future<Reply> withdraw(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    return mine(rc)
        .compose(
            a -> {
              store.require(AgreementStatus.Action.WITHDRAW, a);
              return pool.withTransaction(
                      conn ->
                          store
                              .update(
                                  conn,
                                  a,
                                  WITHDRAW,
                                  Tuple.of(a.id(), store.now()),
                                  AgreementStatus.Action.WITHDRAW)
                              .compose(
                                  v ->
                                      store.record(
                                          conn,
                                          a.id(),
                                          me.id(),
                                          a.stored(),
                                          AgreementStatus.WITHDRAWN,
                                          null)))
                  .compose(v -> store.load(pool, a.id()))
                  .compose(this::view)
                  .map(Reply::ok);
            });
  }

  /**
   * A new draft continuing an approved agreement from the day after it ends, for as long (within
   * policy).
   */
  private Future<Reply> renew(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    return mine(rc)
        .compose(
            a -> {
              store.require(AgreementStatus.Action.RENEW, a);
              java.time.LocalDate from = a.terms().validTo().plusDays(1);
              long days =
                  java.time.temporal.ChronoUnit.DAYS.between(
                      a.terms().validFrom(), a.terms().validTo());
              java.time.LocalDate to = from.plusDays(days);
              java.time.LocalDate latest = from.plusMonths(policy.maxMonths()).minusDays(1);
              Draft old = a.terms();
              Draft next =
                  new Draft(
                      from,
                      to.isAfter(latest) ? latest : to,
                      old.weekdays(),
                      old.sharePercent(),
                      old.places(),
                      old.tasks(),
                      old.workingHours(),
                      old.reachability(),
                      old.equipment(),
                      new JsonObject(),
                      null);
              // The checklist is confirmed anew: a renewal is when the terms are gone through
              // again.
              return pool.withTransaction(
                      conn -> insert(conn, me.id(), next, null, a.id(), null, null))
                  .compose(id -> store.load(pool, id))
                  .compose(this::view)
                  .map(Reply::created);
            });
  }
}
