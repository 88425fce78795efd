package se.tjanstemobil.org;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.PrincipalLoader;
import se.tjanstemobil.auth.Role;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Finds active employees with their unit and role grants, in one query (it runs on every request). */
public final class EmployeeDirectory implements PrincipalLoader {

  private static final String SELECT = """
    SELECT e.id, e.external_id, e.name, e.email, e.locale, e.time_zone, e.unit_id, u.name AS unit_name,
           (SELECT json_agg(json_build_object('role', g.role, 'scopeId', coalesce(g.unit_id, g.hub_id),
                                              'scopeName', coalesce(gu.name, gh.name)) ORDER BY g.role, gu.name, gh.name)
              FROM role_grants g
              LEFT JOIN units gu ON gu.id = g.unit_id
              LEFT JOIN hubs gh ON gh.id = g.hub_id
             WHERE g.employee_id = e.id) AS grants
    FROM employees e
    LEFT JOIN units u ON u.id = e.unit_id
    """;
  private static final String BY_EXTERNAL_ID = SELECT + " WHERE e.external_id = $1 AND e.status = 'ACTIVE'";
  private static final String BY_ID = SELECT + " WHERE e.id = $1 AND e.status = 'ACTIVE'";

  private final Pool pool;

  public EmployeeDirectory(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Principal> byExternalId(String externalId) {
    return pool.preparedQuery(BY_EXTERNAL_ID).execute(Tuple.of(externalId)).map(EmployeeDirectory::first);
  }

  @Override
  public Future<Principal> byId(UUID id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(EmployeeDirectory::first);
  }

  private static Principal first(RowSet<Row> rows) {
    var it = rows.iterator();
    if (!it.hasNext()) {
      return null;
    }
    Row r = it.next();
    List<Principal.Grant> grants = new ArrayList<>();
    Object raw = r.getValue("grants");
    JsonArray list = raw instanceof JsonArray a ? a : raw instanceof String s ? new JsonArray(s) : new JsonArray();
    for (Object o : list) {
      JsonObject g = (JsonObject) o;
      String scope = g.getString("scopeId");
      grants.add(new Principal.Grant(Role.valueOf(g.getString("role")), scope == null ? null : UUID.fromString(scope),
        g.getString("scopeName")));
    }
    return new Principal(r.getUUID("id"), r.getString("external_id"), r.getString("name"), r.getString("email"),
      r.getString("locale"), r.getString("time_zone"), r.getUUID("unit_id"), r.getString("unit_name"), List.copyOf(grants));
  }
}
