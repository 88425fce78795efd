package se.tjanstemobil.org;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The organisation's reads for a unit's page: the unit, the units above it, its subunits with their
 * member counts, its managers and its members. (The HR import's reads and writes of units,
 * employees and role grants are in {@link OrgImportStore}; role grants of other features go through
 * {@link RoleGrants}.)
 */
final class OrgStore {

  /** A unit or a person by id and name. */
  record Ref(UUID id, String name) {}

  record Subunit(UUID id, String name, long members) {}

  record Member(UUID id, String externalId, String name, String email) {}

  record Unit(UUID id, String externalId, String name, UUID parentId) {}

  /** A unit's page: the unit, its path from the top (without itself), and who is in it. */
  record UnitPage(
      Unit unit,
      List<Ref> path,
      List<Subunit> subunits,
      List<Ref> managers,
      List<Member> members) {}

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

  /** The unit, or empty when there is none with this id. */
  Future<Optional<Unit>> unit(SqlClient db, UUID id) {
    return db.preparedQuery(UNIT)
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row r = rows.iterator().next();
              return Optional.of(
                  new Unit(
                      r.getUUID("id"),
                      r.getString("external_id"),
                      r.getString("name"),
                      r.getUUID("parent_id")));
            });
  }

  /** The unit's page, its four parts read at once. */
  Future<UnitPage> page(SqlClient db, Unit unit) {
    Tuple id = Tuple.of(unit.id());
    Future<List<Ref>> path = list(db, PATH, id, OrgStore::ref);
    Future<List<Subunit>> subunits =
        list(
            db,
            SUBUNITS,
            id,
            r -> new Subunit(r.getUUID("id"), r.getString("name"), r.getLong("members")));
    Future<List<Ref>> managers = list(db, MANAGERS, id, OrgStore::ref);
    Future<List<Member>> members =
        list(
            db,
            MEMBERS,
            id,
            r ->
                new Member(
                    r.getUUID("id"),
                    r.getString("external_id"),
                    r.getString("name"),
                    r.getString("email")));
    return Future.all(path, subunits, managers, members)
        .map(
            all ->
                new UnitPage(
                    unit, path.result(), subunits.result(), managers.result(), members.result()));
  }

  private interface RowMapper<T> {
    T map(Row r);
  }

  private static <T> Future<List<T>> list(
      SqlClient db, String sql, Tuple args, RowMapper<T> mapper) {
    return db.preparedQuery(sql)
        .execute(args)
        .map(
            (RowSet<Row> rows) -> {
              List<T> items = new ArrayList<>();
              rows.forEach(r -> items.add(mapper.map(r)));
              return items;
            });
  }

  private static Ref ref(Row r) {
    return new Ref(r.getUUID("id"), r.getString("name"));
  }
}
