package se.tjanstemobil.agreements;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.messaging.Notices;
import se.tjanstemobil.org.OrgChanges;

/**
 * Agreements follow their employee through the HR import: a leaver's agreements in force end today
 * (one not yet begun is never in force) and undecided ones are withdrawn; someone who moves takes
 * their undecided and in-force agreements to the new unit, where the nearest manager now decides
 * and follows up (and is told of any waiting for a decision). Each is one statement over all of
 * them.
 */
final class AgreementOrgChanges implements OrgChanges {

  private final AgreementStore store;
  private final Notices notices;

  AgreementOrgChanges(AgreementStore store, Notices notices) {
    this.store = store;
    this.notices = notices;
  }

  @Override
  public Future<Void> apply(SqlConnection conn, List<UUID> moved, List<UUID> left, UUID actor) {
    return store
        .endForLeavers(conn, left, actor)
        .compose(v -> store.moveWithTheirEmployees(conn, moved))
        .compose(toDecide -> store.loadAll(conn, toDecide))
        .compose(toDecide -> notices.send(conn, toldOfMoves(toDecide, actor, store.today())));
  }

  /** The new approver of each agreement that moved while it waits for a decision. */
  private static List<Notices.Notice> toldOfMoves(
      List<Agreement> toDecide, UUID actor, LocalDate today) {
    return toDecide.stream()
        .map(
            a ->
                new Notices.Notice(
                    a.approverId(),
                    actor,
                    AgreementTexts.movedTitle(),
                    AgreementTexts.movedBody(a, today)))
        .toList();
  }
}
