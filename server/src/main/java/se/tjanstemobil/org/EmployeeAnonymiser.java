package se.tjanstemobil.org;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A leaver after their retention period: who they were is replaced by a neutral name; what others
 * need (an agreement's history, the audit log) keeps only the id. Privacy's retention finds them
 * here and has each feature forget the rest.
 */
public final class EmployeeAnonymiser {

  private static final String LEAVERS =
      """
    SELECT id FROM employees WHERE status = 'LEFT' AND left_at < $1 AND name <> 'Anonymiserad' LIMIT $2
    """;
  private static final String ANONYMISE =
      """
    UPDATE employees SET name = 'Anonymiserad', email = NULL, external_id = 'anonymised-' || id, updated_at = now()
    WHERE id = ANY($1::uuid[])
    """;

  private EmployeeAnonymiser() {}

  /** At most {@code limit} leavers who left before the cut-off and are not anonymised yet. */
  public static Future<List<UUID>> leftBefore(SqlClient tx, OffsetDateTime cutOff, int limit) {
    return tx.preparedQuery(LEAVERS)
        .execute(Tuple.of(cutOff, limit))
        .map(
            rows -> {
              List<UUID> ids = new ArrayList<>();
              for (Row r : rows) {
                ids.add(r.getUUID("id"));
              }
              return ids;
            });
  }

  /** Replaces the leavers' name, email and HSA-id, in the caller's transaction. */
  public static Future<Void> anonymise(SqlClient tx, List<UUID> employees) {
    return tx.preparedQuery(ANONYMISE)
        .execute(Tuple.of((Object) employees.toArray(new UUID[0])))
        .mapEmpty();
  }
}
