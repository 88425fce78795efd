package se.tjanstemobil.agreements;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.messaging.Notices;
import se.tjanstemobil.org.OrgChanges;

/**
 * Agreements follow their employee through the HR import: a leaver's agreements in force end today
 * (one not yet begun is never in force) and undecided ones are withdrawn; someone who moves takes
 * their undecided and in-force agreements to the new unit, where the nearest manager now decides
 * and follows up (and is told of any waiting for a decision).
 */
final class AgreementOrgChanges implements OrgChanges {

  static final String LEFT_REASON = "Employment ended";

  private static final String END_FOR_LEAVERS =
      """
    UPDATE remote_agreements SET status = 'TERMINATED', ends_on = greatest($2::date, valid_from - 1), termination_reason = $3,
      terminated_by = $4, updated_at = $5
    WHERE employee_id = ANY($1::uuid[]) AND status = 'APPROVED' AND valid_to >= $2
    RETURNING id, 'APPROVED' AS from_status, 'TERMINATED' AS to_status
    """;
  private static final String WITHDRAW_FOR_LEAVERS =
      """
    UPDATE remote_agreements SET status = 'WITHDRAWN', updated_at = $2 WHERE employee_id = ANY($1::uuid[]) AND status IN ('DRAFT', 'SUBMITTED')
    RETURNING id, 'SUBMITTED' AS from_status, 'WITHDRAWN' AS to_status
    """;
  private static final String TO_MOVE =
      """
    SELECT a.id, a.status, e.unit_id AS new_unit, a.employee_id FROM remote_agreements a JOIN employees e ON e.id = a.employee_id
    WHERE a.employee_id = ANY($1::uuid[]) AND e.status = 'ACTIVE' AND e.unit_id IS NOT NULL
      AND (a.status = 'SUBMITTED' OR (a.status IN ('APPROVED', 'TERMINATED') AND coalesce(a.ends_on, a.valid_to) >= $2))
    """;
  private static final String MOVE =
      "UPDATE remote_agreements SET unit_id = $2, approver_id = $3, updated_at = $4 WHERE id = $1";

  private final AgreementStore store;
  private final Notices notices;

  AgreementOrgChanges(AgreementStore store, Notices notices) {
    this.store = store;
    this.notices = notices;
  }

  @Override
  public Future<Void> apply(SqlConnection conn, List<UUID> moved, List<UUID> left, UUID actor) {
    UUID[] leavers = left.toArray(new UUID[0]);
    Future<Void> leaving =
        left.isEmpty()
            ? Future.succeededFuture()
            : conn.preparedQuery(END_FOR_LEAVERS)
                .execute(
                    Tuple.tuple()
                        .addValue(leavers)
                        .addValue(store.today())
                        .addValue(LEFT_REASON)
                        .addValue(actor)
                        .addValue(store.now()))
                .compose(
                    ended ->
                        conn.preparedQuery(WITHDRAW_FOR_LEAVERS)
                            .execute(Tuple.tuple().addValue(leavers).addValue(store.now()))
                            .compose(
                                withdrawn -> {
                                  Future<Void> chain = Future.succeededFuture();
                                  for (Row r : ended) {
                                    chain =
                                        chain.compose(
                                            v ->
                                                store.record(
                                                    conn,
                                                    r.getUUID("id"),
                                                    actor,
                                                    AgreementStatus.APPROVED,
                                                    AgreementStatus.TERMINATED,
                                                    LEFT_REASON));
                                  }
                                  for (Row r : withdrawn) {
                                    chain =
                                        chain.compose(
                                            v ->
                                                store.record(
                                                    conn,
                                                    r.getUUID("id"),
                                                    actor,
                                                    null,
                                                    AgreementStatus.WITHDRAWN,
                                                    LEFT_REASON));
                                  }
                                  return chain;
                                }));
    return leaving.compose(
        v ->
            moved.isEmpty()
                ? Future.succeededFuture()
                : move(conn, moved.toArray(new UUID[0]), actor));
  }

  private Future<Void> move(SqlConnection conn, UUID[] movers, UUID actor) {
    return conn.preparedQuery(TO_MOVE)
        .execute(Tuple.of(movers, store.today()))
        .compose(
            rows -> {
              List<Notices.Notice> told = new ArrayList<>();
              Future<Void> chain = Future.succeededFuture();
              for (Row r : rows) {
                UUID id = r.getUUID("id");
                UUID unit = r.getUUID("new_unit");
                boolean pending = "SUBMITTED".equals(r.getString("status"));
                chain =
                    chain.compose(
                        v ->
                            store
                                .approver(conn, unit, r.getUUID("employee_id"))
                                .compose(
                                    approver -> {
                                      UUID approverId =
                                          approver == null ? null : approver.getUUID("id");
                                      return conn.preparedQuery(MOVE)
                                          .execute(Tuple.of(id, unit, approverId, store.now()))
                                          .compose(
                                              x ->
                                                  pending && approverId != null
                                                      ? store
                                                          .load(conn, id)
                                                          .map(
                                                              a -> {
                                                                told.add(
                                                                    new Notices.Notice(
                                                                        approverId,
                                                                        actor,
                                                                        AgreementTexts.movedTitle(),
                                                                        AgreementTexts.movedBody(
                                                                            a)));
                                                                return null;
                                                              })
                                                      : Future.succeededFuture());
                                    }));
              }
              return chain.compose(v -> notices.send(conn, told));
            });
  }
}
