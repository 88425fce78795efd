package se.tjanstemobil.org;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Questions about the unit tree: a MANAGER of a unit manages its subunits too. */
public final class UnitTree {

  private static final String ANCESTORS = """
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
    return pool.preparedQuery(ANCESTORS).execute(Tuple.of(unitId)).map(rows -> {
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
}
