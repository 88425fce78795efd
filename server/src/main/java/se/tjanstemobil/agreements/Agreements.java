package se.tjanstemobil.agreements;

import io.vertx.core.Vertx;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.ZoneId;
import se.tjanstemobil.messaging.Notices;
import se.tjanstemobil.org.OrgChanges;
import se.tjanstemobil.org.UnitTree;

/**
 * The remote-work agreements feature: its routes, the reminder job, and what the HR import changes.
 */
public final class Agreements {

  private final Pool pool;
  private final AgreementStore store;
  private final AgreementPolicy policy;
  private final Notices notices;
  private final UnitTree tree;
  private final AgreementDocument document;

  public Agreements(
      Vertx vertx,
      Pool pool,
      AgreementPolicy policy,
      Notices notices,
      UnitTree tree,
      ZoneId zone,
      Clock clock) {
    this.pool = pool;
    this.policy = policy;
    this.notices = notices;
    this.tree = tree;
    this.store = new AgreementStore(clock, zone);
    this.document = new AgreementDocument(vertx, store);
  }

  public void mount(RouterBuilder builder) {
    MyAgreementRoutes mine = new MyAgreementRoutes(pool, store, policy, notices, document);
    mine.mount(builder);
    new AgreementDecisionRoutes(pool, store, policy, tree, notices, document, mine).mount(builder);
    new AgreementsOverview(pool, store, tree).mount(builder);
  }

  /** Reminds parties of agreements that end soon, every `everyMillis` (each once). */
  public void start(Vertx vertx, long everyMillis) {
    new AgreementReminders(pool, store, policy, notices).schedule(vertx, everyMillis);
  }

  public OrgChanges orgChanges() {
    return new AgreementOrgChanges(store, notices);
  }
}
