package se.tjanstemobil.org;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/**
 * What features do when the HR import moves or ends someone's employment, in the import's
 * transaction (after units, employees and roles are written), so it all commits together.
 */
public interface OrgChanges {

  /** Nothing to do. */
  OrgChanges NONE = (conn, moved, left, actor) -> Future.succeededFuture();

  Future<Void> apply(SqlConnection conn, List<UUID> moved, List<UUID> left, UUID actor);
}
