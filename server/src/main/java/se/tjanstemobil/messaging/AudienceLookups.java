package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a send looks up in other features' tables to check its audience and to preview it: the
 * units, employees and hubs it names, the units under a manager's, the phones a push would go to.
 * Reads only (set-based, one statement each); an empty list of ids asks nothing.
 */
final class AudienceLookups {

  /** An active employee with their name and unit (null: none). */
  record ActiveEmployee(UUID id, String name, UUID unitId, String unitName) {}

  private static final String UNITS = "SELECT id, name FROM units WHERE id = ANY($1::uuid[])";
  private static final String HUBS = "SELECT id FROM hubs WHERE id = ANY($1::uuid[])";
  private static final String EMPLOYEES =
      """
    SELECT e.id, e.name, e.unit_id, u.name AS unit_name FROM employees e LEFT JOIN units u ON u.id = e.unit_id
    WHERE e.id = ANY($1::uuid[]) AND e.status = 'ACTIVE'
    """;
  private static final String UNDER =
      """
    WITH RECURSIVE managed(id) AS (
      SELECT unnest($1::uuid[])
      UNION
      SELECT c.id FROM units c JOIN managed m ON c.parent_id = m.id
    ) SELECT id FROM managed
    """;
  private static final String DEVICES_OF =
      """
    SELECT count(*) AS devices FROM devices WHERE employee_id = ANY($1::uuid[]) AND status = 'ACTIVE' AND push_token IS NOT NULL
    """;

  /** The names of those of these units there are, by id. */
  Future<Map<UUID, String>> unitNames(SqlClient db, UUID[] ids) {
    if (ids.length == 0) {
      return Future.succeededFuture(Map.of());
    }
    return db.preparedQuery(UNITS)
        .execute(Tuple.of((Object) ids))
        .map(
            rows -> {
              Map<UUID, String> found = new HashMap<>();
              rows.forEach(r -> found.put(r.getUUID("id"), r.getString("name")));
              return found;
            });
  }

  /** Those of these employees who are active, with their units. */
  Future<List<ActiveEmployee>> activeEmployees(SqlClient db, UUID[] ids) {
    if (ids.length == 0) {
      return Future.succeededFuture(List.of());
    }
    return db.preparedQuery(EMPLOYEES)
        .execute(Tuple.of((Object) ids))
        .map(
            rows -> {
              List<ActiveEmployee> list = new ArrayList<>();
              rows.forEach(
                  r ->
                      list.add(
                          new ActiveEmployee(
                              r.getUUID("id"),
                              r.getString("name"),
                              r.getUUID("unit_id"),
                              r.getString("unit_name"))));
              return list;
            });
  }

  /** These units and every unit under them. */
  Future<Set<UUID>> unitsUnder(SqlClient db, UUID[] tops) {
    return db.preparedQuery(UNDER).execute(Tuple.of((Object) tops)).map(AudienceLookups::ids);
  }

  /** Those of these hubs there are. */
  Future<Set<UUID>> hubs(SqlClient db, UUID[] ids) {
    if (ids.length == 0) {
      return Future.succeededFuture(Set.of());
    }
    return db.preparedQuery(HUBS).execute(Tuple.of((Object) ids)).map(AudienceLookups::ids);
  }

  /** How many active phones with a push token these employees have. */
  Future<Long> pushableDevices(SqlClient db, UUID[] employees) {
    return db.preparedQuery(DEVICES_OF)
        .execute(Tuple.of((Object) employees))
        .map(rows -> rows.iterator().next().getLong("devices"));
  }

  private static Set<UUID> ids(Iterable<Row> rows) {
    Set<UUID> ids = new HashSet<>();
    rows.forEach(r -> ids.add(r.getUUID("id")));
    return ids;
  }
}
