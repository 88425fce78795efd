package se.tjanstemobil.agreements;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.jobs.Job;
import se.tjanstemobil.messaging.Notices;

/**
 * Before an agreement ends, its employee and its manager are reminded once. Each run marks the
 * agreements it reminds in the same statement that picks them (SKIP LOCKED, reminded_at), so
 * several instances running the job at once remind each agreement once.
 */
final class AgreementReminders {

  private static final Logger log = LoggerFactory.getLogger(AgreementReminders.class);

  private static final String DUE =
      """
    WITH due AS (
      SELECT id FROM remote_agreements
      WHERE status = 'APPROVED' AND reminded_at IS NULL AND valid_to >= $1 AND valid_to <= $1 + $2::integer
      ORDER BY valid_to LIMIT 500
      FOR UPDATE SKIP LOCKED
    )
    UPDATE remote_agreements a SET reminded_at = $3 FROM due WHERE a.id = due.id
    RETURNING a.id
    """;
  private static final String REMINDED = Agreement.SELECT + " WHERE a.id = ANY($1::uuid[])";

  private final Pool pool;
  private final AgreementStore store;
  private final AgreementPolicy policy;
  private final Notices notices;
  private final Duration period;

  AgreementReminders(
      Pool pool, AgreementStore store, AgreementPolicy policy, Notices notices, Duration period) {
    this.pool = pool;
    this.store = store;
    this.policy = policy;
    this.notices = notices;
    this.period = period;
  }

  /** The reminders as the server's job {@code agreement-reminders}. */
  Job job() {
    return new Job("agreement-reminders", period, this::remind);
  }

  /** Reminds every agreement due today; completes with how many. */
  Future<Integer> remind() {
    LocalDate today = store.today();
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(DUE)
                    .execute(Tuple.of(today, policy.reminderDaysBefore(), store.now()))
                    .compose(
                        due -> {
                          UUID[] ids = new UUID[due.size()];
                          int i = 0;
                          for (Row r : due) {
                            ids[i++] = r.getUUID("id");
                          }
                          return ids.length == 0
                              ? Future.succeededFuture(0)
                              : conn.preparedQuery(REMINDED)
                                  .execute(Tuple.of((Object) ids))
                                  .compose(
                                      rows -> {
                                        List<Notices.Notice> told = new ArrayList<>();
                                        for (Row r : rows) {
                                          Agreement a = Agreement.of(r);
                                          told.add(
                                              new Notices.Notice(
                                                  a.employeeId(),
                                                  null,
                                                  AgreementTexts.reminderTitle(),
                                                  AgreementTexts.reminderBody(a)));
                                          if (a.approverId() != null) {
                                            told.add(
                                                new Notices.Notice(
                                                    a.approverId(),
                                                    null,
                                                    AgreementTexts.reminderTitle(),
                                                    AgreementTexts.reminderBody(a)));
                                          }
                                        }
                                        return notices.send(conn, told).map(ids.length);
                                      });
                        }))
        .onSuccess(
            n -> {
              if (n > 0) {
                log.info(
                    "Reminded the parties of {} remote-work agreements that end within {} days",
                    n,
                    policy.reminderDaysBefore());
              }
            });
  }
}
