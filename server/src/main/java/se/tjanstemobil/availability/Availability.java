package se.tjanstemobil.availability;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.UUID;
import se.tjanstemobil.config.AppConfig;

/**
 * The availability feature as the server sees it: its routes (my availability, the scheduling
 * system's import, crisis mode), and what other features call: {@link #reachability()} and {@link
 * #profiles()} (messaging plans pushes with them), {@link #changes()} (told when someone's
 * availability changes; messaging listens through {@link #onChange}), {@link #reachableNow} (GET
 * /me). It has no jobs: the default hours are re-planned once a start, by {@link
 * #replanIfDefaultHoursChanged}.
 */
public final class Availability {

  private final Pool pool;
  private final Profiles profiles;
  private final Reachability reachability;
  private final ChangeListeners changes = new ChangeListeners();
  private final DefaultHours defaultHours;
  private final AvailabilityRoutes routes;

  /** The feature, with its {@link Settings} read from the configuration. */
  public Availability(Pool pool, AppConfig config, Clock clock) {
    this(pool, Settings.from(config), clock);
  }

  public Availability(Pool pool, Settings settings, Clock clock) {
    this.pool = pool;
    this.profiles = new Profiles(settings.defaultWeekly());
    this.reachability = new Reachability(profiles);
    this.defaultHours = new DefaultHours(settings.defaultWeekly(), changes);
    this.routes = new AvailabilityRoutes(pool, profiles, changes, clock);
  }

  public Profiles profiles() {
    return profiles;
  }

  public Reachability reachability() {
    return reachability;
  }

  /** Tell {@code listener} of every change of someone's availability, in its transaction. */
  public void onChange(AvailabilityChanges listener) {
    changes.add(listener);
  }

  /** What a change elsewhere (the HR import's new time zone) tells, so its listeners hear it. */
  public AvailabilityChanges changes() {
    return changes;
  }

  /** GET /me's reachableNow: whether the employee is reachable now, why and until when. */
  public Future<JsonObject> reachableNow(UUID employee) {
    return routes.reachableNow(employee);
  }

  /** GET /me's crisis: whether a crisis is declared, why, by whom and since when. */
  public Future<JsonObject> crisis() {
    return CrisisMode.state(pool);
  }

  public void mount(RouterBuilder builder) {
    routes.mount(builder);
    new AvailabilityImport(pool, changes, routes::forget).mount(builder);
    new CrisisMode(pool).mount(builder);
  }

  /** At start, after migrations: held pushes planned with other default hours move to these. */
  public Future<Void> replanIfDefaultHoursChanged() {
    return defaultHours.replanIfChanged(pool);
  }
}
