package se.tjanstemobil.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * All SQL of the audit log: entries written (pass the transaction's connection so the entry commits
 * with the change) and the administrators' list.
 */
public final class AuditLog {

  /** One thing someone did; the actor is null when the system did it (import job, demo seed). */
  public record Entry(
      UUID actorId, String action, String objectType, String objectId, JsonObject details) {}

  private static final String INSERT =
      """
    INSERT INTO audit_log (actor_id, action, object_type, object_id, details)
    VALUES ($1, $2, $3, $4, $5)
    """;

  /** An entry as the list shows it, with the actor's name (null for the system). */
  record Logged(
      long id,
      OffsetDateTime at,
      UUID actorId,
      String actorName,
      String action,
      String objectType,
      String objectId,
      JsonObject details) {}

  /** The list's filters and page: entries before {@code beforeId}, newest first. */
  record Filter(
      Long beforeId,
      String action,
      UUID actor,
      OffsetDateTime from,
      OffsetDateTime to,
      int limit) {}

  private static final String LIST =
      """
    SELECT a.id, a.at, a.action, a.object_type, a.object_id, a.details, a.actor_id, e.name AS actor_name
    FROM audit_log a LEFT JOIN employees e ON e.id = a.actor_id
    WHERE ($1::bigint IS NULL OR a.id < $1)
      AND ($2::text IS NULL OR a.action = $2)
      AND ($3::uuid IS NULL OR a.actor_id = $3)
      AND ($4::timestamptz IS NULL OR a.at >= $4)
      AND ($5::timestamptz IS NULL OR a.at < $5)
    ORDER BY a.id DESC
    LIMIT $6
    """;

  private AuditLog() {}

  static Future<List<Logged>> list(SqlClient db, Filter f) {
    Tuple args = Tuple.of(f.beforeId(), f.action(), f.actor(), f.from(), f.to(), f.limit());
    return db.preparedQuery(LIST)
        .execute(args)
        .map(
            rows -> {
              List<Logged> entries = new ArrayList<>();
              for (Row r : rows) {
                entries.add(
                    new Logged(
                        r.getLong("id"),
                        r.getOffsetDateTime("at"),
                        r.getUUID("actor_id"),
                        r.getString("actor_name"),
                        r.getString("action"),
                        r.getString("object_type"),
                        r.getString("object_id"),
                        r.getJsonObject("details")));
              }
              return entries;
            });
  }

  public static Future<Void> write(SqlClient client, Entry entry) {
    return writeAll(client, List.of(entry));
  }

  public static Future<Void> writeAll(SqlClient client, List<Entry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows =
        entries.stream()
            .map(
                e ->
                    Tuple.of(
                        e.actorId(),
                        e.action(),
                        e.objectType(),
                        e.objectId(),
                        e.details() == null ? new JsonObject() : e.details()))
            .toList();
    return client.preparedQuery(INSERT).executeBatch(rows).mapEmpty();
  }
}
