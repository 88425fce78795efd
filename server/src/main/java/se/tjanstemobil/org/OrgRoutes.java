package se.tjanstemobil.org;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.function.Function;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;

/** The organisation's routes: my profile, a unit with its members, and the HR import. */
public final class OrgRoutes {

  private static final String UNIT =
      "SELECT id, external_id, name, parent_id FROM units WHERE id = $1";
  private static final String PATH =
      """
    WITH RECURSIVE up(id, name, parent_id, depth) AS (
      SELECT id, name, parent_id, 0 FROM units WHERE id = $1
      UNION ALL
      SELECT u.id, u.name, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 100
    )
    SELECT id, name FROM up WHERE depth > 0 ORDER BY depth DESC
    """;
  private static final String SUBUNITS =
      """
    SELECT u.id, u.name,
           (SELECT count(*) FROM employees e WHERE e.unit_id = u.id AND e.status = 'ACTIVE') AS members
    FROM units u WHERE u.parent_id = $1 ORDER BY u.name, u.id
    """;
  private static final String MANAGERS =
      """
    SELECT e.id, e.name FROM role_grants g JOIN employees e ON e.id = g.employee_id
    WHERE g.role = 'MANAGER' AND g.unit_id = $1 AND e.status = 'ACTIVE' ORDER BY e.name
    """;
  private static final String MEMBERS =
      """
    SELECT id, external_id, name, email FROM employees
    WHERE unit_id = $1 AND status = 'ACTIVE' ORDER BY name, id
    """;

  private final Pool pool;
  private final UnitTree tree;
  private final OrgImport importer;

  /**
   * @param reachableNow availability's answer for GET /me: whether the employee is reachable now
   */
  public OrgRoutes(
      Pool pool,
      UnitTree tree,
      OrgImport importer,
      Function<UUID, Future<JsonObject>> reachableNow) {
    this(pool, tree, importer, reachableNow, java.util.List.of());
  }

  /**
   * @param firstAdmins auth.bootstrapAdmins: who becomes ADMIN by the first import into an empty
   *     database
   */
  public OrgRoutes(
      Pool pool,
      UnitTree tree,
      OrgImport importer,
      Function<UUID, Future<JsonObject>> reachableNow,
      java.util.List<String> firstAdmins) {
    this.pool = pool;
    this.tree = tree;
    this.importer = importer;
    this.reachableNow = reachableNow;
    this.firstAdmins = java.util.List.copyOf(firstAdmins);
  }

  private final java.util.List<String> firstAdmins;

  private final Function<UUID, Future<JsonObject>> reachableNow;

  public void mount(RouterBuilder builder) {
    builder.getRoute("getMe").addHandler(Responses.handle(this::me));
    builder.getRoute("getUnit").addHandler(Responses.handle(this::unit));
    builder.getRoute("importOrganisation").addHandler(Responses.handle(this::importOrganisation));
  }

  private Future<Reply> me(RoutingContext rc) {
    Principal p = AuthHandler.principal(rc);
    JsonArray roles = new JsonArray();
    for (Principal.Grant g : p.grants()) {
      roles.add(
          new JsonObject()
              .put("role", g.role().name())
              .put("scopeType", g.role().scopeType().name())
              .put("scopeId", g.scopeId() == null ? null : g.scopeId().toString())
              .put("scopeName", g.scopeName()));
    }
    return reachableNow
        .apply(p.id())
        .map(
            now ->
                Reply.ok(
                    new JsonObject()
                        .put("id", p.id().toString())
                        .put("externalId", p.externalId())
                        .put("name", p.name())
                        .put("email", p.email())
                        .put("locale", p.locale())
                        .put("timeZone", p.timeZone())
                        .put(
                            "unit",
                            p.unitId() == null
                                ? null
                                : new JsonObject()
                                    .put("id", p.unitId().toString())
                                    .put("name", p.unitName()))
                        .put("roles", roles)
                        .put("reachableNow", now)));
  }

  private Future<Reply> unit(RoutingContext rc) {
    Principal p = AuthHandler.principal(rc);
    UUID unitId = Validated.pathUuid(rc, "unitId");
    return pool.preparedQuery(UNIT)
        .execute(Tuple.of(unitId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                throw Problem.notFound("No unit " + unitId);
              }
              Future<Boolean> allowed =
                  p.hasAny(Role.HR, Role.ADMIN)
                      ? Future.succeededFuture(true)
                      : tree.manages(p, unitId);
              return allowed.compose(
                  ok -> {
                    if (!ok) {
                      throw Problem.forbidden(
                          "Only a manager of this unit (or a unit above it), HR or an admin may see its members");
                    }
                    Row unit = rows.iterator().next();
                    Tuple id = Tuple.of(unitId);
                    Future<RowSet<Row>> path = pool.preparedQuery(PATH).execute(id);
                    Future<RowSet<Row>> subunits = pool.preparedQuery(SUBUNITS).execute(id);
                    Future<RowSet<Row>> managers = pool.preparedQuery(MANAGERS).execute(id);
                    Future<RowSet<Row>> members = pool.preparedQuery(MEMBERS).execute(id);
                    return Future.all(path, subunits, managers, members)
                        .map(
                            all -> {
                              JsonArray pathJson = new JsonArray();
                              path.result().forEach(r -> pathJson.add(ref(r)));
                              JsonArray subJson = new JsonArray();
                              subunits
                                  .result()
                                  .forEach(
                                      r ->
                                          subJson.add(
                                              ref(r).put("memberCount", r.getLong("members"))));
                              JsonArray mgrJson = new JsonArray();
                              managers.result().forEach(r -> mgrJson.add(ref(r)));
                              JsonArray memberJson = new JsonArray();
                              members
                                  .result()
                                  .forEach(
                                      r ->
                                          memberJson.add(
                                              ref(r)
                                                  .put("externalId", r.getString("external_id"))
                                                  .put("email", r.getString("email"))));
                              UUID parent = unit.getUUID("parent_id");
                              JsonObject parentJson =
                                  pathJson.isEmpty()
                                      ? null
                                      : pathJson.getJsonObject(pathJson.size() - 1);
                              return Reply.ok(
                                  new JsonObject()
                                      .put("id", unitId.toString())
                                      .put("externalId", unit.getString("external_id"))
                                      .put("name", unit.getString("name"))
                                      .put("parent", parent == null ? null : parentJson)
                                      .put("path", pathJson)
                                      .put("subunits", subJson)
                                      .put("managers", mgrJson)
                                      .put("memberCount", memberJson.size())
                                      .put("members", memberJson));
                            });
                  });
            });
  }

  private Future<Reply> importOrganisation(RoutingContext rc) {
    Principal p = AuthHandler.requireAny(rc, Role.ADMIN);
    OrgImport.FirstAdmins first =
        AuthHandler.isFirstAdmin(rc)
            ? new OrgImport.FirstAdmins(firstAdmins, p.externalId())
            : null;
    return importer.run(Validated.body(rc), p.id(), first).map(Reply::ok);
  }

  private static JsonObject ref(Row r) {
    return new JsonObject().put("id", r.getUUID("id").toString()).put("name", r.getString("name"));
  }
}
