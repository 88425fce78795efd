package se.tjanstemobil.org;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import se.tjanstemobil.audit.AuditLog;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.availability.AvailabilityChanges;
import se.tjanstemobil.config.AppConfig;
import se.tjanstemobil.http.Problem;

/**
 * The organisation import from the HR system: an idempotent upsert of units, employees and role
 * grants by external id, in one transaction. Bad rows are rejected with a reason and the good ones
 * kept. When the file has a roleGrants section, each employee it names (in either section) ends up
 * with exactly the imported grants listed for them.
 */
public final class OrgImport {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final int MAX_TEXT = 200;

  private static final String LOAD_UNITS = "SELECT id, external_id, parent_id, name FROM units";
  private static final String LOAD_HUBS = "SELECT id, external_id FROM hubs";
  private static final String LOAD_EMPLOYEES =
      "SELECT id, external_id, status FROM employees WHERE external_id = ANY($1)";

  private static final String UPSERT_UNIT =
      """
    INSERT INTO units (external_id, name) VALUES ($1, $2)
    ON CONFLICT (external_id) DO UPDATE SET name = excluded.name, updated_at = now()
      WHERE units.name IS DISTINCT FROM excluded.name
    RETURNING id, external_id, (xmax = 0) AS created
    """;
  private static final String SET_PARENT =
      """
    UPDATE units SET parent_id = $2, updated_at = now()
    WHERE id = $1 AND parent_id IS DISTINCT FROM $2
    RETURNING id
    """;
  private static final String UPSERT_EMPLOYEE =
      """
    WITH old AS (SELECT unit_id, status, time_zone FROM employees WHERE external_id = $1)
    INSERT INTO employees (external_id, name, email, unit_id, locale, time_zone, status, left_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $7 = 'LEFT' THEN now() END)
    ON CONFLICT (external_id) DO UPDATE SET
      name = excluded.name, email = excluded.email, unit_id = excluded.unit_id, locale = excluded.locale,
      time_zone = excluded.time_zone, status = excluded.status,
      left_at = CASE WHEN excluded.status = 'LEFT' THEN coalesce(employees.left_at, now()) END,
      updated_at = now()
      WHERE (employees.name, employees.email, employees.unit_id, employees.locale, employees.time_zone, employees.status)
        IS DISTINCT FROM (excluded.name, excluded.email, excluded.unit_id, excluded.locale, excluded.time_zone, excluded.status)
    RETURNING id, external_id, (xmax = 0) AS created, (SELECT unit_id FROM old) AS old_unit,
              (SELECT status FROM old) AS old_status, unit_id, status,
              (SELECT time_zone FROM old) IS DISTINCT FROM time_zone AS rezoned
    """;
  private static final String LOAD_GRANTS =
      """
    SELECT g.id, e.external_id AS employee, g.role, u.external_id AS unit, h.external_id AS hub
    FROM role_grants g JOIN employees e ON e.id = g.employee_id
    LEFT JOIN units u ON u.id = g.unit_id LEFT JOIN hubs h ON h.id = g.hub_id
    WHERE e.external_id = ANY($1) AND g.source = 'IMPORT'
    """;
  private static final String INSERT_GRANT =
      """
    INSERT INTO role_grants (employee_id, role, unit_id, hub_id, source)
    SELECT e.id, $2, $3, $4, 'IMPORT' FROM employees e WHERE e.external_id = $1
    ON CONFLICT DO NOTHING
    """;
  private static final String DELETE_GRANT = "DELETE FROM role_grants WHERE id = $1";
  // Not an IMPORT grant: a later import from the HR system (which knows nothing of it) keeps it.
  private static final String GRANT_FIRST_ADMINS =
      """
    WITH granted AS (
      INSERT INTO role_grants (employee_id, role, source)
      SELECT id, 'ADMIN', 'BOOTSTRAP' FROM employees WHERE external_id = ANY($1) AND status = 'ACTIVE'
      ON CONFLICT DO NOTHING
      RETURNING employee_id
    )
    SELECT e.external_id FROM granted g JOIN employees e ON e.id = g.employee_id
    """;
  private static final String IS_ADMIN =
      """
    SELECT EXISTS (SELECT 1 FROM role_grants g JOIN employees e ON e.id = g.employee_id
                   WHERE e.external_id = $1 AND e.status = 'ACTIVE' AND g.role = 'ADMIN') AS admin
    """;
  private static final String DELETE_GRANTS_OF_LEAVERS =
      "DELETE FROM role_grants g USING employees e WHERE e.id = g.employee_id AND e.status = 'LEFT' RETURNING g.id, e.external_id, g.role";

  private final Pool pool;
  private final String defaultLocale;
  private final String defaultTimeZone;

  private final OrgChanges changes;
  private final AvailabilityChanges availability;

  /** An import with these defaults that tells no other feature (tests' setup). */
  public OrgImport(Pool pool, String defaultLocale, String defaultTimeZone) {
    this(
        pool,
        new Settings(defaultLocale, ZoneId.of(defaultTimeZone)),
        OrgChanges.NONE,
        (tx, employees) -> Future.succeededFuture());
  }

  /**
   * @param config the organisation's defaults ({@link Settings})
   * @param availability told of employees whose time zone changed, so pushes held for them move to
   *     their hours there
   */
  public OrgImport(
      Pool pool, AppConfig config, OrgChanges changes, AvailabilityChanges availability) {
    this(pool, Settings.from(config), changes, availability);
  }

  private OrgImport(
      Pool pool, Settings settings, OrgChanges changes, AvailabilityChanges availability) {
    this.changes = changes;
    this.availability = availability;
    this.pool = pool;
    this.defaultLocale = settings.defaultLocale();
    this.defaultTimeZone = settings.defaultTimeZone().getId();
  }

  /** What one import did; rejected rows say which section, which row and why. */
  static final class Result {
    final Map<String, Integer> units = counts("created", "updated", "unchanged");
    final Map<String, Integer> employees =
        counts("created", "updated", "unchanged", "moved", "left");
    final Map<String, Integer> roleGrants = counts("granted", "revoked", "unchanged");
    final JsonArray rejected = new JsonArray();

    void reject(String section, int index, String externalId, String reason) {
      rejected.add(
          new JsonObject()
              .put("section", section)
              .put("index", index)
              .put("externalId", externalId)
              .put("reason", reason));
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("units", new JsonObject(new LinkedHashMap<>(units)))
          .put("employees", new JsonObject(new LinkedHashMap<>(employees)))
          .put("roleGrants", new JsonObject(new LinkedHashMap<>(roleGrants)))
          .put("rejected", rejected);
    }

    private static Map<String, Integer> counts(String... names) {
      Map<String, Integer> m = new LinkedHashMap<>();
      for (String n : names) {
        m.put(n, 0);
      }
      return m;
    }

    void add(Map<String, Integer> m, String key) {
      m.merge(key, 1, Integer::sum);
    }
  }

  private record UnitRow(String externalId, String name, String parentExternalId) {}

  private record EmployeeRow(
      String externalId,
      String name,
      String email,
      String unitExternalId,
      String locale,
      String timeZone,
      String status) {}

  private record GrantKey(String employee, Role role, String unit, String hub) {}

  /**
   * The first import into a database where nobody is an administrator yet (auth.bootstrapAdmins):
   * each of these external ids the file imports becomes an ADMIN, and the caller must be one of
   * them, or nothing is imported (a database with no administrator could not be run).
   */
  public record FirstAdmins(Collection<String> externalIds, String caller) {}

  /** Runs the import in one transaction; the actor is who asked (null for the system). */
  public Future<JsonObject> run(JsonObject file, UUID actorId) {
    return run(file, actorId, null);
  }

  /** As {@link #run(JsonObject, UUID)}, as a first import that makes the first administrators. */
  public Future<JsonObject> run(JsonObject file, UUID actorId, FirstAdmins firstAdmins) {
    return pool.withTransaction(conn -> new Run(conn, file, actorId).execute(firstAdmins));
  }

  private final class Run {
    private final SqlConnection conn;
    private final JsonObject file;
    private final UUID actorId;
    private final Result result = new Result();
    private final List<AuditLog.Entry> audit = new ArrayList<>();
    private final Map<String, UUID> unitIds = new HashMap<>();
    private final Map<String, UUID> hubIds = new HashMap<>();
    private final Set<String> acceptedEmployees = new HashSet<>();
    private final List<UUID> moved = new ArrayList<>();
    private final List<UUID> left = new ArrayList<>();
    private final List<UUID> rezoned = new ArrayList<>();

    Run(SqlConnection conn, JsonObject file, UUID actorId) {
      this.conn = conn;
      this.file = file;
      this.actorId = actorId;
    }

    Future<JsonObject> execute(FirstAdmins firstAdmins) {
      return conn.query(LOAD_UNITS)
          .execute()
          .compose(
              units ->
                  conn.query(LOAD_HUBS)
                      .execute()
                      .map(
                          hubs -> {
                            hubs.forEach(
                                h -> hubIds.put(h.getString("external_id"), h.getUUID("id")));
                            return units;
                          }))
          .compose(this::importUnits)
          .compose(v -> importEmployees())
          .compose(v -> importGrants())
          .compose(v -> revokeGrantsOfLeavers())
          .compose(
              v ->
                  firstAdmins == null
                      ? Future.<Void>succeededFuture()
                      : grantFirstAdmins(firstAdmins))
          .compose(
              v ->
                  moved.isEmpty() && left.isEmpty()
                      ? Future.<Void>succeededFuture()
                      : changes.apply(conn, moved, left, actorId))
          .compose(
              v ->
                  rezoned.isEmpty()
                      ? Future.<Void>succeededFuture()
                      : availability.changed(conn, rezoned.toArray(new UUID[0])))
          .compose(
              v -> {
                audit.add(
                    new AuditLog.Entry(
                        actorId,
                        "ORG_IMPORT",
                        "ORGANISATION",
                        null,
                        result.toJson().put("rejected", result.rejected.size())));
                return AuditLog.writeAll(conn, audit);
              })
          .map(v -> result.toJson());
    }

    // ---- units ----

    private Future<Void> importUnits(RowSet<Row> existing) {
      Map<String, String> parentOf = new HashMap<>();
      Map<UUID, String> extOfId = new HashMap<>();
      existing.forEach(r -> extOfId.put(r.getUUID("id"), r.getString("external_id")));
      existing.forEach(
          r -> {
            unitIds.put(r.getString("external_id"), r.getUUID("id"));
            UUID parent = r.getUUID("parent_id");
            parentOf.put(r.getString("external_id"), parent == null ? null : extOfId.get(parent));
          });
      JsonArray rows = file.getJsonArray("units", new JsonArray());
      Map<String, UnitRow> accepted = new LinkedHashMap<>();
      Map<String, Integer> indexOf = new HashMap<>();
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < rows.size(); i++) {
        JsonObject row = rows.getJsonObject(i);
        String ext = text(row, "externalId");
        String name = text(row, "name");
        String parent = text(row, "parentExternalId");
        String problem =
            ext == null
                ? "externalId is missing"
                : !seen.add(ext)
                    ? "externalId " + ext + " appears more than once in the file"
                    : name == null
                        ? "name is missing"
                        : name.length() > MAX_TEXT || ext.length() > MAX_TEXT
                            ? "a text is longer than " + MAX_TEXT + " characters"
                            : ext.equals(parent) ? "a unit cannot be its own parent" : null;
        if (problem != null) {
          result.reject("units", i, ext, problem);
          continue;
        }
        accepted.put(ext, new UnitRow(ext, name, parent));
        indexOf.put(ext, i);
      }
      // Parents must exist (in the file or already) and the tree must stay a tree.
      boolean changed = true;
      while (changed) {
        changed = false;
        for (UnitRow u : new ArrayList<>(accepted.values())) {
          String problem = null;
          if (u.parentExternalId() != null
              && !accepted.containsKey(u.parentExternalId())
              && !unitIds.containsKey(u.parentExternalId())) {
            problem =
                seen.contains(u.parentExternalId())
                    ? "parent " + u.parentExternalId() + " was rejected"
                    : "parent " + u.parentExternalId() + " is not a known unit";
          } else if (formsCycle(u, accepted, parentOf)) {
            problem = "parent " + u.parentExternalId() + " would make the unit its own ancestor";
          }
          if (problem != null) {
            accepted.remove(u.externalId());
            result.reject("units", indexOf.get(u.externalId()), u.externalId(), problem);
            changed = true;
          }
        }
      }
      if (accepted.isEmpty()) {
        return Future.succeededFuture();
      }
      List<UnitRow> list = new ArrayList<>(accepted.values());
      List<Tuple> upserts = list.stream().map(u -> Tuple.of(u.externalId(), u.name())).toList();
      Set<String> touched = new HashSet<>();
      return conn.preparedQuery(UPSERT_UNIT)
          .executeBatch(upserts)
          .compose(
              rs -> {
                Set<String> created = new HashSet<>();
                for (RowSet<Row> r = rs; r != null; r = r.next()) {
                  for (Row row : r) {
                    unitIds.put(row.getString("external_id"), row.getUUID("id"));
                    if (row.getBoolean("created")) {
                      created.add(row.getString("external_id"));
                    } else {
                      touched.add(row.getString("external_id"));
                    }
                  }
                }
                List<Tuple> parents =
                    list.stream()
                        .map(
                            u ->
                                Tuple.of(
                                    unitIds.get(u.externalId()),
                                    u.parentExternalId() == null
                                        ? null
                                        : unitIds.get(u.parentExternalId())))
                        .toList();
                return conn.preparedQuery(SET_PARENT)
                    .executeBatch(parents)
                    .map(
                        ps -> {
                          int i = 0;
                          for (RowSet<Row> r = ps; r != null; r = r.next(), i++) {
                            if (r.rowCount() > 0) {
                              touched.add(list.get(i).externalId());
                            }
                          }
                          for (UnitRow u : list) {
                            String outcome =
                                created.contains(u.externalId())
                                    ? "created"
                                    : touched.contains(u.externalId()) ? "updated" : "unchanged";
                            result.add(result.units, outcome);
                          }
                          return null;
                        });
              });
    }

    private boolean formsCycle(
        UnitRow u, Map<String, UnitRow> accepted, Map<String, String> dbParentOf) {
      Set<String> visited = new HashSet<>();
      String cur = u.externalId();
      while (cur != null) {
        if (!visited.add(cur)) {
          return true;
        }
        UnitRow inFile = accepted.get(cur);
        cur = inFile != null ? inFile.parentExternalId() : dbParentOf.get(cur);
      }
      return false;
    }

    // ---- employees ----

    private Future<Void> importEmployees() {
      JsonArray rows = file.getJsonArray("employees", new JsonArray());
      List<EmployeeRow> accepted = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < rows.size(); i++) {
        JsonObject row = rows.getJsonObject(i);
        String ext = text(row, "externalId");
        String name = text(row, "name");
        String email = text(row, "email");
        String unit = text(row, "unitExternalId");
        String locale = Objects.requireNonNullElse(text(row, "locale"), defaultLocale);
        String zone = Objects.requireNonNullElse(text(row, "timeZone"), defaultTimeZone);
        String status = Objects.requireNonNullElse(text(row, "status"), "ACTIVE");
        String problem =
            ext == null
                ? "externalId is missing"
                : !seen.add(ext)
                    ? "externalId " + ext + " appears more than once in the file"
                    : name == null
                        ? "name is missing"
                        : name.length() > MAX_TEXT || ext.length() > MAX_TEXT
                            ? "a text is longer than " + MAX_TEXT + " characters"
                            : email != null
                                    && (!EMAIL.matcher(email).matches() || email.length() > 254)
                                ? "email " + email + " is not an email address"
                                : unit == null
                                    ? "unitExternalId is missing"
                                    : !unitIds.containsKey(unit)
                                        ? "unit " + unit + " is not a known unit"
                                        : !locale.equals("sv") && !locale.equals("en")
                                            ? "locale must be sv or en"
                                            : !validZone(zone)
                                                ? "timeZone " + zone + " is not a time zone"
                                                : !status.equals("ACTIVE") && !status.equals("LEFT")
                                                    ? "status must be ACTIVE or LEFT"
                                                    : null;
        if (problem != null) {
          result.reject("employees", i, ext, problem);
          continue;
        }
        accepted.add(new EmployeeRow(ext, name, email, unit, locale, zone, status));
      }
      if (accepted.isEmpty()) {
        return Future.succeededFuture();
      }
      List<Tuple> upserts =
          accepted.stream()
              .map(
                  e ->
                      Tuple.of(
                          e.externalId(),
                          e.name(),
                          e.email(),
                          unitIds.get(e.unitExternalId()),
                          e.locale(),
                          e.timeZone(),
                          e.status()))
              .toList();
      return conn.preparedQuery(UPSERT_EMPLOYEE)
          .executeBatch(upserts)
          .map(
              rs -> {
                int i = 0;
                for (RowSet<Row> r = rs; r != null; r = r.next(), i++) {
                  EmployeeRow e = accepted.get(i);
                  acceptedEmployees.add(e.externalId());
                  if (r.rowCount() == 0) {
                    result.add(result.employees, "unchanged");
                    continue;
                  }
                  Row row = r.iterator().next();
                  if (row.getBoolean("created")) {
                    result.add(result.employees, "created");
                    continue;
                  }
                  result.add(result.employees, "updated");
                  if (row.getBoolean("rezoned")) {
                    rezoned.add(row.getUUID("id"));
                  }
                  UUID oldUnit = row.getUUID("old_unit");
                  if (!Objects.equals(oldUnit, row.getUUID("unit_id"))) {
                    result.add(result.employees, "moved");
                    moved.add(row.getUUID("id"));
                    audit.add(
                        new AuditLog.Entry(
                            actorId,
                            "EMPLOYEE_MOVED",
                            "EMPLOYEE",
                            row.getUUID("id").toString(),
                            new JsonObject()
                                .put("externalId", e.externalId())
                                .put("fromUnitId", String.valueOf(oldUnit))
                                .put("toUnitId", row.getUUID("unit_id").toString())));
                  }
                  if ("LEFT".equals(row.getString("status"))
                      && !"LEFT".equals(row.getString("old_status"))) {
                    result.add(result.employees, "left");
                    left.add(row.getUUID("id"));
                    audit.add(
                        new AuditLog.Entry(
                            actorId,
                            "EMPLOYEE_LEFT",
                            "EMPLOYEE",
                            row.getUUID("id").toString(),
                            new JsonObject().put("externalId", e.externalId())));
                  }
                }
                return null;
              });
    }

    // ---- role grants ----

    private Future<Void> importGrants() {
      if (!file.containsKey("roleGrants")) {
        return Future.succeededFuture();
      }
      JsonArray rows = file.getJsonArray("roleGrants", new JsonArray());
      Set<String> named = new HashSet<>(acceptedEmployees);
      for (int i = 0; i < rows.size(); i++) {
        String ext = text(rows.getJsonObject(i), "employeeExternalId");
        if (ext != null) {
          named.add(ext);
        }
      }
      return conn.preparedQuery(LOAD_EMPLOYEES)
          .execute(Tuple.of(named.toArray(new String[0])))
          .compose(
              employees -> {
                Map<String, String> statusOf = new HashMap<>();
                employees.forEach(
                    r -> statusOf.put(r.getString("external_id"), r.getString("status")));
                Set<GrantKey> wanted = new LinkedHashSet<>();
                Set<String> reconciled = new HashSet<>(acceptedEmployees);
                for (int i = 0; i < rows.size(); i++) {
                  JsonObject row = rows.getJsonObject(i);
                  String ext = text(row, "employeeExternalId");
                  String roleName = text(row, "role");
                  Role role = roleName == null ? null : Role.parse(roleName);
                  String unit = text(row, "unitExternalId");
                  String hub = text(row, "hubExternalId");
                  String problem =
                      ext == null
                          ? "employeeExternalId is missing"
                          : !statusOf.containsKey(ext)
                              ? "employee " + ext + " is not a known employee"
                              : "LEFT".equals(statusOf.get(ext))
                                  ? "employee " + ext + " has left"
                                  : role == null
                                      ? "role must be one of MANAGER, HUB_ADMIN, COMMUNICATOR, CRISIS_LEAD, HR, ADMIN"
                                      : scopeProblem(role, unit, hub);
                  if (problem != null) {
                    result.reject("roleGrants", i, ext, problem);
                    continue;
                  }
                  reconciled.add(ext);
                  wanted.add(
                      new GrantKey(
                          ext,
                          role,
                          role == Role.MANAGER ? unit : null,
                          role == Role.HUB_ADMIN ? hub : null));
                }
                return conn.preparedQuery(LOAD_GRANTS)
                    .execute(Tuple.of(reconciled.toArray(new String[0])))
                    .compose(existing -> reconcileGrants(existing, wanted, reconciled));
              });
    }

    private String scopeProblem(Role role, String unit, String hub) {
      return switch (role.scopeType()) {
        case UNIT ->
            unit == null
                ? "MANAGER needs unitExternalId"
                : !unitIds.containsKey(unit)
                    ? "unit " + unit + " is not a known unit"
                    : hub != null ? "MANAGER takes a unit, not a hub" : null;
        case HUB ->
            hub == null
                ? "HUB_ADMIN needs hubExternalId"
                : !hubIds.containsKey(hub)
                    ? "hub " + hub + " is not a known hub"
                    : unit != null ? "HUB_ADMIN takes a hub, not a unit" : null;
        case ORGANISATION ->
            unit != null || hub != null
                ? role + " applies to the whole organisation and takes no unit or hub"
                : null;
      };
    }

    private Future<Void> reconcileGrants(
        RowSet<Row> existing, Set<GrantKey> wanted, Set<String> reconciled) {
      Map<GrantKey, UUID> have = new HashMap<>();
      for (Row r : existing) {
        have.put(
            new GrantKey(
                r.getString("employee"),
                Role.valueOf(r.getString("role")),
                r.getString("unit"),
                r.getString("hub")),
            r.getUUID("id"));
      }
      List<Tuple> inserts = new ArrayList<>();
      for (GrantKey g : wanted) {
        if (have.containsKey(g)) {
          result.add(result.roleGrants, "unchanged");
        } else {
          inserts.add(
              Tuple.of(
                  g.employee(),
                  g.role().name(),
                  g.unit() == null ? null : unitIds.get(g.unit()),
                  g.hub() == null ? null : hubIds.get(g.hub())));
          result.add(result.roleGrants, "granted");
          audit.add(grantEntry("ROLE_GRANTED", g));
        }
      }
      List<Tuple> deletes = new ArrayList<>();
      for (Map.Entry<GrantKey, UUID> h : have.entrySet()) {
        if (!wanted.contains(h.getKey()) && reconciled.contains(h.getKey().employee())) {
          deletes.add(Tuple.of(h.getValue()));
          result.add(result.roleGrants, "revoked");
          audit.add(grantEntry("ROLE_REVOKED", h.getKey()));
        }
      }
      Future<?> ins =
          inserts.isEmpty()
              ? Future.succeededFuture()
              : conn.preparedQuery(INSERT_GRANT).executeBatch(inserts);
      return ins.compose(
              v ->
                  deletes.isEmpty()
                      ? Future.succeededFuture()
                      : conn.preparedQuery(DELETE_GRANT).executeBatch(deletes))
          .mapEmpty();
    }

    private AuditLog.Entry grantEntry(String action, GrantKey g) {
      JsonObject details =
          new JsonObject().put("employeeExternalId", g.employee()).put("role", g.role().name());
      if (g.unit() != null) {
        details.put("unitExternalId", g.unit());
      }
      if (g.hub() != null) {
        details.put("hubExternalId", g.hub());
      }
      return new AuditLog.Entry(actorId, action, "ROLE_GRANT", g.employee(), details);
    }

    private Future<Void> grantFirstAdmins(FirstAdmins first) {
      return conn.preparedQuery(GRANT_FIRST_ADMINS)
          .execute(Tuple.of(first.externalIds().toArray(new String[0])))
          .compose(
              rows -> {
                for (Row r : rows) {
                  result.add(result.roleGrants, "granted");
                  audit.add(
                      new AuditLog.Entry(
                          actorId,
                          "ROLE_GRANTED",
                          "ROLE_GRANT",
                          r.getString("external_id"),
                          new JsonObject()
                              .put("employeeExternalId", r.getString("external_id"))
                              .put("role", Role.ADMIN.name())
                              .put("source", "BOOTSTRAP")
                              .put("importedBy", first.caller())));
                }
                return conn.preparedQuery(IS_ADMIN).execute(Tuple.of(first.caller()));
              })
          .compose(
              rows ->
                  rows.iterator().next().getBoolean("admin")
                      ? Future.<Void>succeededFuture()
                      : Future.failedFuture(
                          Problem.rule(
                              "bootstrap-admin-missing",
                              "The first import must make you an"
                                  + " administrator: include yourself ("
                                  + first.caller()
                                  + ") among its employees; nothing was imported")));
    }

    // A leaver keeps no roles, whatever the file says.
    private Future<Void> revokeGrantsOfLeavers() {
      return conn.query(DELETE_GRANTS_OF_LEAVERS)
          .execute()
          .map(
              rows -> {
                for (Row r : rows) {
                  result.add(result.roleGrants, "revoked");
                  audit.add(
                      new AuditLog.Entry(
                          actorId,
                          "ROLE_REVOKED",
                          "ROLE_GRANT",
                          r.getString("external_id"),
                          new JsonObject()
                              .put("employeeExternalId", r.getString("external_id"))
                              .put("role", r.getString("role"))
                              .put("reason", "employee left")));
                }
                return null;
              });
    }
  }

  private static String text(JsonObject row, String key) {
    Object v = row == null ? null : row.getValue(key);
    if (v == null) {
      return null;
    }
    String s = v.toString().strip();
    return s.isEmpty() ? null : s;
  }

  private static boolean validZone(String zone) {
    try {
      ZoneId.of(zone);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }
}
