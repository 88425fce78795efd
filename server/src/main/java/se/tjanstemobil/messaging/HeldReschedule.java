package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import se.tjanstemobil.availability.AvailabilityChanges;
import se.tjanstemobil.availability.Passes;
import se.tjanstemobil.availability.Profiles;
import se.tjanstemobil.availability.Profiles.Profile;
import se.tjanstemobil.availability.Reachability;

/**
 * When an employee's availability changes (a new shift, a sick day imported, do-not-disturb ended),
 * their held pushes move to the new next reachable time: earlier or later. Pushes held with no
 * known working time get one when a shift, a weekly pattern or an import gives them one (and lose
 * theirs when a change leaves none). Runs in the transaction of the change.
 */
public final class HeldReschedule implements AvailabilityChanges {

  private final Profiles profiles;
  private final Outbox outbox;
  private final Clock clock;

  public HeldReschedule(Profiles profiles, Outbox outbox, Clock clock) {
    this.profiles = profiles;
    this.outbox = outbox;
    this.clock = clock;
  }

  @Override
  public Future<Void> changed(SqlClient tx, UUID[] employees) {
    Instant now = clock.instant();
    return outbox
        .heldFor(tx, employees)
        .compose(
            held ->
                held.isEmpty()
                    ? Future.succeededFuture()
                    : profiles
                        .load(tx, employees, now)
                        .compose(
                            loaded -> outbox.reschedule(tx, held, dues(held, loaded, now), now)));
  }

  // A held push waits for the next working time, an URGENT one too (only an absence holds URGENT
  // back, and after it comes their working time, not a break-through).
  private static List<OffsetDateTime> dues(
      List<Outbox.Held> held, Map<UUID, Profile> profiles, Instant now) {
    List<OffsetDateTime> due = new ArrayList<>(held.size());
    for (Outbox.Held h : held) {
      Instant from = h.sendAt().isAfter(now) ? h.sendAt() : now;
      Reachability.Plan plan = Reachability.plan(profiles.get(h.employee()), from, Passes.NONE);
      due.add(plan.reachableAt() == null ? null : plan.reachableAt().atOffset(ZoneOffset.UTC));
    }
    return due;
  }
}
