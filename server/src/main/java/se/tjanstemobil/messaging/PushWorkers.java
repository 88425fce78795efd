package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The delivery workers' register ({@code push_workers}): the running workers share the project's
 * FCM quota and each other's pauses. A worker is running while its heartbeat is younger than three
 * beats; one that stops leaves at once. Times are the database's clock, one for every instance.
 */
final class PushWorkers {

  /** The other workers as one heartbeat sees them: how many run (this one too), a shared pause. */
  record Peers(long workers, OffsetDateTime pausedUntil) {}

  private static final String HEARTBEAT =
      """
    INSERT INTO push_workers (worker_id, seen_at) VALUES ($1, now())
    ON CONFLICT (worker_id) DO UPDATE SET seen_at = now()
    """;
  private static final String PEERS =
      """
    SELECT 1 + count(*) FILTER (WHERE seen_at > now() - make_interval(secs => $2)) AS workers,
           max(paused_until) FILTER (WHERE paused_until > now()) AS paused_until
    FROM push_workers WHERE worker_id <> $1
    """;
  private static final String FORGET_GONE =
      "DELETE FROM push_workers WHERE seen_at < now() - interval '1 day'";
  // An upsert: the pause is shared even if this worker's row is missing (its heartbeats failed).
  private static final String SHARE_PAUSE =
      """
    INSERT INTO push_workers (worker_id, seen_at, paused_until) VALUES ($1, now(), now() + make_interval(secs => $2))
    ON CONFLICT (worker_id) DO UPDATE SET paused_until = greatest(push_workers.paused_until, excluded.paused_until)
    """;
  private static final String LEAVE = "DELETE FROM push_workers WHERE worker_id = $1";

  /** This worker is running now. */
  Future<Void> beat(SqlClient db, UUID worker) {
    return db.preparedQuery(HEARTBEAT).execute(Tuple.of(worker)).mapEmpty();
  }

  /** The workers whose heartbeat is younger than {@code windowSeconds}, and a pause one shared. */
  Future<Peers> peers(SqlClient db, UUID worker, long windowSeconds) {
    return db.preparedQuery(PEERS)
        .execute(Tuple.of(worker, windowSeconds))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new Peers(r.getLong("workers"), r.getOffsetDateTime("paused_until"));
            });
  }

  /** Forgets workers not seen for a day. */
  Future<Void> forgetGone(SqlClient db) {
    return db.query(FORGET_GONE).execute().mapEmpty();
  }

  /**
   * Every worker pauses for {@code seconds} (at its next heartbeat): the quota is the project's.
   */
  Future<Void> sharePause(SqlClient db, UUID worker, double seconds) {
    return db.preparedQuery(SHARE_PAUSE).execute(Tuple.of(worker, seconds)).mapEmpty();
  }

  /** This worker stops: the others take over its share at once. */
  Future<Void> leave(SqlClient db, UUID worker) {
    return db.preparedQuery(LEAVE).execute(Tuple.of(worker)).mapEmpty();
  }
}
