package se.tjanstemobil;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.agreements.AgreementPolicy;
import se.tjanstemobil.agreements.Agreements;
import se.tjanstemobil.audit.AuditRoutes;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.DevIssuer;
import se.tjanstemobil.auth.DevLoginRoutes;
import se.tjanstemobil.auth.JwksKeySource;
import se.tjanstemobil.auth.KeySource;
import se.tjanstemobil.auth.TokenVerifier;
import se.tjanstemobil.availability.AvailabilityChanges;
import se.tjanstemobil.availability.AvailabilityImport;
import se.tjanstemobil.availability.AvailabilityRoutes;
import se.tjanstemobil.availability.CrisisMode;
import se.tjanstemobil.availability.DefaultHours;
import se.tjanstemobil.availability.Profiles;
import se.tjanstemobil.availability.Reachability;
import se.tjanstemobil.availability.WeeklyInterval;
import se.tjanstemobil.availability.WeeklyPattern;
import se.tjanstemobil.config.AppConfig;
import se.tjanstemobil.console.ConsoleRoutes;
import se.tjanstemobil.db.Database;
import se.tjanstemobil.db.DatabaseUrl;
import se.tjanstemobil.db.EmbeddedDatabase;
import se.tjanstemobil.db.Migrations;
import se.tjanstemobil.devices.DeviceMaintenance;
import se.tjanstemobil.devices.DeviceRoutes;
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
import se.tjanstemobil.jobs.Job;
import se.tjanstemobil.jobs.Jobs;
import se.tjanstemobil.messaging.Messaging;
import se.tjanstemobil.messaging.Notices;
import se.tjanstemobil.messaging.Settings;
import se.tjanstemobil.org.DemoOrganisation;
import se.tjanstemobil.org.EmployeeDirectory;
import se.tjanstemobil.org.OrgImport;
import se.tjanstemobil.org.OrgRoutes;
import se.tjanstemobil.org.UnitTree;
import se.tjanstemobil.privacy.PersonalDataExport;
import se.tjanstemobil.privacy.Retention;
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
  private EmbeddedDatabase embedded;
  private String deploymentId;
  private String workerDeploymentId;
  private PushGateway gateway;
  private EventHub events;
  private Future<Void> migrated;
  // Every feature's background jobs; started once migrations are done, stopped before the pool.
  private Jobs jobs;
  private MetricsEndpoint metrics;
  private int metricsPort = -1;
  // Pushes held for people move when their availability changes: their own, the import's (a new
  // time zone) or the organisation's default hours (at start).
  private AvailabilityChanges heldReschedule;
  private Messaging messaging;
  private DefaultHours defaultHours;

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
    Future<DatabaseUrl> url =
        config.string("database.url").isBlank()
            ? vertx.executeBlocking(
                () -> {
                  embedded =
                      EmbeddedDatabase.start(
                          workDir.resolve(config.string("database.embedded.dataDirectory")),
                          config.integer("database.embedded.port"));
                  return DatabaseUrl.parse(embedded.url(EmbeddedDatabase.DATABASE));
                })
            : Future.succeededFuture(DatabaseUrl.parse(config.string("database.url")));
    return url.compose(
        db -> {
          pool =
              Database.pool(
                  vertx,
                  db,
                  config.integer("database.poolSize"),
                  config.integer("database.connectTimeoutSeconds"));
          return ContractLoader.load(vertx, CONTRACT)
              .compose(contract -> buildAuth().compose(auth -> deployHttp(contract, auth)))
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
                                            .compose(
                                                y ->
                                                    new DemoOrganisation(pool, orgImport())
                                                        .seedIfEmpty())
                                            .mapEmpty()
                                        : Future.<Void>succeededFuture())
                            .compose(x -> defaultHours.replanIfChanged(pool))
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
    hubs.start(vertx, events, config.integer("hubs.sweepMillis"));
    agreements.start(vertx, config.integer("agreements.reminderSweepMillis"));
    retention().schedule(vertx, config.integer("retention.sweepMillis"));
    events
        .start(db.options())
        .onFailure(e -> log.warn("LISTEN for events failed: {}", e.getMessage()));
    List<Job> all = new ArrayList<>();
    all.add(new DeviceMaintenance(pool).job());
    all.addAll(messaging.jobs());
    return jobs.start(all)
        .compose(started -> vertx.executeBlocking(this::buildGateway))
        .compose(
            g -> {
              gateway = g;
              return messaging
                  .deployWorker(db.options(), g, meters)
                  .map(
                      id -> {
                        workerDeploymentId = id;
                        return (Void) null;
                      });
            });
  }

  private PushGateway buildGateway() throws IOException {
    if (config.string("push.fcm.credentialsFile").isBlank()
        && config.string("push.fcm.endpoint").isBlank()) {
      log.info("No FCM configured: pushes are logged, inbox and events still deliver");
      return new LoggingGateway();
    }
    return FcmGateway.create(
        vertx,
        new FcmGateway.Settings(
            config.string("push.fcm.credentialsFile"),
            config.string("push.fcm.projectId"),
            config.string("push.fcm.endpoint"),
            config.integer("push.sdkThreads"),
            config.integer("push.maxBatchesInFlight"),
            config.integer("push.fcm.timeoutSeconds")));
  }

  /** Completes when migrations (and demo seeding) are done. */
  public Future<Void> ready() {
    return migrated;
  }

  private record Auth(TokenVerifier verifier, DevIssuer devIssuer) {}

  private Future<Auth> buildAuth() {
    return vertx.executeBlocking(
        () -> {
          Clock clock = Clock.systemUTC();
          DevIssuer dev = null;
          List<KeySource> sources = new ArrayList<>();
          if (config.bool("auth.devLogin.enabled")) {
            dev =
                DevIssuer.loadOrCreate(
                    workDir.resolve(config.string("auth.devLogin.keyFile")),
                    config.string("auth.issuer"),
                    config.string("auth.audience"),
                    config.integer("auth.devLogin.tokenTtlSeconds"),
                    config.string("auth.employeeClaim"),
                    clock);
            sources.add(dev);
          }
          if (!config.string("auth.jwksUrl").isBlank()) {
            sources.add(
                new JwksKeySource(
                    vertx,
                    config.string("auth.jwksUrl"),
                    config.string("auth.jwksRootCert"),
                    Duration.ofSeconds(config.integer("auth.jwksCacheSeconds")),
                    Duration.ofSeconds(config.integer("auth.jwksMinRefetchSeconds")),
                    clock));
          }
          TokenVerifier verifier =
              new TokenVerifier(
                  sources,
                  config.list("auth.algorithms"),
                  config.string("auth.issuer"),
                  config.string("auth.audience"),
                  config.string("auth.employeeClaim"),
                  config.integer("auth.clockSkewSeconds"),
                  clock);
          return new Auth(verifier, dev);
        });
  }

  /** The retention job with its periods from configuration (tests run it directly). */
  public Retention retention() {
    return new Retention(
        pool,
        new Retention.Periods(
            config.integer("retention.inboxDays"),
            config.integer("retention.deliveryDays"),
            config.integer("retention.availabilityDays"),
            config.integer("retention.bookingDays"),
            config.integer("retention.breakThroughDays"),
            config.integer("retention.leaverDays")),
        clock);
  }

  private OrgImport orgImport() {
    return new OrgImport(
        pool,
        config.string("organisation.defaultLocale"),
        config.string("organisation.defaultTimeZone"),
        agreements == null ? se.tjanstemobil.org.OrgChanges.NONE : agreements.orgChanges(),
        heldReschedule);
  }

  private Future<Void> deployHttp(OpenAPIContract contract, Auth auth) {
    metrics =
        new MetricsEndpoint(
            meters,
            new MetricsEndpoint.Settings(
                config.integer("metrics.port"), config.string("metrics.token")));
    EmployeeDirectory directory = new EmployeeDirectory(pool);
    events = new EventHub(vertx, config.integer("events.maxStreamsPerPerson"));
    UnitTree tree = new UnitTree(pool);
    List<WeeklyInterval> defaultWeekly =
        WeeklyPattern.fromConfig(config.list("availability.defaultWeekly"));
    Profiles profiles = new Profiles(defaultWeekly);
    Reachability reachability = new Reachability(profiles);
    messaging = new Messaging(vertx, pool, profiles, reachability, Settings.from(config), clock);
    heldReschedule = messaging.availabilityChanges();
    defaultHours = new DefaultHours(defaultWeekly, heldReschedule);
    AvailabilityRoutes availability = new AvailabilityRoutes(pool, profiles, heldReschedule, clock);
    Notices notices = messaging.notices();
    hubs = new Hubs(pool, notices, config.string("http.publicBaseUrl"), clock);
    agreements =
        new Agreements(
            vertx,
            pool,
            new AgreementPolicy(
                config.integer("agreements.maxMonths"),
                config.integer("agreements.maxRemoteDaysPerWeek"),
                config.integer("agreements.noticeDays"),
                config.integer("agreements.reminderDaysBefore")),
            notices,
            tree,
            java.time.ZoneId.of(config.string("organisation.defaultTimeZone")),
            clock);
    List<RouteGroup> groups =
        List.of(
            // First: a limited request is refused before any feature's handler sees it.
            new RequestRateLimits(
                    vertx,
                    new RequestRateLimits.Limits(
                        config.integer("rateLimits.sendsPerMinute"),
                        config.integer("rateLimits.bookingsPerMinute"),
                        config.integer("rateLimits.devLoginsPerMinute")))
                ::mount,
            new OperationsRoutes(pool, readiness, swaggerUiVersion())::mount,
            metrics::mount,
            new DevLoginRoutes(auth.devIssuer(), directory)::mount,
            new OrgRoutes(
                    pool,
                    tree,
                    orgImport(),
                    availability::reachableNow,
                    config.list("auth.bootstrapAdmins"))
                ::mount,
            new AuditRoutes(pool)::mount,
            new DeviceRoutes(pool)::mount,
            messaging::mount,
            availability::mount,
            new AvailabilityImport(pool, heldReschedule, availability::forget)::mount,
            new CrisisMode(pool)::mount,
            new AfterHoursReport(
                    pool, tree, java.time.ZoneId.of(config.string("organisation.defaultTimeZone")))
                ::mount,
            hubs::mount,
            agreements::mount,
            new PersonalDataExport(pool, clock)::mount,
            new EventRoutes(events)::mount,
            new ConsoleRoutes(
                    config.bool("auth.devLogin.enabled"),
                    new ConsoleRoutes.Oidc(
                        config.string("console.oidc.authorizationEndpoint"),
                        config.string("console.oidc.tokenEndpoint"),
                        config.string("console.oidc.clientId"),
                        config.string("console.oidc.scope")))
                ::mount);
    AuthHandler authentication =
        new AuthHandler(
            contract,
            auth.verifier(),
            directory,
            java.util.Set.copyOf(config.list("auth.bootstrapAdmins")));
    ApiRouter.Settings settings =
        new ApiRouter.Settings(
            config.integer("http.bodyLimitBytes"),
            config.integer("http.importBodyLimitBytes"),
            IMPORT_PATHS,
            config.list("http.corsAllowedOrigins"),
            config.bool("http.trustForwardedFor"));
    int instances =
        config.integer("http.instances") == 0
            ? Runtime.getRuntime().availableProcessors()
            : config.integer("http.instances");
    return vertx
        .deployVerticle(
            () -> {
              HttpVerticle v =
                  new HttpVerticle(
                      () ->
                          ApiRouter.create(
                              vertx, contract, settings, readiness, authentication, groups),
                      new HttpVerticle.Settings(
                          config.string("http.host"),
                          config.integer("http.port"),
                          config.integer("http.shutdownGraceSeconds"),
                          config.integer("http.headTimeoutSeconds"),
                          config.integer("http.bodyTimeoutSeconds")));
              verticles.add(v);
              return v;
            },
            new DeploymentOptions()
                .setInstances(instances)
                .setThreadingModel(ThreadingModel.EVENT_LOOP))
        .compose(
            id -> {
              deploymentId = id;
              return metrics.start(vertx, config.string("http.host"));
            })
        .map(
            port -> {
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
    new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
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

  /** Graceful stop: not ready, requests in flight finish, then pool, database and Vert.x close. */
  public Future<Void> stop() {
    readiness.stopping();
    Future<Void> streams = events == null ? Future.succeededFuture() : events.stop();
    Future<Void> undeploy =
        streams
            .otherwiseEmpty()
            .compose(
                v ->
                    workerDeploymentId == null
                        ? Future.<Void>succeededFuture()
                        : vertx.undeploy(workerDeploymentId))
            .eventually(() -> jobs == null ? Future.succeededFuture() : jobs.stop())
            .eventually(
                () ->
                    deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId))
            .eventually(() -> metrics == null ? Future.succeededFuture() : metrics.stop());
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    undeploy
        .eventually(
            () ->
                gateway == null
                    ? Future.succeededFuture()
                    : vertx.executeBlocking(
                        () -> {
                          gateway.close();
                          return null;
                        }))
        .eventually(() -> pool == null ? Future.succeededFuture() : pool.close())
        .eventually(() -> migrated == null ? Future.succeededFuture() : migrated.otherwiseEmpty())
        .eventually(
            () ->
                embedded == null
                    ? Future.succeededFuture()
                    : vertx.executeBlocking(
                        () -> {
                          embedded.close();
                          return null;
                        }))
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
