package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * What the outbox still holds for one phone, when the phone stops being a way to reach its holder
 * (signed out, retired, handed to someone else): every push waiting for it is cancelled, held ones
 * too, and with a digest the messages folded into it, so none stays DIGESTED in a digest that will
 * never go and the sender's figures stay true. The holder's other phones have deliveries of their
 * own (the fan-out writes one per active phone) and are not touched. Runs in the caller's
 * transaction.
 */
public final class DeviceDeliveries {

  // $1 the device, $2 why, $3 an employee whose pushes stay (the phone's new holder), or null.
  // Only HELD rows may lack a due time: a cancelled one gets now. The phone's rows are found from
  // the partial indexes of pending and held rows (no index on device_id for a rare action).
  private static final String CANCEL =
      """
    WITH gone AS (
      UPDATE deliveries d SET status = 'CANCELLED', last_error = $2, due_at = coalesce(d.due_at, now())
      WHERE d.device_id = $1 AND (d.status = 'PENDING' OR d.status = 'HELD')
        AND ($3::uuid IS NULL OR d.employee_id <> $3)
      RETURNING d.id, d.kind
    )
    UPDATE deliveries f SET status = 'CANCELLED', last_error = $2
    FROM gone g WHERE g.kind = 'DIGEST' AND f.digest_id = g.id AND f.status = 'DIGESTED'
    """;

  private DeviceDeliveries() {}

  /** Cancels every push still to go to this phone (signed out or retired). */
  public static Future<Void> cancel(SqlClient tx, UUID device, String reason) {
    return tx.preparedQuery(CANCEL).execute(Tuple.of(device, reason, null)).mapEmpty();
  }

  /** Cancels the pushes still to go to this phone for anyone but its new holder (a hand-over). */
  public static Future<Void> cancelForOthers(
      SqlClient tx, UUID device, UUID holder, String reason) {
    return tx.preparedQuery(CANCEL).execute(Tuple.of(device, reason, holder)).mapEmpty();
  }
}
