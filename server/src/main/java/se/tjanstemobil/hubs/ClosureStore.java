package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SQL of closures: a hub (or one resource of it) closed over a period, with a reason. Each
 * method runs on the client it is given (the pool, or the caller's transaction).
 */
final class ClosureStore {

  private static final String INSERT =
      """
    INSERT INTO closures (hub_id, resource_id, period, reason, created_by) VALUES ($1, $2, tstzrange($3, $4), $5, $6)
    RETURNING id
    """;
  private static final String SET_COUNT =
      "UPDATE closures SET cancelled_bookings = $2 WHERE id = $1";
  private static final String LIST =
      """
    SELECT c.id, c.resource_id, r.name AS resource_name, lower(c.period) AS start_at, upper(c.period) AS end_at, c.reason,
           c.created_at, c.cancelled_bookings, e.name AS created_by_name
    FROM closures c LEFT JOIN resources r ON r.id = c.resource_id LEFT JOIN employees e ON e.id = c.created_by
    WHERE c.hub_id = $1 AND upper(c.period) > $2
    ORDER BY lower(c.period), c.id LIMIT 200
    """;
  private static final String ONE =
      LIST.replace(
          "WHERE c.hub_id = $1 AND upper(c.period) > $2", "WHERE c.hub_id = $1 AND c.id = $2");
  private static final String DELETE =
      "DELETE FROM closures WHERE id = $1 AND hub_id = $2 RETURNING id";
  private static final String FIRST_OVERLAPPING =
      """
    SELECT id, resource_id, reason, lower(period) AS start_at, upper(period) AS end_at FROM closures
    WHERE hub_id = $1 AND (resource_id IS NULL OR resource_id = $2) AND period && tstzrange($3, $4)
    ORDER BY lower(period) LIMIT 1
    """;

  /** A closure as its hub's list shows it; resourceId (and its name) null for the whole hub. */
  record Closure(
      UUID id,
      UUID resourceId,
      String resourceName,
      Span span,
      String reason,
      Instant createdAt,
      int cancelledBookings,
      String createdByName) {

    static Closure of(Row r) {
      return new Closure(
          r.getUUID("id"),
          r.getUUID("resource_id"),
          r.getString("resource_name"),
          HubDay.span(r),
          r.getString("reason"),
          r.getOffsetDateTime("created_at").toInstant(),
          r.getInteger("cancelled_bookings"),
          r.getString("created_by_name"));
    }
  }

  /** What a new closure writes; resource null for the whole hub. */
  record NewClosure(UUID hubId, UUID resource, Span span, String reason, UUID createdBy) {}

  private ClosureStore() {}

  /** A new closure; its id. */
  static Future<UUID> insert(SqlClient db, NewClosure c) {
    return db.preparedQuery(INSERT)
        .execute(
            Tuple.of(
                c.hubId(),
                c.resource(),
                utc(c.span().start()),
                utc(c.span().end()),
                c.reason(),
                c.createdBy()))
        .map(rows -> rows.iterator().next().getUUID("id"));
  }

  /** How many bookings the closure cancelled, kept with it. */
  static Future<Void> setCancelledCount(SqlClient db, UUID id, int cancelled) {
    return db.preparedQuery(SET_COUNT).execute(Tuple.of(id, cancelled)).mapEmpty();
  }

  /** The hub's closure (it exists: the caller just wrote it). */
  static Future<Closure> one(SqlClient db, UUID hubId, UUID id) {
    return db.preparedQuery(ONE)
        .execute(Tuple.of(hubId, id))
        .map(rows -> Closure.of(rows.iterator().next()));
  }

  /** The hub's closures that have not ended at {@code at}, in time order (at most 200). */
  static Future<List<Closure>> notEnded(SqlClient db, UUID hubId, Instant at) {
    return db.preparedQuery(LIST)
        .execute(Tuple.of(hubId, utc(at)))
        .map(
            rows -> {
              List<Closure> out = new ArrayList<>();
              rows.forEach(r -> out.add(Closure.of(r)));
              return out;
            });
  }

  /** Deletes the hub's closure; false when the hub has no such closure. */
  static Future<Boolean> delete(SqlClient db, UUID id, UUID hubId) {
    return db.preparedQuery(DELETE).execute(Tuple.of(id, hubId)).map(rows -> rows.size() > 0);
  }

  /** The first closure of the hub (or covering the resource) over the span; null when none. */
  static Future<HubDay.Closure> firstOverlapping(
      SqlClient db, UUID hubId, UUID resource, Span span) {
    return db.preparedQuery(FIRST_OVERLAPPING)
        .execute(Tuple.of(hubId, resource, utc(span.start()), utc(span.end())))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row c = rows.iterator().next();
              return new HubDay.Closure(
                  c.getUUID("id"), c.getUUID("resource_id"), HubDay.span(c), c.getString("reason"));
            });
  }

  private static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }
}
