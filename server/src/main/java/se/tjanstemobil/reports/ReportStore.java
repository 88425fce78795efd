package se.tjanstemobil.reports;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.org.UnitTree;

/**
 * The reports' SQL: reads across messaging and the organisation, set-based (no feature's tables are
 * written here).
 */
final class ReportStore {

  /** One row of the after-hours report: a unit of the recipients and a sender, in the month. */
  record AfterHours(
      UUID unitId,
      String unitName,
      UUID senderId,
      String senderName,
      long messages,
      long recipients,
      long held,
      long breakThroughs,
      long breakThroughMessages) {}

  private static final String AFTER_HOURS =
      UnitTree.subtree(1)
          + """
    , entries AS (
      SELECT e.unit_id, m.sender_id, i.message_id, i.held_reason, b.passed IS NOT NULL AS broke_through
      FROM messages m
      JOIN inbox_entries i ON i.message_id = m.id
      JOIN employees e ON e.id = i.employee_id
      LEFT JOIN break_throughs b ON b.message_id = i.message_id AND b.employee_id = i.employee_id
      WHERE m.send_at >= $2 AND m.send_at < $3 AND ($4 OR e.unit_id IN (SELECT id FROM scope))
    )
    SELECT x.unit_id, u.name AS unit_name, x.sender_id, s.name AS sender_name,
           count(DISTINCT x.message_id) AS messages,
           count(*) AS recipients,
           count(*) FILTER (WHERE x.held_reason IS NOT NULL) AS held,
           count(*) FILTER (WHERE x.broke_through) AS break_throughs,
           count(DISTINCT x.message_id) FILTER (WHERE x.broke_through) AS break_through_messages
    FROM entries x LEFT JOIN units u ON u.id = x.unit_id LEFT JOIN employees s ON s.id = x.sender_id
    GROUP BY x.unit_id, u.name, x.sender_id, s.name
    ORDER BY u.name NULLS LAST, s.name, x.sender_id
    """;

  /** Messages sent in [from, to) to people in the scope, per unit and sender. */
  Future<List<AfterHours>> afterHours(
      SqlClient db, UnitTree.Scope scope, OffsetDateTime from, OffsetDateTime to) {
    return db.preparedQuery(AFTER_HOURS)
        .execute(Tuple.of(scope.roots(), from, to, scope.all()))
        .map(
            rows -> {
              List<AfterHours> report = new ArrayList<>();
              for (Row r : rows) {
                report.add(
                    new AfterHours(
                        r.getUUID("unit_id"),
                        r.getString("unit_name"),
                        r.getUUID("sender_id"),
                        r.getString("sender_name"),
                        r.getLong("messages"),
                        r.getLong("recipients"),
                        r.getLong("held"),
                        r.getLong("break_throughs"),
                        r.getLong("break_through_messages")));
              }
              return report;
            });
  }
}
