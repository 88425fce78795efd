package se.tjanstemobil.availability;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.UUID;

/**
 * Told, inside the transaction that changed it, that these employees' availability changed, so
 * pushes held for them can move to their new next reachable time (messaging implements it).
 */
@FunctionalInterface
public interface AvailabilityChanges {
  Future<Void> changed(SqlClient tx, UUID[] employees);
}
