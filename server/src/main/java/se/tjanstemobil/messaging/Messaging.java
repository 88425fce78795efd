package se.tjanstemobil.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import se.tjanstemobil.availability.AvailabilityChanges;
import se.tjanstemobil.availability.Profiles;
import se.tjanstemobil.availability.Reachability;
import se.tjanstemobil.events.EventHub;
import se.tjanstemobil.jobs.Job;
import se.tjanstemobil.push.PushGateway;

/**
 * The messaging feature as the server sees it: its routes (send, follow-up, inbox), its jobs (held
 * release, inbox announcer), its delivery worker, and what other features call: {@link #notices()}
 * to tell one person something, {@link #availabilityChanges()} to move held pushes when someone's
 * hours change. See package-info for the life of a message.
 */
public final class Messaging {

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final Settings settings;
  private final Outbox outbox = new Outbox();
  private final Reachability reachability;
  private final HeldReschedule heldReschedule;
  private final Notices notices;
  private final InboxAnnouncer announcer;

  public Messaging(
      Vertx vertx,
      Pool pool,
      Profiles profiles,
      Reachability reachability,
      Settings settings,
      Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.settings = settings;
    this.reachability = reachability;
    this.heldReschedule = new HeldReschedule(profiles, outbox, clock);
    this.notices = new Notices(reachability, outbox, clock);
    this.announcer = new InboxAnnouncer(pool, clock);
  }

  /** Notices from the server to one person (hubs, agreements). */
  public Notices notices() {
    return notices;
  }

  /** Told when availability changes: held pushes move to the new reachable time. */
  public AvailabilityChanges availabilityChanges() {
    return heldReschedule;
  }

  public void mount(RouterBuilder builder) {
    new MessageSending(pool, outbox, reachability, settings.urgent(), clock).mount(builder);
    new MessageFollowUp(pool, outbox, reachability, clock).mount(builder);
    new InboxRoutes(pool, clock).mount(builder);
  }

  /** Resolves message events to each connected recipient's inbox entry. */
  public void registerEvents(EventHub hub) {
    announcer.register(hub);
  }

  /** held-release and inbox-announcer. */
  public List<Job> jobs() {
    return List.of(
        new HeldRelease(vertx, pool, outbox, clock, settings.releaseEvery()).job(),
        announcer.job());
  }

  /**
   * Deploys the delivery worker when push.workerEnabled; completes with its deployment id (null
   * when it is off).
   */
  public Future<String> deployWorker(
      PgConnectOptions connectOptions, PushGateway gateway, MeterRegistry meters) {
    if (!settings.workerEnabled()) {
      return Future.succeededFuture(null);
    }
    return vertx.deployVerticle(
        new DeliveryWorker(pool, outbox, connectOptions, gateway, settings.worker(), meters));
  }
}
