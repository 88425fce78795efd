package se.tjanstemobil.org;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.ReaderLanguage;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Text;

/** The organisation's routes: my profile, a unit with its members, and the HR import. */
final class OrgRoutes {

  private final Pool pool;
  private final UnitTree tree;
  private final OrgImport importer;
  private final OrgStore store = new OrgStore();

  /**
   * @param reachableNow availability's answer for GET /me: whether the employee is reachable now
   */
  OrgRoutes(
      Pool pool,
      UnitTree tree,
      OrgImport importer,
      Function<UUID, Future<JsonObject>> reachableNow) {
    this(pool, tree, importer, reachableNow, List.of());
  }

  /**
   * @param firstAdmins auth.bootstrapAdmins: who becomes ADMIN by the first import into an empty
   *     database
   */
  OrgRoutes(
      Pool pool,
      UnitTree tree,
      OrgImport importer,
      Function<UUID, Future<JsonObject>> reachableNow,
      List<String> firstAdmins) {
    this.pool = pool;
    this.tree = tree;
    this.importer = importer;
    this.reachableNow = reachableNow;
    this.firstAdmins = List.copyOf(firstAdmins);
  }

  private final List<String> firstAdmins;

  private final Function<UUID, Future<JsonObject>> reachableNow;

  public void mount(RouterBuilder builder) {
    builder.getRoute("getMe").addHandler(Responses.handle(this::me));
    builder.getRoute("getUnit").addHandler(Responses.handle(this::unit));
    builder.getRoute("importOrganisation").addHandler(Responses.handle(this::importOrganisation));
  }

  private Future<Reply> me(RoutingContext rc) {
    Principal p = AuthHandler.principal(rc);
    return reachableNow.apply(p.id()).map(now -> Reply.ok(OrgJson.me(p, now)));
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
