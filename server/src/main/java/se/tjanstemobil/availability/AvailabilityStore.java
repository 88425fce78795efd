package se.tjanstemobil.availability;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The SQL of an employee's own availability and of the scheduling system's import: profiles (weekly
 * pattern, do-not-disturb, preferences), dated periods, and the after-hours log a person reads.
 * {@link Profiles} reads what the rules need; {@link CrisisMode} keeps its one row.
 */
final class AvailabilityStore {

  /** A dated period as the employee sees it. */
  record OwnPeriod(
      UUID id,
      String kind,
      String absenceType,
      OffsetDateTime start,
      OffsetDateTime end,
      String source,
      String note) {}

  /** A period the employee registers. */
  record NewPeriod(
      UUID employee,
      String kind,
      String absenceType,
      OffsetDateTime start,
      OffsetDateTime end,
      String note) {}

  /** A message that broke through the employee's hours, for their own log. */
  record BreakThrough(
      UUID messageId,
      String title,
      String category,
      String urgentReason,
      UUID senderId,
      String senderName,
      String passed,
      OffsetDateTime at) {}

  /** A period from the scheduling system, for an employee already resolved. */
  record Imported(
      UUID employee,
      String kind,
      String absenceType,
      OffsetDateTime start,
      OffsetDateTime end,
      String note,
      String externalId) {}

  /**
   * What an imported period's upsert did: unchanged (nothing written), or created or updated, with
   * the employee it belonged to before (a period may move to another employee).
   */
  record Upserted(boolean unchanged, boolean created, UUID previousEmployee) {}

  /** The declared crisis (stabsläge): on or off, why, and who changed it last. */
  record Crisis(
      boolean active, String reason, OffsetDateTime changedAt, UUID byId, String byName) {}

  private static final String CRISIS =
      """
    SELECT c.active, c.reason, c.changed_at, e.id AS by_id, e.name AS by_name
    FROM crisis_mode c LEFT JOIN employees e ON e.id = c.changed_by
    """;
  private static final String SET_CRISIS =
      """
    UPDATE crisis_mode SET active = $1, reason = $2, changed_by = $3, changed_at = now()
    RETURNING (SELECT active FROM crisis_mode) AS was_active
    """;
  private static final String CRISIS_ACTIVE = "SELECT active FROM crisis_mode";

  private static final String PERIODS =
      """
    SELECT id, kind, absence_type, start_at, end_at, source, note FROM availability_periods
    WHERE employee_id = $1 AND end_at > $2 ORDER BY start_at, id LIMIT 200
    """;
  private static final String ENSURE_PROFILE =
      "INSERT INTO availability_profiles (employee_id) VALUES ($1) ON CONFLICT (employee_id) DO NOTHING";
  private static final String SET_WEEKLY =
      "UPDATE availability_profiles SET weekly = $2, mode = $3, updated_at = now() WHERE employee_id = $1";
  private static final String SET_DND =
      "UPDATE availability_profiles SET dnd_until = $2, updated_at = now() WHERE employee_id = $1";
  private static final String SET_PREFERENCES =
      """
    UPDATE availability_profiles SET digest = coalesce($2, digest), hide_outside_hours = coalesce($3, hide_outside_hours),
      muted_categories = coalesce($4, muted_categories), updated_at = now()
    WHERE employee_id = $1
    """;
  private static final String INSERT_PERIOD =
      """
    INSERT INTO availability_periods (employee_id, kind, absence_type, start_at, end_at, note)
    VALUES ($1, $2, $3, $4, $5, $6)
    RETURNING id, kind, absence_type, start_at, end_at, source, note
    """;
  private static final String FIND_PERIOD =
      "SELECT source FROM availability_periods WHERE id = $1 AND employee_id = $2";
  private static final String DELETE_PERIOD =
      "DELETE FROM availability_periods WHERE id = $1 AND employee_id = $2";
  private static final String AFTER_HOURS_LOG =
      """
    SELECT b.message_id, b.passed, b.at, m.title, m.category, m.urgent_reason, s.id AS sender_id, s.name AS sender_name
    FROM break_throughs b JOIN messages m ON m.id = b.message_id JOIN employees s ON s.id = b.sender_id
    WHERE b.employee_id = $1 AND ($2::timestamptz IS NULL OR (b.at, b.message_id) < ($2, $3::uuid))
    ORDER BY b.at DESC, b.message_id DESC
    LIMIT $4
    """;
  private static final String ACTIVE_EMPLOYEES =
      "SELECT id, external_id FROM employees WHERE external_id = ANY($1::text[]) AND status = 'ACTIVE'";
  private static final String UPSERT_IMPORTED =
      """
    INSERT INTO availability_periods AS p (employee_id, kind, absence_type, start_at, end_at, note, source, external_id)
    VALUES ($1, $2, $3, $4, $5, $6, 'IMPORT', $7)
    ON CONFLICT (external_id) DO UPDATE SET employee_id = excluded.employee_id, kind = excluded.kind,
      absence_type = excluded.absence_type, start_at = excluded.start_at, end_at = excluded.end_at, note = excluded.note
    WHERE (p.employee_id, p.kind, p.absence_type, p.start_at, p.end_at, p.note)
      IS DISTINCT FROM (excluded.employee_id, excluded.kind, excluded.absence_type, excluded.start_at, excluded.end_at, excluded.note)
    RETURNING (xmax = 0) AS created, (SELECT employee_id FROM availability_periods WHERE external_id = $7) AS previous_employee
    """;
  private static final String REMOVE_IMPORTED =
      """
    DELETE FROM availability_periods WHERE external_id = ANY($1::text[]) AND source = 'IMPORT' RETURNING employee_id
    """;
  private static final String SHIFT_WORKERS =
      """
    INSERT INTO availability_profiles (employee_id, mode) SELECT unnest($1::uuid[]), 'SHIFTS'
    ON CONFLICT (employee_id) DO UPDATE SET mode = 'SHIFTS', updated_at = now()
    """;

  /** The employee's periods that have not ended by {@code now}, the first 200. */
  Future<List<OwnPeriod>> periods(SqlClient db, UUID employee, OffsetDateTime now) {
    return run(db, PERIODS, Tuple.of(employee, now))
        .map(
            rows -> {
              List<OwnPeriod> periods = new ArrayList<>();
              rows.forEach(r -> periods.add(period(r)));
              return periods;
            });
  }

  /** The profile row, created with the defaults if the employee has none yet. */
  Future<Void> ensureProfile(SqlClient tx, UUID employee) {
    return run(tx, ENSURE_PROFILE, Tuple.of(employee)).mapEmpty();
  }

  /** The weekly pattern (null: the organisation's default) and the schedule mode. */
  Future<Void> setWeekly(SqlClient tx, UUID employee, JsonArray weekly, String mode) {
    return run(tx, SET_WEEKLY, Tuple.of(employee, weekly, mode)).mapEmpty();
  }

  /** Do-not-disturb until then, or off with null. */
  Future<Void> setDoNotDisturb(SqlClient tx, UUID employee, OffsetDateTime until) {
    return run(tx, SET_DND, Tuple.tuple().addValue(employee).addValue(until)).mapEmpty();
  }

  /** The preferences given; a null one stays as it is. */
  Future<Void> setPreferences(
      SqlClient tx, UUID employee, Boolean digest, Boolean hideOutsideHours, String[] muted) {
    Tuple args =
        Tuple.tuple()
            .addValue(employee)
            .addValue(digest)
            .addValue(hideOutsideHours)
            .addValue(muted);
    return run(tx, SET_PREFERENCES, args).mapEmpty();
  }

  Future<OwnPeriod> insertPeriod(SqlClient tx, NewPeriod p) {
    Tuple args = Tuple.of(p.employee(), p.kind(), p.absenceType(), p.start(), p.end(), p.note());
    return run(tx, INSERT_PERIOD, args).map(rows -> period(rows.iterator().next()));
  }

  /** Where the employee's period came from (SELF or IMPORT), or empty when it is not theirs. */
  Future<Optional<String>> periodSource(SqlClient tx, UUID id, UUID employee) {
    return run(tx, FIND_PERIOD, Tuple.of(id, employee))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(rows.iterator().next().getString("source")));
  }

  Future<Void> deletePeriod(SqlClient tx, UUID id, UUID employee) {
    return run(tx, DELETE_PERIOD, Tuple.of(id, employee)).mapEmpty();
  }

  /** The employee's after-hours log, newest first, after a position; {@code limit} entries. */
  Future<List<BreakThrough>> afterHoursLog(
      SqlClient db, UUID employee, OffsetDateTime afterAt, UUID afterId, int limit) {
    return run(db, AFTER_HOURS_LOG, Tuple.of(employee, afterAt, afterId, limit))
        .map(
            rows -> {
              List<BreakThrough> log = new ArrayList<>();
              for (Row r : rows) {
                log.add(
                    new BreakThrough(
                        r.getUUID("message_id"),
                        r.getString("title"),
                        r.getString("category"),
                        r.getString("urgent_reason"),
                        r.getUUID("sender_id"),
                        r.getString("sender_name"),
                        r.getString("passed"),
                        r.getOffsetDateTime("at")));
              }
              return log;
            });
  }

  /** The active employees among these HSA-ids, by HSA-id. */
  Future<Map<String, UUID>> activeEmployees(SqlClient tx, List<String> externalIds) {
    return run(tx, ACTIVE_EMPLOYEES, Tuple.of((Object) externalIds.toArray(new String[0])))
        .map(
            rows -> {
              Map<String, UUID> employees = new HashMap<>();
              rows.forEach(r -> employees.put(r.getString("external_id"), r.getUUID("id")));
              return employees;
            });
  }

  /** Writes the imported periods in one batch; one answer per period, in order. */
  Future<List<Upserted>> upsertImported(SqlClient tx, List<Imported> periods) {
    if (periods.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Tuple> batch =
        periods.stream()
            .map(
                p ->
                    Tuple.from(
                        new Object[] {
                          p.employee(),
                          p.kind(),
                          p.absenceType(),
                          p.start(),
                          p.end(),
                          p.note(),
                          p.externalId()
                        }))
            .toList();
    return tx.preparedQuery(UPSERT_IMPORTED)
        .executeBatch(batch)
        .map(
            first -> {
              List<Upserted> answers = new ArrayList<>();
              for (RowSet<Row> r = first; r != null; r = r.next()) {
                if (r.rowCount() == 0) {
                  answers.add(new Upserted(true, false, null));
                } else {
                  Row row = r.iterator().next();
                  answers.add(
                      new Upserted(
                          false, row.getBoolean("created"), row.getUUID("previous_employee")));
                }
              }
              return answers;
            });
  }

  /** Removes the imported periods with these ids; whose they were (one entry per period). */
  Future<List<UUID>> removeImported(SqlClient tx, List<String> externalIds) {
    if (externalIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return run(tx, REMOVE_IMPORTED, Tuple.of((Object) externalIds.toArray(new String[0])))
        .map(
            rows -> {
              List<UUID> owners = new ArrayList<>();
              rows.forEach(r -> owners.add(r.getUUID("employee_id")));
              return owners;
            });
  }

  /** These employees are reachable by their shifts only from now on. */
  Future<Void> makeShiftWorkers(SqlClient tx, Set<UUID> employees) {
    if (employees.isEmpty()) {
      return Future.succeededFuture();
    }
    return run(tx, SHIFT_WORKERS, Tuple.of((Object) employees.toArray(new UUID[0]))).mapEmpty();
  }

  /** The crisis row (there is always exactly one, V4). */
  static Future<Crisis> crisis(SqlClient db) {
    return db.query(CRISIS)
        .execute()
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new Crisis(
                  r.getBoolean("active"),
                  r.getString("reason"),
                  r.getOffsetDateTime("changed_at"),
                  r.getUUID("by_id"),
                  r.getString("by_name"));
            });
  }

  /** Switches the crisis on or off; whether it was on before. */
  static Future<Boolean> setCrisis(SqlClient tx, boolean active, String reason, UUID by) {
    return run(tx, SET_CRISIS, Tuple.of(active, reason, by))
        .map(rows -> rows.iterator().next().getBoolean("was_active"));
  }

  static Future<Boolean> crisisActive(SqlClient db) {
    return db.query(CRISIS_ACTIVE)
        .execute()
        .map(rows -> rows.iterator().next().getBoolean("active"));
  }

  private static Future<RowSet<Row>> run(SqlClient db, String sql, Tuple args) {
    return db.preparedQuery(sql).execute(args);
  }

  private static OwnPeriod period(Row r) {
    return new OwnPeriod(
        r.getUUID("id"),
        r.getString("kind"),
        r.getString("absence_type"),
        r.getOffsetDateTime("start_at"),
        r.getOffsetDateTime("end_at"),
        r.getString("source"),
        r.getString("note"));
  }
}
