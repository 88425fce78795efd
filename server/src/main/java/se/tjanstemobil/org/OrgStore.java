package se.tjanstemobil.org;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import se.tjanstemobil.db.Rows;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.i18n.Text;

/**
 * The organisation's reads: a unit's page (the unit, the units above it, its subunits with their
 * member counts, its managers and its members), the units and the people one may look up. (The HR
 * import's reads and writes of units, employees and role grants are in {@link OrgImportStore}; role
 * grants of other features go through {@link RoleGrants}.)
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

  /** A unit as a picker lists it. */
  record Listed(UUID id, String name, UUID parentId) {}

  /** A person found by name, with their unit (none for someone the HR system gave none). */
  record Found(UUID id, String name, UUID unitId, String unitName, NameAndId position) {}

  /** Where a list sorted by name (in lower case) and id stands: the cursor's position. */
  record NameAndId(String name, UUID id) {

    /** The position a cursor holds; null for the first page; 400 for one not handed out here. */
    static NameAndId after(JsonObject position) {
      if (position == null) {
        return null;
      }
      try {
        return new NameAndId(
            Objects.requireNonNull(position.getString("name")),
            UUID.fromString(position.getString("id")));
      } catch (RuntimeException e) {
        throw Problem.badRequest("cursor", Text.of("org.cursor.unknown"));
      }
    }

    JsonObject toJson() {
      return new JsonObject().put("name", name).put("id", id.toString());
    }
  }

  /** The most words of a search that count. */
  private static final int MAX_WORDS = 5;

  /**
   * The words of a search, in lower case: each must begin a word of the name ("ni nu" finds Nils
   * Nurse, "karin" finds Anna-Karin), whatever the case.
   */
  static List<String> words(String q) {
    if (q == null) {
      return List.of();
    }
    return Arrays.stream(q.toLowerCase(Locale.ROOT).split("[\\s-]+"))
        .filter(w -> !w.isBlank())
        .limit(MAX_WORDS)
        .toList();
  }

  // The name in lower case and in Swedish order. PostgreSQL's lower() under the C locale (the
  // embedded database's) changes only A-Z, so "Östlund" would not be found by "ös": the ICU
  // collation lowers every letter (PostgreSQL as packaged by Debian, PGDG and zonky has ICU).
  private static final String NAME_KEY = "lower(e.name COLLATE \"sv-x-icu\")";

  private static final String FIND_EMPLOYEES =
      UnitTree.subtree(1)
          + """

    SELECT e.id, e.name, e.unit_id, u.name AS unit_name, %1$s AS name_key
    FROM employees e LEFT JOIN units u ON u.id = e.unit_id
    WHERE e.status = 'ACTIVE'
      AND ($2 OR e.unit_id IN (SELECT id FROM scope))
      AND NOT EXISTS (SELECT 1 FROM unnest($3::text[]) w
                      WHERE strpos(' ' || translate(%1$s, '-', ' '), ' ' || w) = 0)
      AND ($4::text IS NULL OR (%1$s, e.id) > ($4::text, $5::uuid))
    ORDER BY %1$s, e.id
    LIMIT $6
    """
              .formatted(NAME_KEY);

  private static final String UNITS =
      UnitTree.subtree(1)
          + """

    SELECT u.id, u.name, u.parent_id FROM units u
    WHERE $2 OR u.id IN (SELECT id FROM scope)
    ORDER BY lower(u.name COLLATE "sv-x-icu"), u.id
    """;

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

  /** The units of the scope, by name. */
  Future<List<Listed>> units(SqlClient db, UnitTree.Scope scope) {
    return list(
        db,
        UNITS,
        Tuple.of(scope.roots(), scope.all()),
        r -> new Listed(r.getUUID("id"), r.getString("name"), r.getUUID("parent_id")));
  }

  /**
   * Up to {@code limit} active people of the scope whose name the words begin, after a position.
   */
  Future<List<Found>> findEmployees(
      SqlClient db, UnitTree.Scope scope, List<String> words, NameAndId after, int limit) {
    Tuple args =
        Tuple.of(
            scope.roots(),
            scope.all(),
            words.toArray(new String[0]),
            after == null ? null : after.name(),
            after == null ? null : after.id(),
            limit);
    return list(
        db,
        FIND_EMPLOYEES,
        args,
        r ->
            new Found(
                r.getUUID("id"),
                r.getString("name"),
                r.getUUID("unit_id"),
                r.getString("unit_name"),
                new NameAndId(r.getString("name_key"), r.getUUID("id"))));
  }

  /** The unit, or empty when there is none with this id. */
  Future<Optional<Unit>> unit(SqlClient db, UUID id) {
    return db.preparedQuery(UNIT)
        .execute(Tuple.of(id))
        .map(
            rows ->
                Rows.first(
                    rows,
                    r ->
                        new Unit(
                            r.getUUID("id"),
                            r.getString("external_id"),
                            r.getString("name"),
                            r.getUUID("parent_id"))));
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
