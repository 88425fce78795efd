package se.tjanstemobil.agreements;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import se.tjanstemobil.db.SqlErrors;
import se.tjanstemobil.http.Page;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Times;
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.org.UnitTree;

/**
 * The agreements' SQL: reading one, the transitions (each guarded by the state it comes from, so
 * two parties acting at once cannot both win), the record of each transition, and the approver.
 */
final class AgreementStore {

  private static final String ONE = Agreement.SELECT + " WHERE a.id = $1";
  private static final String EVENTS =
      """
    SELECT v.at, v.from_status, v.to_status, v.comment, e.id AS actor_id, e.name AS actor_name
    FROM remote_agreement_events v LEFT JOIN employees e ON e.id = v.actor_id WHERE v.agreement_id = $1 ORDER BY v.id
    """;
  private static final String RECORD =
      """
    INSERT INTO remote_agreement_events (agreement_id, at, actor_id, from_status, to_status, comment) VALUES ($1, $2, $3, $4, $5, $6)
    """;
  // Each unit ($units) and the units above it, with how far up: up(unit, id, parent_id, depth).
  private static final String UNITS_UP =
      """
    up(unit, id, parent_id, depth) AS (
      SELECT u.id, u.id, u.parent_id, 0 FROM units u WHERE u.id = ANY(%s)
      UNION ALL
      SELECT up.unit, p.id, p.parent_id, up.depth + 1 FROM units p JOIN up ON p.id = up.parent_id
    )""";
  // The active MANAGERs of a unit or a unit above it (from up), nearest first.
  private static final String MANAGERS_UP =
      """
    FROM up JOIN role_grants g ON g.role = 'MANAGER' AND g.unit_id = up.id
    JOIN employees e ON e.id = g.employee_id AND e.status = 'ACTIVE'
    """;
  private static final String NEAREST_FIRST = "ORDER BY up.depth, e.name, e.id LIMIT 1";
  // The nearest MANAGER of the employee's unit or a unit above it; never the employee.
  private static final String APPROVER =
      "WITH RECURSIVE "
          + UNITS_UP.formatted("ARRAY[$1::uuid]")
          + "\nSELECT g.employee_id AS id, e.name "
          + MANAGERS_UP
          + "WHERE g.employee_id <> $2 "
          + NEAREST_FIRST;
  // Agreements of people who moved ($1) go with them to their new unit, to its nearest manager.
  // Those undecided, and those in force or not yet begun; the ids of those waiting for a decision
  // that have someone to decide.
  private static final String MOVE =
      """
    WITH RECURSIVE moving AS (
      SELECT a.id, e.unit_id AS new_unit, a.employee_id FROM remote_agreements a JOIN employees e ON e.id = a.employee_id
      WHERE a.employee_id = ANY($1::uuid[]) AND e.status = 'ACTIVE' AND e.unit_id IS NOT NULL
        AND (a.status = 'SUBMITTED' OR (a.status IN ('APPROVED', 'TERMINATED') AND coalesce(a.ends_on, a.valid_to) >= $2))
    ), %s, decider AS (
      SELECT m.id, m.new_unit, (SELECT g.employee_id %s WHERE up.unit = m.new_unit AND g.employee_id <> m.employee_id %s)
             AS approver_id
      FROM moving m
    )
    UPDATE remote_agreements a SET unit_id = d.new_unit, approver_id = d.approver_id, updated_at = $3
    FROM decider d WHERE a.id = d.id
    RETURNING a.id, a.status = 'SUBMITTED' AND a.approver_id IS NOT NULL AS to_decide
    """
          .formatted(
              UNITS_UP.formatted("ARRAY(SELECT new_unit FROM moving)"), MANAGERS_UP, NEAREST_FIRST);
  // A leaver's agreements in force end today (one not yet begun ends before it begins), recorded.
  // No reason is written: the reader is told the employment ended, in their language
  // (Agreement.terminationReason).
  private static final String END_FOR_LEAVERS =
      """
    WITH ended AS (
      UPDATE remote_agreements SET status = 'TERMINATED', ends_on = greatest($2::date, valid_from - 1), termination_reason = NULL,
        terminated_by = $3, updated_at = $4
      WHERE employee_id = ANY($1::uuid[]) AND status = 'APPROVED' AND valid_to >= $2
      RETURNING id
    )
    INSERT INTO remote_agreement_events (agreement_id, at, actor_id, from_status, to_status, comment)
    SELECT id, $4, $3, 'APPROVED', 'TERMINATED', NULL FROM ended
    """;
  // A leaver's undecided agreements are withdrawn, recorded (with no from status, as always).
  private static final String WITHDRAW_FOR_LEAVERS =
      """
    WITH withdrawn AS (
      UPDATE remote_agreements SET status = 'WITHDRAWN', updated_at = $2
      WHERE employee_id = ANY($1::uuid[]) AND status IN ('DRAFT', 'SUBMITTED')
      RETURNING id
    )
    INSERT INTO remote_agreement_events (agreement_id, at, actor_id, from_status, to_status, comment)
    SELECT id, $2, $3, NULL, 'WITHDRAWN', NULL FROM withdrawn
    """;
  private static final String OVERLAPPING =
      """
    SELECT id, valid_from, coalesce(ends_on, valid_to) AS last_day FROM remote_agreements
    WHERE employee_id = $1 AND id <> $2 AND status IN ('APPROVED', 'TERMINATED')
      AND daterange(valid_from, coalesce(ends_on, valid_to) + 1, '[)') && daterange($3::date, $4::date + 1, '[)')
    LIMIT 1
    """;

  private static final String INSERT =
      """
    INSERT INTO remote_agreements (employee_id, valid_from, valid_to, weekdays, share_percent, places, tasks, working_hours,
      reachability, equipment, checklist, review_date, employee_comment, notice_days, renewal_of, idempotency_key, request_hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
    RETURNING id
    """;

  /** An employee's agreement by the Idempotency-Key of the request that created it. */
  static final String BY_KEY =
      "SELECT id, request_hash FROM remote_agreements WHERE employee_id = $1 AND idempotency_key = $2";

  private static final String MINE =
      Agreement.SELECT
          + " WHERE a.employee_id = $1 ORDER BY a.valid_from DESC, a.created_at DESC LIMIT 200";
  private static final String HUB_NAMES = "SELECT id, name FROM hubs WHERE id = ANY($1::uuid[])";
  private static final String UNIT_OF = "SELECT unit_id FROM employees WHERE id = $1";
  private static final String SAVE_DRAFT =
      """
    UPDATE remote_agreements SET valid_from = $2, valid_to = $3, weekdays = $4, share_percent = $5, places = $6, tasks = $7,
      working_hours = $8, reachability = $9, equipment = $10, checklist = $11, review_date = $12,
      employee_comment = $13, updated_at = $14
    WHERE id = $1 AND status = 'DRAFT'
    RETURNING id
    """;
  private static final String SUBMIT =
      """
    UPDATE remote_agreements SET status = 'SUBMITTED', unit_id = $2, approver_id = $3, submitted_at = $4, updated_at = $4,
      employee_comment = coalesce($5, employee_comment)
    WHERE id = $1 AND status = 'DRAFT'
    RETURNING id
    """;
  private static final String WITHDRAW =
      """
    UPDATE remote_agreements SET status = 'WITHDRAWN', updated_at = $2 WHERE id = $1 AND status IN ('DRAFT', 'SUBMITTED')
    RETURNING id
    """;
  private static final String DECIDE =
      """
    UPDATE remote_agreements SET status = $2, manager_comment = $3, decided_at = $4, decided_by = $5, updated_at = $4
    WHERE id = $1 AND status = 'SUBMITTED'
    RETURNING id
    """;
  private static final String TERMINATE =
      """
    UPDATE remote_agreements SET status = 'TERMINATED', ends_on = $3, termination_reason = $4, terminated_by = $5, updated_at = $2
    WHERE id = $1 AND status = 'APPROVED'
    RETURNING id
    """;

  /** The state shown today ($today), as AgreementStatus.shown computes it. */
  private static final String SHOWN =
      """
    CASE WHEN a.status = 'APPROVED' THEN CASE WHEN $1::date < a.valid_from THEN 'APPROVED' WHEN $1::date > a.valid_to THEN 'EXPIRED'
                                              ELSE 'ACTIVE' END
         WHEN a.status = 'TERMINATED' THEN CASE WHEN $1::date BETWEEN a.valid_from AND a.ends_on THEN 'ACTIVE' ELSE 'TERMINATED' END
         ELSE a.status END""";

  // $2 the units in scope (with their subunits), or everything for HR when $3; drafts are the
  // employee's own.
  private static final String IN_SCOPE =
      UnitTree.subtree(2)
          + """
    , visible AS (
      SELECT a.id, a.created_at, %s AS shown FROM remote_agreements a
      WHERE a.status <> 'DRAFT' AND ($3 OR a.unit_id IN (SELECT id FROM scope) OR a.approver_id = $4)
    )
    """
              .formatted(SHOWN);
  private static final String LIST =
      IN_SCOPE
          + """
    SELECT x.shown, a.*, e.name AS employee_name, e.locale AS employee_locale, u.name AS unit_name, ap.name AS approver_name,
           t.name AS terminated_by_name, d.name AS decided_by_name
    FROM visible x JOIN remote_agreements a ON a.id = x.id JOIN employees e ON e.id = a.employee_id
    LEFT JOIN units u ON u.id = a.unit_id LEFT JOIN employees ap ON ap.id = a.approver_id
    LEFT JOIN employees t ON t.id = a.terminated_by LEFT JOIN employees d ON d.id = a.decided_by
    WHERE ($5::text IS NULL OR x.shown = $5)
      AND ($6::timestamptz IS NULL OR (x.created_at, x.id) < ($6, $7::uuid))
    ORDER BY x.created_at DESC, x.id DESC
    LIMIT $8
    """;
  private static final String COUNTS =
      IN_SCOPE + "SELECT shown, count(*) AS n FROM visible GROUP BY shown";
  // $1 today, $2 root units (with subunits), $3 every unit.
  private static final String OVERVIEW =
      UnitTree.subtree(2)
          + """
    , shown AS (
      SELECT a.unit_id, %s AS shown, coalesce(a.ends_on, a.valid_to) AS last_day FROM remote_agreements a
      WHERE a.unit_id IS NOT NULL AND a.status IN ('SUBMITTED', 'APPROVED', 'TERMINATED')
        AND ($3 OR a.unit_id IN (SELECT id FROM scope))
    )
    SELECT s.unit_id, u.name AS unit_name,
           count(*) FILTER (WHERE s.shown = 'ACTIVE') AS active,
           count(*) FILTER (WHERE s.shown = 'ACTIVE' AND s.last_day <= $1::date + %d) AS expiring,
           count(*) FILTER (WHERE s.shown = 'APPROVED') AS approved,
           count(*) FILTER (WHERE s.shown = 'SUBMITTED') AS pending
    FROM shown s JOIN units u ON u.id = s.unit_id
    GROUP BY s.unit_id, u.name
    HAVING count(*) FILTER (WHERE s.shown IN ('ACTIVE', 'APPROVED', 'SUBMITTED')) > 0
    ORDER BY u.name, s.unit_id
    """
              .formatted(SHOWN, AgreementsOverview.EXPIRING_DAYS);
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
  private static final String BY_IDS = Agreement.SELECT + " WHERE a.id = ANY($1::uuid[])";

  private final Clock clock;
  private final ZoneId zone;

  AgreementStore(Clock clock, ZoneId zone) {
    this.clock = clock;
    this.zone = zone;
  }

  LocalDate today() {
    return clock.instant().atZone(zone).toLocalDate();
  }

  /** The organisation's calendar date of an instant. */
  LocalDate date(OffsetDateTime t) {
    return t.atZoneSameInstant(zone).toLocalDate();
  }

  OffsetDateTime now() {
    return clock.instant().atOffset(ZoneOffset.UTC);
  }

  Future<Agreement> load(SqlClient db, UUID id) {
    return db.preparedQuery(ONE)
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : Agreement.of(rows.iterator().next()));
  }

  Future<JsonArray> history(SqlClient db, UUID id) {
    return db.preparedQuery(EVENTS)
        .execute(Tuple.of(id))
        .map(
            rows -> {
              JsonArray out = new JsonArray();
              for (Row r : rows) {
                out.add(
                    new JsonObject()
                        .put("at", Times.format(r.getOffsetDateTime("at")))
                        .put("from", r.getString("from_status"))
                        .put("to", r.getString("to_status"))
                        .put("comment", r.getString("comment"))
                        .put(
                            "by",
                            r.getUUID("actor_id") == null
                                ? null
                                : new JsonObject()
                                    .put("id", r.getUUID("actor_id").toString())
                                    .put("name", r.getString("actor_name"))));
              }
              return out;
            });
  }

  Future<Void> record(
      SqlClient db, UUID id, UUID actor, AgreementStatus from, AgreementStatus to, String comment) {
    return db.preparedQuery(RECORD)
        .execute(
            Tuple.tuple()
                .addValue(id)
                .addValue(now())
                .addValue(actor)
                .addValue(from == null ? null : from.name())
                .addValue(to.name())
                .addValue(comment))
        .mapEmpty();
  }

  /**
   * Whose agreements a manager or HR sees today: those of the units (with their subunits), those
   * they are the approver of, or all of them for HR.
   */
  record Scope(LocalDate today, List<UUID> units, boolean everything, UUID viewer) {
    Tuple tuple() {
      return Tuple.tuple()
          .addValue(today)
          .addValue(units.toArray(new UUID[0]))
          .addValue(everything)
          .addValue(viewer);
    }
  }

  /** The agreements in scope shown as {@code status} (all when null), newest first, a page. */
  Future<List<Agreement>> decisions(
      SqlClient db, Scope scope, String status, Page.TimeAndId after, int limit) {
    return db.preparedQuery(LIST)
        .execute(
            scope
                .tuple()
                .addValue(status)
                .addValue(after.at())
                .addValue(after.id())
                .addValue(limit))
        .map(
            rows -> {
              List<Agreement> out = new ArrayList<>();
              rows.forEach(r -> out.add(Agreement.of(r)));
              return out;
            });
  }

  /** How many agreements in scope are in each shown state (only those with any). */
  Future<Map<String, Long>> counts(SqlClient db, Scope scope) {
    return db.preparedQuery(COUNTS)
        .execute(scope.tuple())
        .map(
            rows -> {
              Map<String, Long> out = new LinkedHashMap<>();
              rows.forEach(r -> out.put(r.getString("shown"), r.getLong("n")));
              return out;
            });
  }

  /**
   * A unit's agreements today: in force, of those the ones ending within {@link
   * AgreementsOverview#EXPIRING_DAYS}, approved ones that have not begun, and those waiting for a
   * decision.
   */
  record UnitCounts(
      UUID unitId, String unitName, long active, long expiring, long approved, long pending) {}

  /** The units in scope with an agreement in force, approved to begin, or waiting, by name. */
  Future<List<UnitCounts>> overview(SqlClient db, LocalDate today, UnitTree.Scope scope) {
    return db.preparedQuery(OVERVIEW)
        .execute(Tuple.of(today, scope.roots(), scope.all()))
        .map(
            rows -> {
              List<UnitCounts> out = new ArrayList<>();
              rows.forEach(
                  r ->
                      out.add(
                          new UnitCounts(
                              r.getUUID("unit_id"),
                              r.getString("unit_name"),
                              r.getLong("active"),
                              r.getLong("expiring"),
                              r.getLong("approved"),
                              r.getLong("pending"))));
              return out;
            });
  }

  /**
   * The approved agreements that end within {@code days} from today and were not reminded yet (at
   * most 500), marked reminded in the same statement (SKIP LOCKED: several instances remind each
   * once).
   */
  Future<List<Agreement>> markReminded(SqlClient db, int days) {
    return db.preparedQuery(DUE)
        .execute(Tuple.of(today(), days, now()))
        .compose(
            due -> {
              List<UUID> ids = new ArrayList<>();
              due.forEach(r -> ids.add(r.getUUID("id")));
              return loadAll(db, ids);
            });
  }

  /** The agreements by id (none for none). */
  Future<List<Agreement>> loadAll(SqlClient db, List<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return db.preparedQuery(BY_IDS)
        .execute(Tuple.of((Object) ids.toArray(new UUID[0])))
        .map(
            rows -> {
              List<Agreement> out = new ArrayList<>();
              rows.forEach(r -> out.add(Agreement.of(r)));
              return out;
            });
  }

  /**
   * The employment of these people ended: their agreements in force end today (one not yet begun
   * before it begins) and their undecided ones are withdrawn, each recorded, by {@code actor}.
   */
  Future<Void> endForLeavers(SqlClient db, List<UUID> leavers, UUID actor) {
    if (leavers.isEmpty()) {
      return Future.succeededFuture();
    }
    UUID[] ids = leavers.toArray(new UUID[0]);
    OffsetDateTime now = now();
    return db.preparedQuery(END_FOR_LEAVERS)
        .execute(Tuple.tuple().addValue(ids).addValue(today()).addValue(actor).addValue(now))
        .compose(
            v ->
                db.preparedQuery(WITHDRAW_FOR_LEAVERS)
                    .execute(Tuple.tuple().addValue(ids).addValue(now).addValue(actor)))
        .mapEmpty();
  }

  /**
   * These people moved: their undecided agreements and those in force (or not yet begun) go with
   * them to their new unit and its nearest manager; the ids of those that wait for that manager's
   * decision.
   */
  Future<List<UUID>> moveWithTheirEmployees(SqlClient db, List<UUID> movers) {
    if (movers.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return db.preparedQuery(MOVE)
        .execute(Tuple.of(movers.toArray(new UUID[0]), today(), now()))
        .map(
            rows -> {
              List<UUID> toDecide = new ArrayList<>();
              rows.forEach(
                  r -> {
                    if (r.getBoolean("to_decide")) {
                      toDecide.add(r.getUUID("id"));
                    }
                  });
              return toDecide;
            });
  }

  /** Who decides for an employee in this unit; null when nobody above them manages. */
  Future<Row> approver(SqlClient db, UUID unitId, UUID employee) {
    return db.preparedQuery(APPROVER)
        .execute(Tuple.of(unitId, employee))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  /**
   * The guard said no: an agreement in force overlaps. Explained after the transaction, by {@link
   * #overlap}.
   */
  static final class OverlapDetected extends RuntimeException {
    OverlapDetected() {
      super("overlaps an agreement in force", null, false, false);
    }
  }

  /**
   * A new draft of the employee's (its DRAFT event recorded); a unique violation when the
   * Idempotency-Key was used meanwhile.
   */
  Future<UUID> insert(SqlClient db, UUID employee, NewDraft n) {
    return insert(db, employee, employee, n);
  }

  /**
   * A new draft of the employee's written by {@code actor} (their manager proposing a renewal), its
   * DRAFT event recorded as the actor's.
   */
  Future<UUID> insert(SqlClient db, UUID employee, UUID actor, NewDraft n) {
    Draft d = n.draft();
    return db.preparedQuery(INSERT)
        .execute(
            columns(employee, d, n.comment())
                .addValue(n.noticeDays())
                .addValue(n.renewalOf())
                .addValue(n.key())
                .addValue(n.hash()))
        .map(rows -> rows.iterator().next().getUUID("id"))
        .compose(id -> record(db, id, actor, null, AgreementStatus.DRAFT, null).map(id));
  }

  /**
   * What a new draft carries besides its terms.
   *
   * @param renewalOf the agreement it renews, or null
   * @param key the request's Idempotency-Key, or null
   * @param hash the request body's hash, with the key
   */
  record NewDraft(
      Draft draft, int noticeDays, String comment, UUID renewalOf, String key, String hash) {

    /** The same with other terms. */
    NewDraft with(Draft terms) {
      return new NewDraft(terms, noticeDays, comment, renewalOf, key, hash);
    }
  }

  /** The employee's agreements, the latest first (at most 200). */
  Future<List<Agreement>> mine(SqlClient db, UUID employee) {
    return db.preparedQuery(MINE)
        .execute(Tuple.of(employee))
        .map(
            rows -> {
              List<Agreement> out = new ArrayList<>();
              rows.forEach(r -> out.add(Agreement.of(r)));
              return out;
            });
  }

  /** The names of those of the hubs that exist, by id as text (a read of hubs' table). */
  Future<Map<String, String>> hubNames(SqlClient db, Set<UUID> hubs) {
    if (hubs.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return db.preparedQuery(HUB_NAMES)
        .execute(Tuple.of((Object) hubs.toArray(new UUID[0])))
        .map(
            rows -> {
              Map<String, String> names = new HashMap<>();
              rows.forEach(r -> names.put(r.getUUID("id").toString(), r.getString("name")));
              return names;
            });
  }

  /** The employee's unit; null when they belong to none. */
  Future<UUID> unitOf(SqlClient db, UUID employee) {
    return db.preparedQuery(UNIT_OF)
        .execute(Tuple.of(employee))
        .map(rows -> rows.iterator().next().getUUID("unit_id"));
  }

  /** The draft's new terms and comment; 409 when it is no longer a draft. */
  Future<Void> saveDraft(SqlClient db, Agreement a, Draft d, String comment) {
    return guarded(
        db,
        a,
        SAVE_DRAFT,
        columns(a.id(), d, comment).addValue(now()),
        AgreementStatus.Action.EDIT);
  }

  /**
   * $1..$13 of INSERT and SAVE_DRAFT: $1 (the employee there, the agreement here), the terms, the
   * employee's comment.
   */
  private static Tuple columns(UUID first, Draft d, String comment) {
    return Tuple.tuple()
        .addValue(first)
        .addValue(d.validFrom())
        .addValue(d.validTo())
        .addValue(d.weekdays().toArray(new String[0]))
        .addValue(d.sharePercent())
        .addValue(d.places())
        .addValue(d.tasks())
        .addValue(d.workingHours())
        .addValue(d.reachability())
        .addValue(d.equipment())
        .addValue(d.checklist())
        .addValue(d.reviewDate())
        .addValue(comment);
  }

  /** DRAFT to SUBMITTED, to the approver of the unit, recorded; 409 when it moved on meanwhile. */
  Future<Void> submit(
      SqlClient db, Agreement a, UUID unit, UUID approver, UUID actor, String comment) {
    return guarded(
            db,
            a,
            SUBMIT,
            Tuple.tuple()
                .addValue(a.id())
                .addValue(unit)
                .addValue(approver)
                .addValue(now())
                .addValue(comment),
            AgreementStatus.Action.SUBMIT)
        .compose(
            v ->
                record(
                    db, a.id(), actor, AgreementStatus.DRAFT, AgreementStatus.SUBMITTED, comment));
  }

  /** Withdrawn before a decision, recorded; 409 when it was decided meanwhile. */
  Future<Void> withdraw(SqlClient db, Agreement a, UUID actor) {
    return guarded(db, a, WITHDRAW, Tuple.of(a.id(), now()), AgreementStatus.Action.WITHDRAW)
        .compose(v -> record(db, a.id(), actor, a.stored(), AgreementStatus.WITHDRAWN, null));
  }

  /**
   * Approved or rejected (by {@code action}), recorded; 409 when it moved on meanwhile, {@link
   * OverlapDetected} when an approval would overlap an agreement in force.
   */
  Future<Void> decide(
      SqlClient db, Agreement a, AgreementStatus.Action action, UUID actor, String comment) {
    AgreementStatus to = action.to();
    return guarded(
            db,
            a,
            DECIDE,
            Tuple.tuple()
                .addValue(a.id())
                .addValue(to.name())
                .addValue(comment)
                .addValue(now())
                .addValue(actor),
            action)
        .compose(v -> record(db, a.id(), actor, a.stored(), to, comment));
  }

  /** Ends an approved agreement on {@code endsOn}, recorded; 409 when it moved on meanwhile. */
  Future<Void> terminate(SqlClient db, Agreement a, UUID actor, LocalDate endsOn, String reason) {
    return guarded(
            db,
            a,
            TERMINATE,
            Tuple.tuple()
                .addValue(a.id())
                .addValue(now())
                .addValue(endsOn)
                .addValue(reason)
                .addValue(actor),
            AgreementStatus.Action.TERMINATE)
        .compose(v -> record(db, a.id(), actor, a.stored(), AgreementStatus.TERMINATED, reason));
  }

  /**
   * Runs a guarded UPDATE ($1 the id; it must have `WHERE ... AND status ...` and `RETURNING id`):
   * 409 naming the current state when the agreement moved on meanwhile. An exclusion violation, or
   * two approvals waiting on each other's index entry (a deadlock PostgreSQL breaks by cancelling
   * one), fails with {@link OverlapDetected}: the transaction is aborted by then.
   */
  private Future<Void> guarded(
      SqlClient db, Agreement a, String sql, Tuple args, AgreementStatus.Action action) {
    return db.preparedQuery(sql)
        .execute(args)
        .recover(e -> Future.failedFuture(SqlErrors.isOverlap(e) ? new OverlapDetected() : e))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return load(db, a.id())
                    .map(
                        now -> {
                          throw notAllowed(action, now == null ? a : now);
                        });
              }
              return Future.succeededFuture();
            });
  }

  /**
   * After a failed transaction: an OverlapDetected becomes a 409 naming the agreement in force;
   * others pass on.
   */
  <T> Future<T> overlap(SqlClient db, Agreement a, Throwable e) {
    if (!(e instanceof OverlapDetected)) {
      return Future.failedFuture(e);
    }
    return db.preparedQuery(OVERLAPPING)
        .execute(Tuple.of(a.employeeId(), a.id(), a.terms().validFrom(), a.terms().validTo()))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(
                    Problem.conflict(
                        "agreement-overlaps", Text.of("agreements.conflict.overlapsAnother")));
              }
              Row r = rows.iterator().next();
              return Future.failedFuture(
                  Problem.conflict(
                      "agreement-overlaps",
                      Text.of(
                          "agreements.conflict.overlaps",
                          AgreementTexts.day(r.getLocalDate("valid_from"), today()),
                          AgreementTexts.day(r.getLocalDate("last_day"), today()))));
            });
  }

  /** 409: the action does not fit the agreement's state. */
  Problem notAllowed(AgreementStatus.Action action, Agreement a) {
    return Problem.conflict(
        "agreement-state",
        Text.of(
            "agreements.state.notAllowed",
            AgreementTexts.status(a.shown(today())),
            AgreementTexts.notAllowed(action)));
  }

  /** Checks the action against the agreement's state now; 409 when it does not fit. */
  void require(AgreementStatus.Action action, Agreement a) {
    if (!action.allowed(a.stored(), a.shown(today()))) {
      throw notAllowed(action, a);
    }
  }
}
