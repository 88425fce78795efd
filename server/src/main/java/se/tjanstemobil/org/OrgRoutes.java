package se.tjanstemobil.org;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.http.Page;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.ReaderLanguage;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Text;

/**
 * The organisation's routes: my profile, the units and people one may look up, a unit with its
 * members, and the HR import.
 */
final class OrgRoutes {

  private final Pool pool;
  private final UnitTree tree;
  private final OrgImport importer;
  private final Function<UUID, Future<JsonObject>> reachableNow;
  private final Supplier<Future<JsonObject>> crisis;
  private final List<String> firstAdmins;
  private final OrgStore store = new OrgStore();

  /**
   * @param reachableNow availability's answer for GET /me: whether the employee is reachable now
   * @param crisis availability's crisis mode for GET /me
   * @param firstAdmins auth.bootstrapAdmins: who becomes ADMIN by the first import into an empty
   *     database
   */
  OrgRoutes(
      Pool pool,
      UnitTree tree,
      OrgImport importer,
      Function<UUID, Future<JsonObject>> reachableNow,
      Supplier<Future<JsonObject>> crisis,
      List<String> firstAdmins) {
    this.pool = pool;
    this.tree = tree;
    this.importer = importer;
    this.reachableNow = reachableNow;
    this.crisis = crisis;
    this.firstAdmins = List.copyOf(firstAdmins);
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("getMe").addHandler(Responses.handle(this::me));
    builder.getRoute("listUnits").addHandler(Responses.handle(this::units));
    builder.getRoute("searchEmployees").addHandler(Responses.handle(this::employees));
    builder.getRoute("getUnit").addHandler(Responses.handle(this::unit));
    builder.getRoute("importOrganisation").addHandler(Responses.handle(this::importOrganisation));
  }

  private Future<Reply> me(RoutingContext rc) {
    Principal p = AuthHandler.principal(rc);
    Future<JsonObject> now = reachableNow.apply(p.id());
    Future<JsonObject> declared = crisis.get();
    return Future.all(now, declared)
        .map(all -> Reply.ok(OrgJson.me(p, now.result(), declared.result())));
  }

  /** The units one may address or report on, for a picker: id, name and parent. */
  private Future<Reply> units(RoutingContext rc) {
    UnitTree.Scope scope = UnitTree.lookUpScope(AuthHandler.principal(rc));
    return store.units(pool, scope).map(units -> Reply.ok(OrgJson.units(units)));
  }

  /** People found by name among those one may address, a page at a time. */
  private Future<Reply> employees(RoutingContext rc) {
    UnitTree.Scope scope = UnitTree.lookUpScope(AuthHandler.principal(rc));
    Page page = Page.of(rc);
    List<String> words = OrgStore.words(Validated.query(rc, "q"));
    OrgStore.NameAndId after = OrgStore.NameAndId.after(page.after());
    return store
        .findEmployees(pool, scope, words, after, page.limit())
        .map(found -> Reply.ok(OrgJson.employees(page, found)));
  }

  private Future<Reply> unit(RoutingContext rc) {
    Principal p = AuthHandler.principal(rc);
    UUID unitId = Validated.pathUuid(rc, "unitId");
    return store
        .unit(pool, unitId)
        .map(
            found ->
                found.orElseThrow(() -> Problem.notFound(Text.of("org.unit.notFound", unitId))))
        .compose(unit -> maySee(p, unitId).map(unit))
        .compose(unit -> store.page(pool, unit))
        .map(page -> Reply.ok(OrgJson.unit(page)));
  }

  /** A unit's members are for its managers (and those above), HR and admins. */
  private Future<Void> maySee(Principal p, UUID unitId) {
    Future<Boolean> allowed =
        p.hasAny(Role.HR, Role.ADMIN) ? Future.succeededFuture(true) : tree.manages(p, unitId);
    return allowed.map(
        ok -> {
          if (!ok) {
            throw Problem.forbidden(Text.of("org.unit.membersForbidden"));
          }
          return null;
        });
  }

  private Future<Reply> importOrganisation(RoutingContext rc) {
    Principal p = AuthHandler.requireAny(rc, Role.ADMIN);
    OrgImport.FirstAdmins first =
        AuthHandler.isFirstAdmin(rc)
            ? new OrgImport.FirstAdmins(firstAdmins, p.externalId())
            : null;
    return importer.run(Validated.body(rc), p.id(), first, ReaderLanguage.of(rc)).map(Reply::ok);
  }
}
