package se.tjanstemobil.devices;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Tokens FCM says are dead (unregistered, invalid): the delivery worker drops them here, so the
 * register shows why a phone gets no pushes ({@code tokenDropped}) until its app registers again.
 */
public final class PushTokens {

  private static final String DROP_TOKENS =
      """
    UPDATE devices dv SET push_token = NULL, token_dropped = s.reason
    FROM unnest($1::uuid[], $2::text[]) AS s(id, reason) WHERE dv.id = s.id
    """;

  private PushTokens() {}

  /** Drops the tokens of these phones, each for the same reason. */
  public static Future<Void> drop(SqlClient db, List<UUID> deviceIds, String reason) {
    return drop(db, deviceIds, Collections.nCopies(deviceIds.size(), reason));
  }

  /** Drops the tokens of these phones, each for its own reason (the lists run in parallel). */
  public static Future<Void> drop(SqlClient db, List<UUID> deviceIds, List<String> reasons) {
    if (deviceIds.size() != reasons.size()) {
      throw new IllegalArgumentException(
          deviceIds.size() + " phones but " + reasons.size() + " reasons");
    }
    if (deviceIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return db.preparedQuery(DROP_TOKENS)
        .execute(
            Tuple.tuple()
                .addValue(deviceIds.toArray(new UUID[0]))
                .addValue(reasons.toArray(new String[0])))
        .mapEmpty();
  }
}
