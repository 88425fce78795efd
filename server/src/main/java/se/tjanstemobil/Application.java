package se.tjanstemobil;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.agreements.Agreements;
import se.tjanstemobil.audit.AuditRoutes;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Authentication;
import se.tjanstemobil.auth.DevLoginRoutes;
import se.tjanstemobil.availability.Availability;
import se.tjanstemobil.config.AppConfig;
import se.tjanstemobil.console.ConsoleRoutes;
import se.tjanstemobil.db.Database;
import se.tjanstemobil.db.DatabaseSettings;
import se.tjanstemobil.db.DatabaseUrl;
import se.tjanstemobil.db.EmbeddedDatabase;
import se.tjanstemobil.db.Migrations;
import se.tjanstemobil.devices.Devices;
import se.tjanstemobil.events.EventHub;
import se.tjanstemobil.events.EventRoutes;
import se.tjanstemobil.http.ApiRouter;
import se.tjanstemobil.http.ContractLoader;
import se.tjanstemobil.http.HttpVerticle;
import se.tjanstemobil.http.MetricsEndpoint;
import se.tjanstemobil.http.OperationsRoutes;
import se.tjanstemobil.http.Readiness;
import se.tjanstemobil.http.RequestRateLimits;
import se.tjanstemobil.http.RouteGroup;
import se.tjanstemobil.hubs.DemoHubs;
import se.tjanstemobil.hubs.Hubs;
import se.tjanstemobil.jobs.Jobs;
import se.tjanstemobil.messaging.Messaging;
import se.tjanstemobil.messaging.Notices;
import se.tjanstemobil.messaging.Settings;
import se.tjanstemobil.org.DemoOrganisation;
import se.tjanstemobil.org.Org;
import se.tjanstemobil.org.UnitTree;
import se.tjanstemobil.privacy.Privacy;
import se.tjanstemobil.push.FcmGateway;
import se.tjanstemobil.push.LoggingGateway;
import se.tjanstemobil.push.PushGateway;
import se.tjanstemobil.reports.AfterHoursReport;

/**
 * The server's life: configuration -> database (embedded or external) -> HTTP (not ready yet) ->
 * migrations on a worker thread -> demo data -> ready. Stopping reverses it: not ready, requests in
 * flight finish, pool closed, embedded database stopped.
 */
public final class Application {

  private static final Logger log = LoggerFactory.getLogger(Application.class);
  public static final String CONTRACT = "contract/openapi.yaml";

  /** Bulk imports from other systems get the larger body limit. */
  public static final List<String> IMPORT_PATHS =
      List.of("/api/v1/admin/org/import", "/api/v1/admin/availability/import");

  private final AppConfig config;
  private final Path workDir;
  private final Readiness readiness = new Readiness();
  private final List<HttpVerticle> verticles = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  // The server's clock: the system's, or one a test controls.
  private final Clock clock;
  // Where the server's own meters go: Prometheus at /metrics, or nowhere when metrics are off.
  private MeterRegistry meters = new SimpleMeterRegistry();
  private Hubs hubs;
  private Agreements agreements;
  private Pool pool;
  // What was started, each with its stop: stop() runs them the last started first.
  private final Deque<Supplier<Future<?>>> stops = new ConcurrentLinkedDeque<>();
  private EventHub events;
  private Future<Void> migrated;
  // Every feature's background jobs; started once migrations are done, stopped before the pool.
  private Jobs jobs;
  private MetricsEndpoint metrics;
  private int metricsPort = -1;
  // Messaging listens to availability: pushes held for people move when their availability
  // changes (their own, the import's new time zone, the organisation's default hours at start).
  private Availability availability;
  private Messaging messaging;
  private Org org;
  private Devices devices;
  private Privacy privacy;

  public Application(AppConfig config, Path workDir) {
    this(config, workDir, Clock.systemUTC());
  }

  public Application(AppConfig config, Path workDir, Clock clock) {
    this.config = config;
    this.workDir = workDir;
    this.clock = clock;
  }

  /**
   * Starts everything; the returned future completes when HTTP listens (readiness may follow
   * later).
   */
  public Future<Application> start() {
    vertx = buildVertx();
    DatabaseSettings database = DatabaseSettings.from(config, workDir);
    Future<DatabaseUrl> url =
        database.embedded()
            ? vertx.executeBlocking(
                () -> {
                  EmbeddedDatabase embedded =
                      EmbeddedDatabase.start(
                          database.embeddedDataDirectory(), database.embeddedPort());
                  onStop(
                      () ->
                          vertx.executeBlocking(
                              () -> {
                                embedded.close();
                                return null;
                              }));
                  return DatabaseUrl.parse(embedded.url(EmbeddedDatabase.DATABASE));
                })
            : Future.succeededFuture(DatabaseUrl.parse(database.url()));
    return url.compose(
        db -> {
          pool = Database.pool(vertx, db, database.poolSize(), database.connectTimeoutSeconds());
          // After the pool closes, a start still migrating is waited for before the database stops.
          onStop(() -> migrated == null ? Future.succeededFuture() : migrated.otherwiseEmpty());
          onStop(pool::close);
          return ContractLoader.load(vertx, CONTRACT)
              .compose(
                  contract ->
                      Authentication.build(vertx, config, workDir, clock)
                          .compose(auth -> deployHttp(contract, auth)))
              .map(
                  v -> {
                    // Migrations run after HTTP listens, so /health/ready can say "not yet"
                    // meanwhile.
                    migrated =
                        Migrations.run(vertx, db)
                            .compose(
                                x ->
                                    config.bool("demo.enabled")
                                        ? new DemoHubs(pool)
                                            .seed()
                                            .compose(y -> org.seedDemoIfEmpty())
                                            .mapEmpty()
                                        : Future.<Void>succeededFuture())
                            .compose(x -> availability.replanIfDefaultHoursChanged())
                            .compose(x -> startPush(db))
                            .onSuccess(
                                x -> {
                                  readiness.migrationsDone();
                                  log.info(
                                      "Ready on port {} (profile {})", port(), config.profile());
                                })
                            .onFailure(
                                e ->
                                    log.error(
                                        "Start failed: database migrations did not complete", e));
                    return this;
                  });
        });
  }

  // The delivery worker and device upkeep need the schema, so they start after migrations.
  private Future<Void> startPush(DatabaseUrl db) {
    jobs = new Jobs(vertx);
    messaging.registerEvents(events);
    hubs.start(events);
    events
        .start(db.options())
        .onFailure(e -> log.warn("LISTEN for events failed: {}", e.getMessage()));
    return jobs.start(
            Stream.of(
                    devices.jobs(),
                    privacy.jobs(),
                    messaging.jobs(),
                    hubs.jobs(),
                    agreements.jobs())
                .flatMap(List::stream)
                .toList())
        .compose(
            started -> {
              onStop(jobs::stop);
              return vertx.executeBlocking(this::buildGateway);
            })
        .compose(
            g -> {
              onStop(
                  () ->
                      vertx.executeBlocking(
                          () -> {
                            g.close();
                            return null;
                          }));
              return messaging
                  .deployWorker(db.options(), g, meters)
                  .map(
                      id -> {
                        if (id != null) {
                          onStop(() -> vertx.undeploy(id));
                        }
                        return (Void) null;
                      });
            });
  }

  private PushGateway buildGateway() throws IOException {
    FcmGateway.Settings fcm = FcmGateway.Settings.from(config);
    if (!fcm.configured()) {
      log.info("No FCM configured: pushes are logged, inbox and events still deliver");
      return new LoggingGateway();
    }
    return FcmGateway.create(vertx, fcm);
  }

  /** Completes when migrations (and demo seeding) are done. */
  public Future<Void> ready() {
    return migrated;
  }

  private Future<Void> deployHttp(OpenAPIContract contract, Authentication auth) {
    metrics = new MetricsEndpoint(meters, MetricsEndpoint.Settings.from(config));
    devices = new Devices(pool, clock);
    privacy = new Privacy(pool, config, clock);
    events = new EventHub(vertx, config.integer("events.maxStreamsPerPerson"));
    availability = new Availability(pool, config, clock);
    messaging =
        new Messaging(
            vertx,
            pool,
            availability.profiles(),
            availability.reachability(),
            Settings.from(config),
            clock);
    availability.onChange(messaging.availabilityChanges());
    org =
        new Org(
            pool, config, availability.changes(), availability::reachableNow, availability::crisis);
    UnitTree tree = org.tree();
    Notices notices = messaging.notices();
    hubs = new Hubs(pool, notices, config, clock);
    agreements = new Agreements(vertx, pool, config, notices, tree, clock);
    org.onImport(agreements.orgChanges());
    List<RouteGroup> groups =
        List.of(
            // First: a limited request is refused before any feature's handler sees it.
            new RequestRateLimits(vertx, RequestRateLimits.Limits.from(config))::mount,
            new OperationsRoutes(pool, readiness, swaggerUiVersion())::mount,
            metrics::mount,
            new DevLoginRoutes(auth.devIssuer(), org.directory())::mount,
            org::mount,
            new AuditRoutes(pool)::mount,
            devices::mount,
            messaging::mount,
            availability::mount,
            new AfterHoursReport(pool, tree, config)::mount,
            hubs::mount,
            agreements::mount,
            privacy::mount,
            new EventRoutes(events)::mount,
            new ConsoleRoutes(
                    config,
                    DemoOrganisation.PEOPLE.stream()
                        .map(p -> new ConsoleRoutes.DemoLogin(p.externalId(), p.name(), p.role()))
                        .toList())
                ::mount);
    AuthHandler authentication =
        new AuthHandler(
            contract, auth.verifier(), org.directory(), auth.settings().bootstrapAdmins());
    ApiRouter.Settings settings = ApiRouter.Settings.from(config, IMPORT_PATHS);
    HttpVerticle.Settings server = HttpVerticle.Settings.from(config);
    return vertx
        .deployVerticle(
            () -> {
              HttpVerticle v =
                  new HttpVerticle(
                      () ->
                          ApiRouter.create(
                              vertx, contract, settings, readiness, authentication, groups),
                      server);
              verticles.add(v);
              return v;
            },
            new DeploymentOptions()
                .setInstances(HttpVerticle.instances(config))
                .setThreadingModel(ThreadingModel.EVENT_LOOP))
        .compose(
            id -> {
              onStop(() -> vertx.undeploy(id));
              // Before HTTP stops: open event streams end, so no request is left to drain.
              onStop(events::stop);
              return metrics.start(vertx, server.host());
            })
        .map(
            port -> {
              onStop(metrics::stop);
              metricsPort = port;
              return null;
            });
  }

  private Vertx buildVertx() {
    VertxOptions options = new VertxOptions().setPreferNativeTransport(true);
    if (!config.bool("metrics.enabled")) {
      return Vertx.vertx(options);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    meters = registry;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    MicrometerMetricsOptions metrics =
        new MicrometerMetricsOptions()
            .setEnabled(true)
            // Vert.x keeps backends in a JVM-wide map by registry name: under the shared default
            // name a
            // second server in the same JVM (tests, an embedded cluster) would count into the first
            // one's registry.
            .setRegistryName("tjanstemobil-" + UUID.randomUUID())
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
            .setLabels(
                EnumSet.of(
                    Label.HTTP_ROUTE,
                    Label.HTTP_METHOD,
                    Label.HTTP_CODE,
                    Label.POOL_TYPE,
                    Label.POOL_NAME,
                    Label.NAMESPACE))
            // Per-request client metrics would be measured for every FCM request (thousands a
            // second);
            // the delivery worker counts pushes by outcome instead.
            .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT);
    return Vertx.builder()
        .with(options.setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  private static String swaggerUiVersion() {
    try (InputStream in =
        Application.class.getClassLoader().getResourceAsStream("build.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("swaggerUi.version");
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("build.properties is missing from the jar", e);
    }
  }

  public int port() {
    return verticles.isEmpty() ? -1 : verticles.get(0).actualPort();
  }

  /** The management port serving /metrics, or -1 when /metrics is on the API's port. */
  public int metricsPort() {
    return metricsPort;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }

  /** The background jobs, started once the server is ready (tests run one with runOnce). */
  public Jobs jobs() {
    return jobs;
  }

  private void onStop(Supplier<Future<?>> stop) {
    stops.push(stop);
  }

  /**
   * Graceful stop: not ready, then what was started stops the last started first (the delivery
   * worker, the gateway, the jobs, event streams, HTTP with its requests in flight, the pool, the
   * database), then Vert.x closes. A stop that fails is logged and the others still run.
   */
  public Future<Void> stop() {
    readiness.stopping();
    Future<Void> stopped = Future.succeededFuture();
    for (Supplier<Future<?>> stop : stops) {
      stopped =
          stopped.transform(
              ignored ->
                  Future.<Object>future(p -> stop.get().onComplete(p::succeed, p::fail))
                      .<Void>mapEmpty()
                      .recover(
                          e -> {
                            log.warn("Stopping: {}", e.getMessage());
                            return Future.succeededFuture();
                          }));
    }
    Promise<Void> done = Promise.promise();
    stopped
        .transform(
            ar -> {
              // The close future's listeners would run on an event loop that is shutting down, so
              // they may never run: start the close and report done, everything else is already
              // closed.
              vertx.close();
              return ar.succeeded()
                  ? Future.<Void>succeededFuture()
                  : Future.<Void>failedFuture(ar.cause());
            })
        .onComplete(done);
    return done.future();
  }
}
