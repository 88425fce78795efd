package se.tjanstemobil.org;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The HR import tells this one who moved and who left; it tells each feature that listens
 * (agreements), one after the other, in the import's transaction. With none listening it tells
 * nobody.
 */
final class OrgChangeListeners implements OrgChanges {

  private final List<OrgChanges> listeners = new CopyOnWriteArrayList<>();

  void add(OrgChanges listener) {
    listeners.add(listener);
  }

  @Override
  public Future<Void> apply(SqlConnection conn, List<UUID> moved, List<UUID> left, UUID actor) {
    Future<Void> told = Future.succeededFuture();
    for (OrgChanges listener : listeners) {
      told = told.compose(v -> listener.apply(conn, moved, left, actor));
    }
    return told;
  }
}
