package se.tjanstemobil.org;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.PrincipalLoader;
import se.tjanstemobil.auth.Role;

/**
 * Finds active employees with their unit and role grants, in one query (it runs on every request).
 */
public final class EmployeeDirectory implements PrincipalLoader {

  // One row per role grant (or one row with no grant): plain joins are cheaper for PostgreSQL
  // than aggregating JSON, and this runs on every authenticated request.
  private static final String SELECT =
      """
    SELECT e.id, e.external_id, e.name, e.email, e.locale, e.time_zone, e.unit_id, u.name AS unit_name,
           g.role, coalesce(g.unit_id, g.hub_id) AS scope_id, coalesce(gu.name, gh.name) AS scope_name
    FROM employees e
    LEFT JOIN units u ON u.id = e.unit_id
    LEFT JOIN role_grants g ON g.employee_id = e.id
    LEFT JOIN units gu ON gu.id = g.unit_id
    LEFT JOIN hubs gh ON gh.id = g.hub_id
    """;
  private static final String BY_EXTERNAL_ID =
      SELECT + " WHERE e.external_id = $1 AND e.status = 'ACTIVE'";
  private static final String BY_ID = SELECT + " WHERE e.id = $1 AND e.status = 'ACTIVE'";

  private static final String MAY_BOOTSTRAP =
      """
    SELECT NOT EXISTS (SELECT 1 FROM role_grants g JOIN employees e ON e.id = g.employee_id
                       WHERE g.role = 'ADMIN' AND e.status = 'ACTIVE')
       AND NOT EXISTS (SELECT 1 FROM employees WHERE external_id = $1 AND status = 'LEFT') AS may
    """;

  private static final String SET_LOCALE =
      "UPDATE employees SET locale = $2, updated_at = now() WHERE id = $1";

  private final Pool pool;

  public EmployeeDirectory(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Principal> byExternalId(String externalId) {
    return pool.preparedQuery(BY_EXTERNAL_ID)
        .execute(Tuple.of(externalId))
        .map(EmployeeDirectory::first);
  }

  @Override
  public Future<Principal> byId(UUID id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(EmployeeDirectory::first);
  }

  @Override
  public Future<Boolean> mayBootstrap(String externalId) {
    return pool.preparedQuery(MAY_BOOTSTRAP)
        .execute(Tuple.of(externalId))
        .map(rows -> rows.iterator().next().getBoolean("may"));
  }

  /** The language the employee chose (their preferences), in the caller's transaction. */
  public static Future<Void> setLocale(SqlClient tx, UUID employee, String locale) {
    return tx.preparedQuery(SET_LOCALE).execute(Tuple.of(employee, locale)).mapEmpty();
  }

  private static Principal first(RowSet<Row> rows) {
    Row first = null;
    List<Principal.Grant> grants = new ArrayList<>();
    for (Row r : rows) {
      if (first == null) {
        first = r;
      }
      String role = r.getString("role");
      if (role != null) {
        grants.add(
            new Principal.Grant(
                Role.valueOf(role), r.getUUID("scope_id"), r.getString("scope_name")));
      }
    }
    if (first == null) {
      return null;
    }
    grants.sort(
        Comparator.comparing((Principal.Grant g) -> g.role())
            .thenComparing(g -> g.scopeName() == null ? "" : g.scopeName()));
    return new Principal(
        first.getUUID("id"),
        first.getString("external_id"),
        first.getString("name"),
        first.getString("email"),
        first.getString("locale"),
        first.getString("time_zone"),
        first.getUUID("unit_id"),
        first.getString("unit_name"),
        List.copyOf(grants));
  }
}
