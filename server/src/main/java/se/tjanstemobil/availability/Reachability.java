package se.tjanstemobil.availability;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What messaging asks availability, in bulk: for each of these employees, from when may a message
 * be pushed to them, and if that is later than asked, why it waits; if the message passes their
 * availability (URGENT), what it passed.
 */
public final class Reachability {

  /**
   * One recipient's plan. reachableAt: when the push may go (at, when reachable then; null when it
   * is held and no working time of theirs is known: no time is made up, a change of their
   * availability gives it one). held: why it waits (null when it does not). passed: what an URGENT
   * message broke through (null when the recipient was reachable anyway or it was held).
   */
  public record Plan(Profiles.Profile profile, Instant reachableAt, Reason held, Reason passed) {
    public boolean isHeld() {
      return held != null;
    }
  }

  private final Profiles profiles;

  public Reachability(Profiles profiles) {
    this.profiles = profiles;
  }

  public Future<Map<UUID, Plan>> plan(SqlClient db, UUID[] employees, Instant at, Passes passes) {
    return profiles.load(db, employees, at).map(loaded -> plans(loaded, at, passes));
  }

  /**
   * The plans of the employees a query selects (a WITH clause defining recipients(id), see {@link
   * Profiles#load(SqlClient, String, io.vertx.sqlclient.Tuple, Instant)}), in its order.
   */
  public Future<Map<UUID, Plan>> plan(
      SqlClient db, String selection, Tuple args, Instant at, Passes passes) {
    return profiles.load(db, selection, args, at).map(loaded -> plans(loaded, at, passes));
  }

  // Identity on purpose: the shared plan is reused as it is only for the very profile it was
  // computed for; every other profile with the same schedule gets a copy naming it.
  @SuppressWarnings("ReferenceEquality")
  private static Map<UUID, Plan> plans(
      Map<UUID, Profiles.Profile> loaded, Instant at, Passes passes) {
    Map<UUID, Plan> plans = new LinkedHashMap<>(loaded.size() * 2);
    // Schedules are values: everyone on the same pattern in the same zone with the same dated
    // periods (a ward on one rota) gets the same answer, computed once.
    Map<Schedule, Plan> shared = new HashMap<>();
    for (Profiles.Profile p : loaded.values()) {
      Plan plan = shared.computeIfAbsent(p.schedule(), k -> plan(p, at, passes));
      plans.put(
          p.id(),
          plan.profile() == p ? plan : new Plan(p, plan.reachableAt(), plan.held(), plan.passed()));
    }
    return plans;
  }

  /**
   * One employee's plan for a message with these passes, asked at `at`. What the passes do not let
   * through waits for the next working time: an URGENT message an absence holds back is not pushed
   * at the absence's last minute (midnight, off duty) but when they next work.
   */
  public static Plan plan(Profiles.Profile p, Instant at, Passes passes) {
    Status now = AvailabilityRules.statusAt(p.schedule(), at);
    if (now.reachable()) {
      return new Plan(p, at, null, null);
    }
    if (passes != Passes.NONE
        && at.equals(AvailabilityRules.nextReachable(p.schedule(), at, passes))) {
      return new Plan(p, at, null, now.reason());
    }
    return new Plan(
        p, AvailabilityRules.nextReachable(p.schedule(), at, Passes.NONE), now.reason(), null);
  }
}
