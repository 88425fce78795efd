package se.tjanstemobil.availability;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every writer of availability tells this one, in its transaction; it tells each feature that
 * listens (messaging moves the pushes held for them), one after the other. With none listening a
 * change tells nobody.
 */
final class ChangeListeners implements AvailabilityChanges {

  private final List<AvailabilityChanges> listeners = new CopyOnWriteArrayList<>();

  void add(AvailabilityChanges listener) {
    listeners.add(listener);
  }

  @Override
  public Future<Void> changed(SqlClient tx, UUID[] employees) {
    Future<Void> told = Future.succeededFuture();
    for (AvailabilityChanges listener : listeners) {
      told = told.compose(v -> listener.changed(tx, employees));
    }
    return told;
  }
}
