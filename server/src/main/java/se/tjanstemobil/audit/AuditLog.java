package se.tjanstemobil.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/** Writes audit entries; pass the transaction's connection so the entry commits with the change. */
public final class AuditLog {

  /** One thing someone did; the actor is null when the system did it (import job, demo seed). */
  public record Entry(
      UUID actorId, String action, String objectType, String objectId, JsonObject details) {}

  private static final String INSERT =
      """
    INSERT INTO audit_log (actor_id, action, object_type, object_id, details)
    VALUES ($1, $2, $3, $4, $5)
    """;

  private AuditLog() {}

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
