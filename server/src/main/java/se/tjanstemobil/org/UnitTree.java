package se.tjanstemobil.org;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.i18n.Text;

/** Questions about the unit tree: a MANAGER of a unit manages its subunits too. */
public final class UnitTree {

  private static final String ANCESTORS =
      """
    WITH RECURSIVE up(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM units WHERE id = $1
      UNION ALL
      SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 100
    )
    SELECT id FROM up ORDER BY depth
    """;

  private final Pool pool;

  public UnitTree(Pool pool) {
    this.pool = pool;
  }

  /** The unit and its ancestors, nearest first; empty when the unit does not exist. */
  public Future<List<UUID>> selfAndAncestors(UUID unitId) {
    return pool.preparedQuery(ANCESTORS)
        .execute(Tuple.of(unitId))
        .map(
            rows -> {
              List<UUID> ids = new ArrayList<>();
              for (Row r : rows) {
                ids.add(r.getUUID("id"));
              }
              return ids;
            });
  }

  /** Whether the employee is a MANAGER of the unit or of a unit above it. */
  public Future<Boolean> manages(Principal principal, UUID unitId) {
    List<UUID> managed = principal.scopes(Role.MANAGER);
    if (managed.isEmpty()) {
      return Future.succeededFuture(false);
    }
    return selfAndAncestors(unitId).map(chain -> chain.stream().anyMatch(managed::contains));
  }

  /**
   * `WITH RECURSIVE scope(id)`: the units in the uuid[] parameter $param and every unit below them.
   * A query continues it with `, next AS (...)` or its SELECT, and tests `IN (SELECT id FROM
   * scope)`.
   */
  public static String subtree(int param) {
    return """
      WITH RECURSIVE scope(id) AS (
        SELECT unnest($%d::uuid[])
        UNION
        SELECT c.id FROM units c JOIN scope s ON c.parent_id = s.id
      )"""
        .formatted(param);
  }

  /** The units a report covers: these roots with their subunits, or every unit when `all`. */
  // The roots go straight into a uuid[] parameter ($n::uuid[]) of the report's query.
  @SuppressWarnings("ArrayRecordComponent")
  public record Scope(UUID[] roots, boolean all) {}

  /**
   * Whose units and people a person may look up, to address them or report on them: everyone's for
   * HR, admins, communicators and crisis leads (who send to anyone), a manager's units with their
   * subunits (where managers send); anyone else is refused.
   */
  public static Scope lookUpScope(Principal who) {
    if (who.hasAny(Role.HR, Role.ADMIN, Role.COMMUNICATOR, Role.CRISIS_LEAD)) {
      return new Scope(new UUID[0], true);
    }
    if (who.has(Role.MANAGER)) {
      return new Scope(who.scopes(Role.MANAGER).toArray(new UUID[0]), false);
    }
    throw Problem.forbidden(Text.of("org.lookUp.forbidden"));
  }

  /**
   * What a report for HR and managers covers for this person: HR and admins any unit (or all when
   * none is named), a manager the units they manage (a named one only if they manage it, else 403).
   */
  public Future<Scope> reportScope(Principal who, UUID unitId) {
    boolean everyone = who.hasAny(Role.HR, Role.ADMIN);
    if (!everyone && !who.has(Role.MANAGER)) {
      throw Problem.forbidden(Text.of("org.report.forbidden"));
    }
    if (unitId == null) {
      return Future.succeededFuture(
          new Scope(
              everyone ? new UUID[0] : who.scopes(Role.MANAGER).toArray(new UUID[0]), everyone));
    }
    return (everyone ? Future.succeededFuture(true) : manages(who, unitId))
        .map(
            ok -> {
              if (!ok) {
                throw Problem.forbidden(Text.of("org.report.notYourUnit"));
              }
              return new Scope(new UUID[] {unitId}, false);
            });
  }
}
