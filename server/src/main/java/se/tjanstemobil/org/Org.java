package se.tjanstemobil.org;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import se.tjanstemobil.availability.AvailabilityChanges;
import se.tjanstemobil.config.AppConfig;

/**
 * The organisation feature as the server sees it: its routes (my profile, a unit, the HR import),
 * the demo organisation, and what other features use: {@link #tree()} (who manages whom), {@link
 * #directory()} (an employee as a signed-in principal), and {@link #onImport} to hear, in the
 * import's transaction, who moved and who left. It has no jobs.
 */
public final class Org {

  private final Pool pool;
  private final UnitTree tree;
  private final EmployeeDirectory directory;
  private final OrgChangeListeners changes = new OrgChangeListeners();
  private final OrgImport importer;
  private final OrgRoutes routes;

  /**
   * @param availability told of employees whose time zone the import changed
   * @param reachableNow availability's answer for GET /me
   * @param crisis availability's crisis mode, for GET /me (every page's banner)
   */
  public Org(
      Pool pool,
      AppConfig config,
      AvailabilityChanges availability,
      Function<UUID, Future<JsonObject>> reachableNow,
      Supplier<Future<JsonObject>> crisis) {
    this.pool = pool;
    this.tree = new UnitTree(pool);
    this.directory = new EmployeeDirectory(pool);
    this.importer = new OrgImport(pool, config, changes, availability);
    this.routes =
        new OrgRoutes(
            pool, tree, importer, reachableNow, crisis, config.list("auth.bootstrapAdmins"));
  }

  public UnitTree tree() {
    return tree;
  }

  public EmployeeDirectory directory() {
    return directory;
  }

  /** Tell {@code listener} who the HR import moved and who left, in its transaction. */
  public void onImport(OrgChanges listener) {
    changes.add(listener);
  }

  public void mount(RouterBuilder builder) {
    routes.mount(builder);
  }

  /** The demo organisation, imported into a database without employees (demo.enabled). */
  public Future<Boolean> seedDemoIfEmpty() {
    return new DemoOrganisation(pool, importer).seedIfEmpty();
  }
}
