package se.tjanstemobil.org;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The roles other features hand out through the API (a hub's administrators are named by the hubs
 * feature): org owns {@code role_grants}, so the statements live here and run in the caller's
 * transaction. Grants made here carry the source {@code API}, which the HR import leaves alone.
 */
public final class RoleGrants {

  private static final String GRANT_HUB_ADMIN =
      """
    INSERT INTO role_grants (employee_id, role, hub_id, source) VALUES ($1, 'HUB_ADMIN', $2, 'API') ON CONFLICT DO NOTHING
    """;
  private static final String REVOKE_HUB_ADMIN =
      "DELETE FROM role_grants WHERE employee_id = $1 AND role = 'HUB_ADMIN' AND hub_id = $2 RETURNING id";

  private RoleGrants() {}

  /** Makes the employee an administrator of the hub; nothing when they already are. */
  public static Future<Void> grant(SqlClient db, UUID employee, UUID hubId) {
    return db.preparedQuery(GRANT_HUB_ADMIN).execute(Tuple.of(employee, hubId)).mapEmpty();
  }

  /** Takes the hub's administration from the employee; false when they did not have it. */
  public static Future<Boolean> revoke(SqlClient db, UUID employee, UUID hubId) {
    return db.preparedQuery(REVOKE_HUB_ADMIN)
        .execute(Tuple.of(employee, hubId))
        .map(rows -> rows.size() > 0);
  }
}
