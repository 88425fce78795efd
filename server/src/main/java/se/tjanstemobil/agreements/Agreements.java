package se.tjanstemobil.agreements;

import io.vertx.core.Vertx;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import se.tjanstemobil.config.AppConfig;
import se.tjanstemobil.jobs.Job;
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
  private final Duration reminderPeriod;

  /** The feature, with its {@link Settings} read from the configuration. */
  public Agreements(
      Vertx vertx, Pool pool, AppConfig config, Notices notices, UnitTree tree, Clock clock) {
    this(vertx, pool, Settings.from(config), notices, tree, clock);
  }

  public Agreements(
      Vertx vertx, Pool pool, Settings settings, Notices notices, UnitTree tree, Clock clock) {
    this.pool = pool;
    this.policy = settings.policy();
    this.reminderPeriod = settings.reminderPeriod();
    this.notices = notices;
    this.tree = tree;
    this.store = new AgreementStore(clock, settings.zone());
    this.document = new AgreementDocument(vertx, store);
  }

  public void mount(RouterBuilder builder) {
    MyAgreementRoutes mine = new MyAgreementRoutes(pool, store, policy, notices, document);
    mine.mount(builder);
    new AgreementDecisionRoutes(pool, store, policy, tree, notices, document, mine).mount(builder);
    new AgreementsOverview(pool, store, tree).mount(builder);
  }

  /** Reminds the parties of agreements that end soon (each once): {@code agreement-reminders}. */
  public List<Job> jobs() {
    return List.of(new AgreementReminders(pool, store, policy, notices, reminderPeriod).job());
  }

  public OrgChanges orgChanges() {
    return new AgreementOrgChanges(store, notices);
  }
}
