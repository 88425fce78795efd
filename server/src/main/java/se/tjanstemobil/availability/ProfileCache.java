package se.tjanstemobil.availability;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recently loaded availability profiles, for GET /me's reachableNow: the app calls /me often, and
 * two queries a call cost most of its throughput. An entry lives {@link #TTL_MILLIS}; a change on
 * this instance drops it at once, a change on another instance shows within that time. Whether
 * someone is reachable is still computed at each call, from the cached schedule. Planning a send
 * never uses it: it reads availability fresh in its transaction.
 *
 * <p>The entries' ages are measured on the system's clock, not the server's: a TTL is real time
 * passing (a test's clock that jumps a day must not keep or expire entries).
 */
final class ProfileCache {

  static final long TTL_MILLIS = 30_000;

  /** Past this many entries the cache starts over, bounding its memory. */
  static final int MAX_ENTRIES = 50_000;

  private record Entry(Profiles.Profile profile, long loadedAt) {}

  /** A computed reachableNow block, valid until its status or its wording changes. */
  private record Answer(JsonObject now, Instant validUntil, long loadedAt) {}

  private final Map<UUID, Answer> answers = new ConcurrentHashMap<>();

  private final Profiles profiles;
  private final Clock clock;
  private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();

  ProfileCache(Profiles profiles, Clock clock) {
    this.profiles = profiles;
    this.clock = clock;
  }

  Future<Profiles.Profile> get(SqlClient db, UUID employee) {
    long now = System.currentTimeMillis();
    Entry e = entries.get(employee);
    if (e != null && now - e.loadedAt() < TTL_MILLIS) {
      return Future.succeededFuture(e.profile());
    }
    return profiles
        .load(db, new UUID[] {employee}, clock.instant())
        .map(
            loaded -> {
              Profiles.Profile p = loaded.get(employee);
              if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
              }
              entries.put(employee, new Entry(p, now));
              return p;
            });
  }

  /** The reachableNow block for this employee now, computed at most once per change of it. */
  Future<JsonObject> now(SqlClient db, UUID employee) {
    Instant at = clock.instant();
    Answer a = answers.get(employee);
    if (a != null
        && at.isBefore(a.validUntil())
        && System.currentTimeMillis() - a.loadedAt() < TTL_MILLIS) {
      return Future.succeededFuture(a.now());
    }
    return get(db, employee)
        .map(
            p -> {
              Status status = AvailabilityRules.statusAt(p.schedule(), at);
              JsonObject block = AvailabilityJson.now(status, p, at);
              // The wording depends on the day ("till kl. 16:00" later today, the year only in
              // another year): it holds until midnight at most.
              Instant midnight =
                  at.atZone(p.zone()).toLocalDate().plusDays(1).atStartOfDay(p.zone()).toInstant();
              Instant until =
                  status.until() == null || status.until().isAfter(midnight)
                      ? midnight
                      : status.until();
              if (answers.size() >= MAX_ENTRIES) {
                answers.clear();
              }
              answers.put(employee, new Answer(block, until, System.currentTimeMillis()));
              return block;
            });
  }

  void invalidate(UUID... employees) {
    for (UUID id : employees) {
      entries.remove(id);
      answers.remove(id);
    }
  }
}
