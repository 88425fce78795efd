package se.tjanstemobil.org;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import se.tjanstemobil.audit.AuditLog;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.availability.AvailabilityChanges;
import se.tjanstemobil.config.AppConfig;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Text;

/**
 * The organisation import from the HR system: an idempotent upsert of units, employees and role
 * grants by external id, in one transaction. Bad rows are rejected with a reason and the good ones
 * kept. When the file has a roleGrants section, each employee it names (in either section) ends up
 * with exactly the imported grants listed for them.
 */
public final class OrgImport {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final int MAX_TEXT = 200;

  private final Pool pool;
  private final OrgImportStore store = new OrgImportStore();
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
  OrgImport(Pool pool, AppConfig config, OrgChanges changes, AvailabilityChanges availability) {
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

    final List<Rejected> rejected = new ArrayList<>();

    void reject(String section, int index, String externalId, Text reason) {
      rejected.add(new Rejected(section, index, externalId, reason));
    }

    /** The counts, and the rejected rows with their reasons in the reader's language. */
    JsonObject toJson(Language language) {
      JsonArray rows = new JsonArray();
      rejected.forEach(
          r ->
              rows.add(
                  new JsonObject()
                      .put("section", r.section())
                      .put("index", r.index())
                      .put("externalId", r.externalId())
                      .put("reason", r.reason().in(language))));
      return counts().put("rejected", rows);
    }

    JsonObject counts() {
      return new JsonObject()
          .put("units", new JsonObject(new LinkedHashMap<>(units)))
          .put("employees", new JsonObject(new LinkedHashMap<>(employees)))
          .put("roleGrants", new JsonObject(new LinkedHashMap<>(roleGrants)));
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

  /** A row of the file that was not imported, and why. */
  private record Rejected(String section, int index, String externalId, Text reason) {}

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

  /**
   * Runs the import in one transaction; the actor is who asked (null for the system). The result's
   * reasons are in Swedish.
   */
  public Future<JsonObject> run(JsonObject file, UUID actorId) {
    return run(file, actorId, null, Language.SV);
  }

  /**
   * As {@link #run(JsonObject, UUID)}, perhaps as a first import that makes the first
   * administrators, with the rejected rows' reasons in the reader's language.
   */
  public Future<JsonObject> run(
      JsonObject file, UUID actorId, FirstAdmins firstAdmins, Language language) {
    return pool.withTransaction(conn -> new Run(conn, file, actorId).execute(firstAdmins))
        .map(result -> result.toJson(language));
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

    Future<Result> execute(FirstAdmins firstAdmins) {
      return store
          .hubIds(conn)
          .compose(
              hubs -> {
                hubIds.putAll(hubs);
                return store.units(conn);
              })
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
                        result.counts().put("rejected", result.rejected.size())));
                return AuditLog.writeAll(conn, audit);
              })
          .map(v -> result);
    }

    // ---- units ----

    private Future<Void> importUnits(List<OrgImportStore.ExistingUnit> existing) {
      Map<String, String> parentOf = new HashMap<>();
      Map<UUID, String> extOfId = new HashMap<>();
      existing.forEach(u -> extOfId.put(u.id(), u.externalId()));
      existing.forEach(
          u -> {
            unitIds.put(u.externalId(), u.id());
            parentOf.put(u.externalId(), u.parentId() == null ? null : extOfId.get(u.parentId()));
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
        Text problem =
            ext == null
                ? Text.of("org.import.reject.externalIdMissing")
                : !seen.add(ext)
                    ? Text.of("org.import.reject.duplicate", ext)
                    : name == null
                        ? Text.of("org.import.reject.nameMissing")
                        : name.length() > MAX_TEXT || ext.length() > MAX_TEXT
                            ? Text.of("org.import.reject.tooLong", MAX_TEXT)
                            : ext.equals(parent) ? Text.of("org.import.reject.ownParent") : null;
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
          Text problem = null;
          if (u.parentExternalId() != null
              && !accepted.containsKey(u.parentExternalId())
              && !unitIds.containsKey(u.parentExternalId())) {
            problem =
                Text.of(
                    seen.contains(u.parentExternalId())
                        ? "org.import.reject.parentRejected"
                        : "org.import.reject.parentUnknown",
                    u.parentExternalId());
          } else if (formsCycle(u, accepted, parentOf)) {
            problem = Text.of("org.import.reject.cycle", u.parentExternalId());
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
      return writeUnits(new ArrayList<>(accepted.values()));
    }

    /** The accepted units created or renamed, then their parents set, then each one counted. */
    private Future<Void> writeUnits(List<UnitRow> list) {
      Set<String> created = new HashSet<>();
      Set<String> touched = new HashSet<>();
      return store
          .upsertUnits(
              conn,
              list.stream().map(u -> new OrgImportStore.NewUnit(u.externalId(), u.name())).toList())
          .compose(
              written -> {
                for (OrgImportStore.WrittenUnit w : written) {
                  unitIds.put(w.externalId(), w.id());
                  (w.created() ? created : touched).add(w.externalId());
                }
                return store.setParents(conn, list.stream().map(this::parent).toList());
              })
          .map(
              changed -> {
                for (int i = 0; i < list.size(); i++) {
                  if (changed.get(i)) {
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
    }

    private OrgImportStore.Parent parent(UnitRow u) {
      return new OrgImportStore.Parent(
          unitIds.get(u.externalId()),
          u.parentExternalId() == null ? null : unitIds.get(u.parentExternalId()));
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
        Text problem =
            ext == null
                ? Text.of("org.import.reject.externalIdMissing")
                : !seen.add(ext)
                    ? Text.of("org.import.reject.duplicate", ext)
                    : name == null
                        ? Text.of("org.import.reject.nameMissing")
                        : name.length() > MAX_TEXT || ext.length() > MAX_TEXT
                            ? Text.of("org.import.reject.tooLong", MAX_TEXT)
                            : email != null
                                    && (!EMAIL.matcher(email).matches() || email.length() > 254)
                                ? Text.of("org.import.reject.email", email)
                                : unit == null
                                    ? Text.of("org.import.reject.unitMissing")
                                    : !unitIds.containsKey(unit)
                                        ? Text.of("org.import.reject.unitUnknown", unit)
                                        : !locale.equals("sv") && !locale.equals("en")
                                            ? Text.of("org.import.reject.locale")
                                            : !validZone(zone)
                                                ? Text.of("org.import.reject.timeZone", zone)
                                                : !status.equals("ACTIVE") && !status.equals("LEFT")
                                                    ? Text.of("org.import.reject.status")
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
      List<OrgImportStore.NewEmployee> upserts =
          accepted.stream()
              .map(
                  e ->
                      new OrgImportStore.NewEmployee(
                          e.externalId(),
                          e.name(),
                          e.email(),
                          unitIds.get(e.unitExternalId()),
                          e.locale(),
                          e.timeZone(),
                          e.status()))
              .toList();
      return store
          .upsertEmployees(conn, upserts)
          .map(
              written -> {
                for (int i = 0; i < accepted.size(); i++) {
                  counted(accepted.get(i), written.get(i));
                }
                return null;
              });
    }

    /** One employee's outcome counted; a move and a leaving noted for the others and audited. */
    private void counted(EmployeeRow e, Optional<OrgImportStore.WrittenEmployee> written) {
      acceptedEmployees.add(e.externalId());
      if (written.isEmpty()) {
        result.add(result.employees, "unchanged");
        return;
      }
      OrgImportStore.WrittenEmployee w = written.get();
      if (w.created()) {
        result.add(result.employees, "created");
        return;
      }
      result.add(result.employees, "updated");
      if (w.rezoned()) {
        rezoned.add(w.id());
      }
      if (!Objects.equals(w.oldUnit(), w.unit())) {
        result.add(result.employees, "moved");
        moved.add(w.id());
        audit.add(
            new AuditLog.Entry(
                actorId,
                "EMPLOYEE_MOVED",
                "EMPLOYEE",
                w.id().toString(),
                new JsonObject()
                    .put("externalId", e.externalId())
                    .put("fromUnitId", String.valueOf(w.oldUnit()))
                    .put("toUnitId", w.unit().toString())));
      }
      if ("LEFT".equals(w.status()) && !"LEFT".equals(w.oldStatus())) {
        result.add(result.employees, "left");
        left.add(w.id());
        audit.add(
            new AuditLog.Entry(
                actorId,
                "EMPLOYEE_LEFT",
                "EMPLOYEE",
                w.id().toString(),
                new JsonObject().put("externalId", e.externalId())));
      }
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
      return store
          .statuses(conn, named.toArray(new String[0]))
          .compose(
              statusOf -> {
                Set<GrantKey> wanted = new LinkedHashSet<>();
                Set<String> reconciled = new HashSet<>(acceptedEmployees);
                for (int i = 0; i < rows.size(); i++) {
                  JsonObject row = rows.getJsonObject(i);
                  String ext = text(row, "employeeExternalId");
                  String roleName = text(row, "role");
                  Role role = roleName == null ? null : Role.parse(roleName);
                  String unit = text(row, "unitExternalId");
                  String hub = text(row, "hubExternalId");
                  Text problem =
                      ext == null
                          ? Text.of("org.import.reject.employeeMissing")
                          : !statusOf.containsKey(ext)
                              ? Text.of("org.import.reject.employeeUnknown", ext)
                              : "LEFT".equals(statusOf.get(ext))
                                  ? Text.of("org.import.reject.employeeLeft", ext)
                                  : role == null
                                      ? Text.of("org.import.reject.role")
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
                return store
                    .importedGrants(conn, reconciled.toArray(new String[0]))
                    .compose(existing -> reconcileGrants(existing, wanted, reconciled));
              });
    }

    /** What is wrong with a grant's scope (the role's label beside its code), or null. */
    private Text scopeProblem(Role role, String unit, String hub) {
      return switch (role.scopeType()) {
        case UNIT ->
            unit == null
                ? Text.of("org.import.reject.unitNeeded", role.label(), role.name())
                : !unitIds.containsKey(unit)
                    ? Text.of("org.import.reject.unitUnknown", unit)
                    : hub != null
                        ? Text.of("org.import.reject.notAHub", role.label(), role.name())
                        : null;
        case HUB ->
            hub == null
                ? Text.of("org.import.reject.hubNeeded", role.label(), role.name())
                : !hubIds.containsKey(hub)
                    ? Text.of("org.import.reject.hubUnknown", hub)
                    : unit != null
                        ? Text.of("org.import.reject.notAUnit", role.label(), role.name())
                        : null;
        case ORGANISATION ->
            unit != null || hub != null
                ? Text.of("org.import.reject.noScope", role.label(), role.name())
                : null;
      };
    }

    private Future<Void> reconcileGrants(
        List<OrgImportStore.ImportedGrant> existing, Set<GrantKey> wanted, Set<String> reconciled) {
      Map<GrantKey, UUID> have = new HashMap<>();
      for (OrgImportStore.ImportedGrant g : existing) {
        have.put(new GrantKey(g.employee(), g.role(), g.unit(), g.hub()), g.id());
      }
      List<OrgImportStore.NewGrant> inserts = new ArrayList<>();
      for (GrantKey g : wanted) {
        if (have.containsKey(g)) {
          result.add(result.roleGrants, "unchanged");
        } else {
          inserts.add(
              new OrgImportStore.NewGrant(
                  g.employee(),
                  g.role(),
                  g.unit() == null ? null : unitIds.get(g.unit()),
                  g.hub() == null ? null : hubIds.get(g.hub())));
          result.add(result.roleGrants, "granted");
          audit.add(grantEntry("ROLE_GRANTED", g));
        }
      }
      List<UUID> deletes = new ArrayList<>();
      for (Map.Entry<GrantKey, UUID> h : have.entrySet()) {
        if (!wanted.contains(h.getKey()) && reconciled.contains(h.getKey().employee())) {
          deletes.add(h.getValue());
          result.add(result.roleGrants, "revoked");
          audit.add(grantEntry("ROLE_REVOKED", h.getKey()));
        }
      }
      return store.grant(conn, inserts).compose(v -> store.revoke(conn, deletes));
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
      return store
          .grantFirstAdmins(conn, first.externalIds().toArray(new String[0]))
          .compose(
              granted -> {
                for (String admin : granted) {
                  result.add(result.roleGrants, "granted");
                  audit.add(
                      new AuditLog.Entry(
                          actorId,
                          "ROLE_GRANTED",
                          "ROLE_GRANT",
                          admin,
                          new JsonObject()
                              .put("employeeExternalId", admin)
                              .put("role", Role.ADMIN.name())
                              .put("source", "BOOTSTRAP")
                              .put("importedBy", first.caller())));
                }
                return store.isAdmin(conn, first.caller());
              })
          .compose(
              admin ->
                  admin
                      ? Future.<Void>succeededFuture()
                      : Future.failedFuture(
                          Problem.rule(
                              "bootstrap-admin-missing",
                              Text.of("org.import.firstAdminMissing", first.caller()))));
    }

    // A leaver keeps no roles, whatever the file says.
    private Future<Void> revokeGrantsOfLeavers() {
      return store
          .revokeGrantsOfLeavers(conn)
          .map(
              revoked -> {
                for (OrgImportStore.Revoked r : revoked) {
                  result.add(result.roleGrants, "revoked");
                  audit.add(
                      new AuditLog.Entry(
                          actorId,
                          "ROLE_REVOKED",
                          "ROLE_GRANT",
                          r.employee(),
                          new JsonObject()
                              .put("employeeExternalId", r.employee())
                              .put("role", r.role())
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
