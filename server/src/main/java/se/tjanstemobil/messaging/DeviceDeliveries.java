package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.UUID;

/**
 * How the devices feature reaches the outbox when a phone stops being a way to reach its holder
 * (signed out, retired, handed to someone else): see {@link Outbox#cancelForDevice} and {@link
 * Outbox#cancelForOtherHolders}. Runs in the caller's transaction.
 */
public final class DeviceDeliveries {

  private static final Outbox OUTBOX = new Outbox();

  private DeviceDeliveries() {}

  /** Cancels every push still to go to this phone (signed out or retired). */
  public static Future<Void> cancel(SqlClient tx, UUID device, String reason) {
    return OUTBOX.cancelForDevice(tx, device, reason);
  }

  /** Cancels the pushes still to go to this phone for anyone but its new holder (a hand-over). */
  public static Future<Void> cancelForOthers(
      SqlClient tx, UUID device, UUID holder, String reason) {
    return OUTBOX.cancelForOtherHolders(tx, device, holder, reason);
  }
}
