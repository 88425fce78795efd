package se.tjanstemobil.devices;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * A leaver's phones once the leaver is anonymised (privacy's retention): a phone no delivery points
 * at is deleted; one that deliveries still point at keeps its row, without token and model, until
 * retention has deleted those deliveries (deliveries go before devices, so no delivery ever points
 * at a deleted phone).
 */
public final class DeviceForget {

  private static final String DELETE =
      """
    DELETE FROM devices d WHERE d.employee_id = ANY($1::uuid[])
      AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.device_id = d.id)
    """;
  private static final String BLANK =
      """
    UPDATE devices d SET push_token = NULL, model = NULL WHERE d.employee_id = ANY($1::uuid[])
      AND EXISTS (SELECT 1 FROM deliveries x WHERE x.device_id = d.id)
    """;

  private DeviceForget() {}

  /** Forgets these employees' phones, in the caller's transaction. */
  public static Future<Void> leavers(SqlClient tx, List<UUID> employees) {
    Tuple ids = Tuple.of((Object) employees.toArray(new UUID[0]));
    return tx.preparedQuery(BLANK)
        .execute(ids)
        .compose(v -> tx.preparedQuery(DELETE).execute(ids))
        .mapEmpty();
  }
}
