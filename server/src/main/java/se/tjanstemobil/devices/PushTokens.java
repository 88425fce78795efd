package se.tjanstemobil.devices;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * The devices feature's answer to a dead push token: FCM said the token is gone (UNREGISTERED) or
 * never was one (INVALID_ARGUMENT), so the device keeps its row and loses its token until the app
 * registers a new one. Called by the delivery worker with a batch's results.
 */
public final class PushTokens {

  private static final String DROP_TOKENS =
      """
    UPDATE devices dv SET push_token = NULL, token_dropped = s.reason
    FROM unnest($1::uuid[], $2::text[]) AS s(id, reason) WHERE dv.id = s.id
    """;

  private PushTokens() {}

  /** Drops the tokens of these devices, each with its reason (parallel lists). */
  public static Future<Void> drop(SqlClient db, List<UUID> devices, List<String> reasons) {
    if (devices.isEmpty()) {
      return Future.succeededFuture();
    }
    return db.preparedQuery(DROP_TOKENS)
        .execute(
            Tuple.tuple()
                .addValue(devices.toArray(new UUID[0]))
                .addValue(reasons.toArray(new String[0])))
        .mapEmpty();
  }
}
