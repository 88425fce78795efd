package se.tjanstemobil.availability;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Loads, in bulk, what decides when employees are reachable and how they want to be notified. */
public final class Profiles {

  /** One employee's availability and notification preferences. */
  public record Profile(
      UUID id,
      String locale,
      Schedule schedule,
      boolean customWeekly,
      boolean digest,
      boolean hideOutsideHours,
      Set<String> mutedCategories) {
    public ZoneId zone() {
      return schedule.zone();
    }
  }

  /** Selects employees by id: $1 uuid[]. */
  private static final String BY_IDS = "WITH recipients(id) AS (SELECT unnest($1::uuid[]))\n";

  // The selection is a CTE named recipients(id); $at is the parameter after the selection's own.
  private static final String PROFILES =
      """
    SELECT e.id, e.time_zone, e.locale, p.weekly, coalesce(p.mode, 'WEEKLY') AS mode, p.dnd_until,
           coalesce(p.digest, true) AS digest, coalesce(p.hide_outside_hours, false) AS hide,
           coalesce(p.muted_categories, '{}') AS muted
    FROM recipients r JOIN employees e ON e.id = r.id
    LEFT JOIN availability_profiles p ON p.employee_id = e.id
    """;
  // Shifts that started up to two days before still decide whether that day's pattern applies.
  private static final String PERIODS =
      """
    SELECT employee_id, kind, start_at, end_at FROM availability_periods
    WHERE employee_id IN (SELECT id FROM recipients) AND end_at > $at::timestamptz - interval '2 days'
      AND start_at < $at::timestamptz + interval '400 days'
    """;

  private final List<WeeklyInterval> organisationDefault;

  public Profiles(List<WeeklyInterval> organisationDefault) {
    this.organisationDefault = List.copyOf(organisationDefault);
  }

  /** The profiles of these employees, with their periods around `at` (unknown ids are left out). */
  public Future<Map<UUID, Profile>> load(SqlClient db, UUID[] ids, Instant at) {
    return load(db, BY_IDS, Tuple.of((Object) ids), at);
  }

  /**
   * The profiles of the employees a query selects, in the order it selects them: `selection` is a
   * WITH clause defining recipients(id) with `args` as its parameters. A large audience is selected
   * where it is, not carried to the server and back as 100,000 ids.
   */
  public Future<Map<UUID, Profile>> load(SqlClient db, String selection, Tuple args, Instant at) {
    String atParam = "$" + (args.size() + 1);
    Tuple withAt = Tuple.tuple();
    for (int i = 0; i < args.size(); i++) {
      withAt.addValue(args.getValue(i));
    }
    withAt.addValue(at.atOffset(ZoneOffset.UTC));
    Future<Map<UUID, List<Period>>> periods =
        db.preparedQuery(selection + PERIODS.replace("$at", atParam))
            .execute(withAt)
            .map(
                rows -> {
                  Map<UUID, List<Period>> byEmployee = new HashMap<>();
                  for (Row r : rows) {
                    byEmployee
                        .computeIfAbsent(r.getUUID("employee_id"), k -> new ArrayList<>())
                        .add(
                            new Period(
                                PeriodKind.valueOf(r.getString("kind")),
                                r.getOffsetDateTime("start_at").toInstant(),
                                r.getOffsetDateTime("end_at").toInstant()));
                  }
                  return byEmployee;
                });
    // Both queries go out at once (pipelined on one connection); the periods are decoded while
    // PostgreSQL answers the second.
    var profileRows = db.preparedQuery(selection + PROFILES).execute(args);
    return Future.all(periods, profileRows)
        .map(
            all -> {
              Map<UUID, List<Period>> p = periods.result();
              var rows = profileRows.result();
              Map<UUID, Profile> out = new LinkedHashMap<>(rows.size() * 2);
              Map<String, ZoneId> zones = new HashMap<>();
              Map<String, List<WeeklyInterval>> patterns = new HashMap<>();
              for (Row r : rows) {
                UUID id = r.getUUID("id");
                ZoneId zone = zones.computeIfAbsent(r.getString("time_zone"), ZoneId::of);
                Object weeklyJson = r.getValue("weekly");
                // Most employees share a pattern: parse each distinct one once.
                List<WeeklyInterval> weekly =
                    weeklyJson == null
                        ? organisationDefault
                        : patterns.computeIfAbsent(
                            weeklyJson.toString(),
                            json -> WeeklyPattern.fromJson(new JsonArray(json)));
                var dnd = r.getOffsetDateTime("dnd_until");
                Schedule schedule =
                    new Schedule(
                        zone,
                        ScheduleMode.valueOf(r.getString("mode")),
                        weekly,
                        p.getOrDefault(id, List.of()),
                        dnd == null ? null : dnd.toInstant());
                out.put(
                    id,
                    new Profile(
                        id,
                        r.getString("locale"),
                        schedule,
                        weeklyJson != null,
                        r.getBoolean("digest"),
                        r.getBoolean("hide"),
                        Set.of(r.getArrayOfStrings("muted"))));
              }
              return out;
            });
  }
}
