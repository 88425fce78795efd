package se.tjanstemobil.agreements;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.db.SqlErrors;
import se.tjanstemobil.http.Idempotency;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.ReaderLanguage;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.messaging.Notices;

/**
 * The employee's side: write a draft (it may break policy), submit it to the nearest manager (then
 * policy must hold, each broken rule named), withdraw it before a decision, renew an approved one,
 * and fetch the approved agreement as a document.
 */
final class MyAgreementRoutes {

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
        .addHandler(
            Responses.handle(
                rc -> mine(rc).compose(a -> view(a, ReaderLanguage.of(rc))).map(Reply::ok)));
    builder.getRoute("updateMyAgreement").addHandler(Responses.handle(this::update));
    builder.getRoute("submitMyAgreement").addHandler(Responses.handle(this::submit));
    builder.getRoute("withdrawMyAgreement").addHandler(Responses.handle(this::withdraw));
    builder.getRoute("renewMyAgreement").addHandler(Responses.handle(this::renew));
    builder
        .getRoute("getMyAgreementDocument")
        .addHandler(
            Responses.handle(
                rc -> mine(rc).compose(a -> document.render(a, ReaderLanguage.of(rc)))));
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
                throw Problem.notFound(Text.of("agreements.notFound"));
              }
              return a;
            });
  }

  /** The agreement with its history, its texts in the reader's language. */
  Future<JsonObject> view(Agreement a, Language language) {
    return store
        .history(pool, a.id())
        .map(h -> a.toJson(store.today(), policy, language).put("history", h));
  }

  private Future<Reply> create(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    JsonObject body = Validated.body(rc);
    Draft draft = Terms.merge(null, body);
    String key = rc.request().getHeader("Idempotency-Key");
    String hash = Idempotency.hash(body);
    Supplier<Future<UUID>> earlier =
        () -> Idempotency.earlier(pool, AgreementStore.BY_KEY, me.id(), key, hash, "agreement");
    AgreementStore.NewDraft n =
        new AgreementStore.NewDraft(
            draft, policy.noticeDays(), body.getString("comment"), null, key, hash);
    return once(key, earlier, () -> insert(me.id(), n))
        .compose(id -> shown(id, ReaderLanguage.of(rc)))
        .map(Reply::created);
  }

  /** The new draft, its places at hubs named, in a transaction of its own. */
  private Future<UUID> insert(UUID employee, AgreementStore.NewDraft n) {
    return withHubNames(n.draft())
        .compose(d -> pool.withTransaction(tx -> store.insert(tx, employee, n.with(d))));
  }

  /**
   * The agreement the request's Idempotency-Key made before, or else a new one; the same key twice
   * at once gives the other request's agreement.
   */
  static Future<UUID> once(
      String key, Supplier<Future<UUID>> earlier, Supplier<Future<UUID>> insert) {
    return earlier
        .get()
        .compose(
            id ->
                id != null
                    ? Future.succeededFuture(id)
                    : insert
                        .get()
                        .recover(
                            e ->
                                key != null && SqlErrors.isUniqueViolation(e)
                                    ? earlier.get()
                                    : Future.failedFuture(e)));
  }

  /** The draft with the names of the hubs its places name; 422 for a hub there is not. */
  private Future<Draft> withHubNames(Draft d) {
    return store.hubNames(pool, Terms.hubIds(d)).map(names -> Terms.withHubNames(d, names));
  }

  /** The agreement as it is now, with its history. */
  Future<JsonObject> shown(UUID id, Language language) {
    return store.load(pool, id).compose(a -> view(a, language));
  }

  private Future<Reply> list(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    return store
        .mine(pool, me.id())
        .map(
            mine -> {
              JsonArray items = new JsonArray();
              Language language = ReaderLanguage.of(rc);
              mine.forEach(a -> items.add(a.toJson(store.today(), policy, language)));
              return Reply.ok(new JsonObject().put("items", items));
            });
  }

  private Future<Reply> update(RoutingContext rc) {
    JsonObject body = Validated.body(rc);
    return mine(rc)
        .compose(
            a -> {
              store.require(AgreementStatus.Action.EDIT, a);
              String comment = Terms.text(body, "comment", a.employeeComment());
              return withHubNames(Terms.merge(a.terms(), body))
                  .compose(d -> pool.withTransaction(tx -> store.saveDraft(tx, a, d, comment)))
                  .compose(v -> shown(a.id(), ReaderLanguage.of(rc)))
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
              requirePolicy(a, ReaderLanguage.of(rc));
              return pool.withTransaction(tx -> new Submission(tx, me, a, comment).run());
            })
        .compose(id -> shown(id, ReaderLanguage.of(rc)))
        .map(Reply::ok);
  }

  /** 422 naming every rule the agreement breaks, in the reader's language. */
  private void requirePolicy(Agreement a, Language language) {
    List<AgreementPolicy.Violation> broken = policy.check(a.terms(), store.today());
    if (!broken.isEmpty()) {
      throw new Problem(
          422,
          "agreement-policy",
          broken.size() == 1
              ? broken.get(0).detail()
              : Text.of("agreements.rule.policyMany", broken.size(), broken.get(0).detail()),
          List.of(),
          new JsonObject().put("violations", AgreementPolicy.toJson(broken, language)));
    }
  }

  /** One submission: the employee's unit, its approver, the transition, the approver told. */
  private final class Submission {
    private final SqlConnection tx;
    private final Principal me;
    private final Agreement draft;
    private final String comment;
    private UUID unit;
    private UUID approver;

    Submission(SqlConnection tx, Principal me, Agreement draft, String comment) {
      this.tx = tx;
      this.me = me;
      this.draft = draft;
      this.comment = comment;
    }

    Future<UUID> run() {
      return store
          .unitOf(tx, me.id())
          .compose(this::approverOf)
          .compose(v -> store.submit(tx, draft, unit, approver, me.id(), comment))
          .compose(v -> store.load(tx, draft.id()))
          .compose(this::tellApprover)
          .map(draft.id());
    }

    private Future<Void> approverOf(UUID unitId) {
      if (unitId == null) {
        throw Problem.rule("no-approver", Text.of("agreements.rule.noUnit"));
      }
      unit = unitId;
      return store
          .approver(tx, unitId, me.id())
          .map(
              row -> {
                if (row == null) {
                  throw Problem.rule("no-approver", Text.of("agreements.rule.noManager"));
                }
                approver = row.getUUID("id");
                return null;
              });
    }

    private Future<Void> tellApprover(Agreement submitted) {
      return notices.send(
          tx,
          List.of(
              new Notices.Notice(
                  approver,
                  me.id(),
                  AgreementTexts.submittedTitle(),
                  AgreementTexts.submittedBody(submitted, store.today()))));
    }
  }

  private Future<Reply> withdraw(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    return mine(rc)
        .compose(
            a -> {
              store.require(AgreementStatus.Action.WITHDRAW, a);
              return pool.withTransaction(tx -> store.withdraw(tx, a, me.id())).map(a.id());
            })
        .compose(id -> shown(id, ReaderLanguage.of(rc)))
        .map(Reply::ok);
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
              AgreementStore.NewDraft renewal =
                  new AgreementStore.NewDraft(
                      policy.renewal(a.terms()), policy.noticeDays(), null, a.id(), null, null);
              return pool.withTransaction(tx -> store.insert(tx, me.id(), renewal));
            })
        .compose(id -> shown(id, ReaderLanguage.of(rc)))
        .map(Reply::created);
  }
}
