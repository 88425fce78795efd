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
 * units, employees and hubs it names, the units under a manager's, the phones a push would go to
 * and who has none. Reads only (set-based, one statement each); an empty list of ids asks nothing.
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
  // $1 the recipients who get a push, $2 all recipients. A phone that can be pushed is an active
  // one with a push token (as the fan-out's join says).
  private static final String PHONES_OF =
      """
    SELECT (SELECT count(*) FROM devices WHERE employee_id = ANY($1::uuid[]) AND status = 'ACTIVE' AND push_token IS NOT NULL)
             AS devices,
           (SELECT count(*) FROM unnest($2::uuid[]) AS r(id) WHERE NOT EXISTS (
              SELECT 1 FROM devices d WHERE d.employee_id = r.id AND d.status = 'ACTIVE' AND d.push_token IS NOT NULL))
             AS without_phone
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

  /**
   * The phones a send would push (those of the recipients who get a push), and how many of all the
   * recipients have no phone to push.
   */
  Future<Fanout.Phones> phones(SqlClient db, Fanout plan) {
    return db.preparedQuery(PHONES_OF)
        .execute(Tuple.tuple().addValue(plan.pushedIds()).addValue(plan.ids()))
        .map(rows -> rows.iterator().next())
        .map(r -> new Fanout.Phones(r.getLong("devices"), r.getLong("without_phone")));
  }

  private static Set<UUID> ids(Iterable<Row> rows) {
    Set<UUID> ids = new HashSet<>();
    rows.forEach(r -> ids.add(r.getUUID("id")));
    return ids;
  }
}
