package se.tjanstemobil.agreements;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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

  /** The employee and the manager of each agreement, told it ends soon. */
  private static List<Notices.Notice> told(List<Agreement> due, LocalDate today) {
    List<Notices.Notice> told = new ArrayList<>();
    for (Agreement a : due) {
      told.add(
          new Notices.Notice(
              a.employeeId(),
              null,
              AgreementTexts.reminderTitle(),
              AgreementTexts.reminderBody(a, today)));
      if (a.approverId() != null) {
        told.add(
            new Notices.Notice(
                a.approverId(),
                null,
                AgreementTexts.reminderTitle(),
                AgreementTexts.reminderBody(a, today)));
      }
    }
    return told;
  }

  /** Reminds every agreement due today; completes with how many. */
  Future<Integer> remind() {
    return pool.withTransaction(
            tx ->
                store
                    .markReminded(tx, policy.reminderDaysBefore())
                    .compose(due -> notices.send(tx, told(due, store.today())).map(due.size())))
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
