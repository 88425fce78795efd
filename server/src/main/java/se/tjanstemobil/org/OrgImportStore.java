package se.tjanstemobil.org;

import static se.tjanstemobil.db.Rows.all;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.tjanstemobil.auth.Role;

/**
 * The HR import's SQL: what it reads to check the file (units, hubs, employees, the grants it made
 * before) and its writes of units, employees and role grants, each a batch or one set-based
 * statement in the import's transaction. Units, employees and grants are named by the HR system's
 * external ids.
 */
final class OrgImportStore {

  /** A unit as it is: its external id and its parent's id. */
  record ExistingUnit(UUID id, String externalId, UUID parentId) {}

  /** A unit the file names: the upsert sets its name. */
  record NewUnit(String externalId, String name) {}

  /** A unit the upsert created or renamed (an unchanged one is not answered). */
  record WrittenUnit(UUID id, String externalId, boolean created) {}

  /** A unit's parent as the file says it (null: at the top). */
  record Parent(UUID unit, UUID parent) {}

  /** An employee the file names, their unit resolved. */
  record NewEmployee(
      String externalId,
      String name,
      String email,
      UUID unitId,
      String locale,
      String timeZone,
      String status) {}

  /** An employee the upsert created or changed: what they were before, what they are now. */
  record WrittenEmployee(
      UUID id,
      boolean created,
      UUID oldUnit,
      String oldStatus,
      UUID unit,
      String status,
      boolean rezoned) {}

  /** A grant the HR import made earlier (source IMPORT), by external ids. */
  record ImportedGrant(UUID id, String employee, Role role, String unit, String hub) {}

  /** A grant to make: the employee by external id, the scope resolved. */
  record NewGrant(String employee, Role role, UUID unitId, UUID hubId) {}

  /** A grant taken away, by the employee's external id. */
  record Revoked(String employee, String role) {}

  private static final String LOAD_UNITS = "SELECT id, external_id, parent_id FROM units";
  private static final String LOAD_HUBS = "SELECT id, external_id FROM hubs";
  private static final String LOAD_EMPLOYEES =
      "SELECT id, external_id, status FROM employees WHERE external_id = ANY($1)";

  private static final String UPSERT_UNIT =
      """
    INSERT INTO units (external_id, name) VALUES ($1, $2)
    ON CONFLICT (external_id) DO UPDATE SET name = excluded.name, updated_at = now()
      WHERE units.name IS DISTINCT FROM excluded.name
    RETURNING id, external_id, (xmax = 0) AS created
    """;
  private static final String SET_PARENT =
      """
    UPDATE units SET parent_id = $2, updated_at = now()
    WHERE id = $1 AND parent_id IS DISTINCT FROM $2
    RETURNING id
    """;
  private static final String UPSERT_EMPLOYEE =
      """
    WITH old AS (SELECT unit_id, status, time_zone FROM employees WHERE external_id = $1)
    INSERT INTO employees (external_id, name, email, unit_id, locale, time_zone, status, left_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $7 = 'LEFT' THEN now() END)
    ON CONFLICT (external_id) DO UPDATE SET
      name = excluded.name, email = excluded.email, unit_id = excluded.unit_id, locale = excluded.locale,
      time_zone = excluded.time_zone, status = excluded.status,
      left_at = CASE WHEN excluded.status = 'LEFT' THEN coalesce(employees.left_at, now()) END,
      updated_at = now()
      WHERE (employees.name, employees.email, employees.unit_id, employees.locale, employees.time_zone, employees.status)
        IS DISTINCT FROM (excluded.name, excluded.email, excluded.unit_id, excluded.locale, excluded.time_zone, excluded.status)
    RETURNING id, external_id, (xmax = 0) AS created, (SELECT unit_id FROM old) AS old_unit,
              (SELECT status FROM old) AS old_status, unit_id, status,
              (SELECT time_zone FROM old) IS DISTINCT FROM time_zone AS rezoned
    """;
  private static final String LOAD_GRANTS =
      """
    SELECT g.id, e.external_id AS employee, g.role, u.external_id AS unit, h.external_id AS hub
    FROM role_grants g JOIN employees e ON e.id = g.employee_id
    LEFT JOIN units u ON u.id = g.unit_id LEFT JOIN hubs h ON h.id = g.hub_id
    WHERE e.external_id = ANY($1) AND g.source = 'IMPORT'
    """;
  private static final String INSERT_GRANT =
      """
    INSERT INTO role_grants (employee_id, role, unit_id, hub_id, source)
    SELECT e.id, $2, $3, $4, 'IMPORT' FROM employees e WHERE e.external_id = $1
    ON CONFLICT DO NOTHING
    """;
  private static final String DELETE_GRANT = "DELETE FROM role_grants WHERE id = $1";
  // Not an IMPORT grant: a later import from the HR system (which knows nothing of it) keeps it.
  private static final String GRANT_FIRST_ADMINS =
      """
    WITH granted AS (
      INSERT INTO role_grants (employee_id, role, source)
      SELECT id, 'ADMIN', 'BOOTSTRAP' FROM employees WHERE external_id = ANY($1) AND status = 'ACTIVE'
      ON CONFLICT DO NOTHING
      RETURNING employee_id
    )
    SELECT e.external_id FROM granted g JOIN employees e ON e.id = g.employee_id
    """;
  private static final String IS_ADMIN =
      """
    SELECT EXISTS (SELECT 1 FROM role_grants g JOIN employees e ON e.id = g.employee_id
                   WHERE e.external_id = $1 AND e.status = 'ACTIVE' AND g.role = 'ADMIN') AS admin
    """;
  private static final String DELETE_GRANTS_OF_LEAVERS =
      "DELETE FROM role_grants g USING employees e WHERE e.id = g.employee_id AND e.status = 'LEFT' RETURNING g.id, e.external_id, g.role";

  /** Every unit there is. */
  Future<List<ExistingUnit>> units(SqlClient db) {
    return db.query(LOAD_UNITS)
        .execute()
        .map(
            rows ->
                all(
                    rows,
                    r ->
                        new ExistingUnit(
                            r.getUUID("id"), r.getString("external_id"), r.getUUID("parent_id"))));
  }

  /** Every hub's id by its external id. */
  Future<Map<String, UUID>> hubIds(SqlClient db) {
    return db.query(LOAD_HUBS)
        .execute()
        .map(
            rows -> {
              Map<String, UUID> ids = new HashMap<>();
              rows.forEach(h -> ids.put(h.getString("external_id"), h.getUUID("id")));
              return ids;
            });
  }

  /** The status (ACTIVE, LEFT) of each of these employees there is, by external id. */
  Future<Map<String, String>> statuses(SqlClient db, String[] externalIds) {
    return db.preparedQuery(LOAD_EMPLOYEES)
        .execute(Tuple.of((Object) externalIds))
        .map(
            rows -> {
              Map<String, String> statusOf = new HashMap<>();
              rows.forEach(r -> statusOf.put(r.getString("external_id"), r.getString("status")));
              return statusOf;
            });
  }

  /** Creates or renames these units; answers those it created or renamed. */
  Future<List<WrittenUnit>> upsertUnits(SqlClient tx, List<NewUnit> units) {
    List<Tuple> batch = units.stream().map(u -> Tuple.of(u.externalId(), u.name())).toList();
    return tx.preparedQuery(UPSERT_UNIT)
        .executeBatch(batch)
        .map(
            rs -> {
              List<WrittenUnit> written = new ArrayList<>();
              for (RowSet<Row> r = rs; r != null; r = r.next()) {
                for (Row row : r) {
                  written.add(
                      new WrittenUnit(
                          row.getUUID("id"),
                          row.getString("external_id"),
                          row.getBoolean("created")));
                }
              }
              return written;
            });
  }

  /** Sets these units' parents; answers, for each in order, whether its parent changed. */
  Future<List<Boolean>> setParents(SqlClient tx, List<Parent> parents) {
    List<Tuple> batch = parents.stream().map(p -> Tuple.of(p.unit(), p.parent())).toList();
    return tx.preparedQuery(SET_PARENT)
        .executeBatch(batch)
        .map(
            rs -> {
              List<Boolean> changed = new ArrayList<>(parents.size());
              for (RowSet<Row> r = rs; r != null; r = r.next()) {
                changed.add(r.rowCount() > 0);
              }
              return changed;
            });
  }

  /**
   * Creates or updates these employees (a leaver's left_at set the first time); answers, for each
   * in order, what changed (empty: nothing did).
   */
  Future<List<Optional<WrittenEmployee>>> upsertEmployees(
      SqlClient tx, List<NewEmployee> employees) {
    List<Tuple> batch =
        employees.stream()
            .map(
                e ->
                    Tuple.of(
                        e.externalId(),
                        e.name(),
                        e.email(),
                        e.unitId(),
                        e.locale(),
                        e.timeZone(),
                        e.status()))
            .toList();
    return tx.preparedQuery(UPSERT_EMPLOYEE)
        .executeBatch(batch)
        .map(
            rs -> {
              List<Optional<WrittenEmployee>> written = new ArrayList<>(employees.size());
              for (RowSet<Row> r = rs; r != null; r = r.next()) {
                written.add(
                    r.rowCount() == 0
                        ? Optional.empty()
                        : Optional.of(writtenEmployee(r.iterator().next())));
              }
              return written;
            });
  }

  /** The grants the import made earlier to these employees (by external id). */
  Future<List<ImportedGrant>> importedGrants(SqlClient tx, String[] employees) {
    return tx.preparedQuery(LOAD_GRANTS)
        .execute(Tuple.of((Object) employees))
        .map(
            rows ->
                all(
                    rows,
                    r ->
                        new ImportedGrant(
                            r.getUUID("id"),
                            r.getString("employee"),
                            Role.valueOf(r.getString("role")),
                            r.getString("unit"),
                            r.getString("hub"))));
  }

  /** Makes these grants (source IMPORT); one that exists already stays as it is. */
  Future<Void> grant(SqlClient tx, List<NewGrant> grants) {
    if (grants.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch =
        grants.stream()
            .map(g -> Tuple.of(g.employee(), g.role().name(), g.unitId(), g.hubId()))
            .toList();
    return tx.preparedQuery(INSERT_GRANT).executeBatch(batch).mapEmpty();
  }

  /** Deletes these grants by id. */
  Future<Void> revoke(SqlClient tx, List<UUID> grants) {
    if (grants.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = grants.stream().map(Tuple::of).toList();
    return tx.preparedQuery(DELETE_GRANT).executeBatch(batch).mapEmpty();
  }

  /**
   * Makes these employees (active ones) ADMIN with the source BOOTSTRAP; answers whom it made one
   * (not those who were).
   */
  Future<List<String>> grantFirstAdmins(SqlClient tx, String[] externalIds) {
    return tx.preparedQuery(GRANT_FIRST_ADMINS)
        .execute(Tuple.of((Object) externalIds))
        .map(rows -> all(rows, r -> r.getString("external_id")));
  }

  /** Whether this employee (by external id) is an active ADMIN. */
  Future<Boolean> isAdmin(SqlClient tx, String externalId) {
    return tx.preparedQuery(IS_ADMIN)
        .execute(Tuple.of(externalId))
        .map(rows -> rows.iterator().next().getBoolean("admin"));
  }

  /** Takes every role from those who have left; answers what it took. */
  Future<List<Revoked>> revokeGrantsOfLeavers(SqlClient tx) {
    return tx.query(DELETE_GRANTS_OF_LEAVERS)
        .execute()
        .map(rows -> all(rows, r -> new Revoked(r.getString("external_id"), r.getString("role"))));
  }

  private static WrittenEmployee writtenEmployee(Row row) {
    return new WrittenEmployee(
        row.getUUID("id"),
        row.getBoolean("created"),
        row.getUUID("old_unit"),
        row.getString("old_status"),
        row.getUUID("unit_id"),
        row.getString("status"),
        row.getBoolean("rezoned"));
  }
}
