package se.tjanstemobil.availability;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import se.tjanstemobil.audit.AuditLog;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.http.ReaderLanguage;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Text;

/**
 * Shifts, on-call and absences from a scheduling system, idempotent by the system's ids: a period
 * seen before is updated (or left alone when unchanged), `cancelled: true` removes it. Employees
 * who get shifts this way become shift workers: only their shifts make them reachable. One
 * transaction; each rejected row is reported with its reason and the rest is imported.
 */
final class AvailabilityImport {

  /** A leave from a scheduling system may be long (parental leave), but not unbounded. */
  static final Duration LONGEST_IMPORTED = Duration.ofDays(3 * 366);

  private record Item(
      int index,
      String externalId,
      String employee,
      String kind,
      String absenceType,
      OffsetDateTime start,
      OffsetDateTime end,
      String note,
      boolean cancelled) {}

  private final Pool pool;
  private final AvailabilityChanges changes;
  private final Consumer<UUID[]> committed;
  private final AvailabilityStore store = new AvailabilityStore();

  /**
   * @param committed told, after the import commits, whose availability it changed (caches)
   */
  AvailabilityImport(Pool pool, AvailabilityChanges changes, Consumer<UUID[]> committed) {
    this.pool = pool;
    this.changes = changes;
    this.committed = committed;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("importAvailability").addHandler(Responses.handle(this::run));
  }

  private Future<Reply> run(RoutingContext rc) {
    Principal admin = AuthHandler.requireAny(rc, Role.ADMIN);
    Run run = new Run(admin, ReaderLanguage.of(rc));
    run.parse(Validated.body(rc).getJsonArray("periods"));
    return pool.withTransaction(run::inside)
        .onSuccess(v -> committed.accept(run.affected.toArray(new UUID[0])))
        .map(Reply::ok);
  }

  /**
   * One import: the file's rows checked, then in one transaction the employees resolved, the
   * periods written and removed, shift workers marked, held pushes re-planned and the import
   * audited. What it counts on the way is in its fields.
   */
  private final class Run {
    private final Principal admin;
    private final Language language;
    private final List<JsonObject> rejected = new ArrayList<>();
    private final Map<String, Item> items = new LinkedHashMap<>();
    private final Set<UUID> affected = new HashSet<>();
    private final Set<UUID> shiftWorkers = new HashSet<>();
    private final List<Item> upserts = new ArrayList<>();
    private final List<String> removals = new ArrayList<>();
    private Map<String, UUID> employees = Map.of();
    private int created;
    private int updated;
    private int unchanged;
    private int removed;

    Run(Principal admin, Language language) {
      this.admin = admin;
      this.language = language;
    }

    /** Each row becomes an item or a rejection with its reason; nothing is written yet. */
    void parse(JsonArray periods) {
      for (int i = 0; i < periods.size(); i++) {
        JsonObject p = periods.getJsonObject(i);
        String id = p.getString("externalId");
        Text problem = items.containsKey(id) ? Text.of("availability.import.twice", id) : whyNot(p);
        if (problem != null) {
          reject(i, id, problem);
        } else {
          items.put(id, item(i, p));
        }
      }
    }

    Future<JsonObject> inside(SqlClient tx) {
      return store
          .activeEmployees(tx, employeeIds())
          .map(this::sort)
          .compose(v -> store.upsertImported(tx, upserts.stream().map(this::imported).toList()))
          .map(this::countUpserts)
          .compose(v -> store.removeImported(tx, removals))
          .map(this::countRemovals)
          .compose(v -> store.makeShiftWorkers(tx, shiftWorkers))
          .compose(
              v ->
                  affected.isEmpty()
                      ? Future.succeededFuture()
                      : changes.changed(tx, affected.toArray(new UUID[0])))
          .compose(v -> audit(tx));
    }

    private List<String> employeeIds() {
      return items.values().stream()
          .filter(i -> !i.cancelled())
          .map(Item::employee)
          .distinct()
          .toList();
    }

    /** Cancelled items go, items of active employees are written, the rest are rejected. */
    private Void sort(Map<String, UUID> found) {
      employees = found;
      for (Item i : items.values()) {
        if (i.cancelled()) {
          removals.add(i.externalId());
        } else if (!employees.containsKey(i.employee())) {
          reject(
              i.index(), i.externalId(), Text.of("availability.import.noEmployee", i.employee()));
        } else {
          upserts.add(i);
        }
      }
      return null;
    }

    private AvailabilityStore.Imported imported(Item i) {
      return new AvailabilityStore.Imported(
          employees.get(i.employee()),
          i.kind(),
          i.absenceType(),
          i.start(),
          i.end(),
          i.note(),
          i.externalId());
    }

    private Void countUpserts(List<AvailabilityStore.Upserted> answers) {
      for (int index = 0; index < answers.size(); index++) {
        AvailabilityStore.Upserted answer = answers.get(index);
        if (answer.unchanged()) {
          unchanged++;
          continue;
        }
        Item item = upserts.get(index);
        UUID employee = employees.get(item.employee());
        if (answer.created()) {
          created++;
        } else {
          updated++;
        }
        affected.add(employee);
        if (answer.previousEmployee() != null) {
          affected.add(answer.previousEmployee());
        }
        if ("SHIFT".equals(item.kind())) {
          shiftWorkers.add(employee);
        }
      }
      return null;
    }

    private Void countRemovals(List<UUID> owners) {
      affected.addAll(owners);
      removed = owners.size();
      return null;
    }

    private Future<JsonObject> audit(SqlClient tx) {
      JsonObject result =
          new JsonObject()
              .put("created", created)
              .put("updated", updated)
              .put("unchanged", unchanged)
              .put("removed", removed)
              .put("shiftWorkers", shiftWorkers.size())
              .put(
                  "rejected",
                  new JsonArray(
                      rejected.stream()
                          .sorted(Comparator.comparing(j -> j.getInteger("index")))
                          .toList()));
      AuditLog.Entry entry =
          new AuditLog.Entry(
              admin.id(),
              "AVAILABILITY_IMPORTED",
              "AVAILABILITY",
              "import",
              result.copy().put("rejected", rejected.size()));
      return AuditLog.write(tx, entry).map(result);
    }

    /** A rejected row, its reason written in the language of the person importing. */
    private void reject(int index, String externalId, Text reason) {
      rejected.add(
          new JsonObject()
              .put("index", index)
              .put("externalId", externalId)
              .put("reason", reason.in(language)));
    }
  }

  /** A row {@link #whyNot} found nothing wrong with, as an item. */
  private static Item item(int index, JsonObject p) {
    boolean cancelled = p.getBoolean("cancelled", false);
    String kind = p.getString("kind");
    String absenceType = p.getString("absenceType");
    return new Item(
        index,
        p.getString("externalId"),
        p.getString("employeeExternalId"),
        kind,
        "ABSENCE".equals(kind) && absenceType == null ? "OTHER" : absenceType,
        cancelled ? null : OffsetDateTime.parse(p.getString("start", "")),
        cancelled ? null : OffsetDateTime.parse(p.getString("end", "")),
        p.getString("note"),
        cancelled);
  }

  /** What is wrong with a row on its own, or null; a cancellation needs only its id. */
  private static Text whyNot(JsonObject p) {
    if (p.getBoolean("cancelled", false)) {
      return null;
    }
    OffsetDateTime start;
    OffsetDateTime end;
    try {
      start = OffsetDateTime.parse(p.getString("start", ""));
      end = OffsetDateTime.parse(p.getString("end", ""));
    } catch (DateTimeParseException e) {
      return Text.of("availability.import.badTimes");
    }
    if (!end.isAfter(start)) {
      return Text.of("availability.import.endNotAfterStart");
    } else if (Duration.between(start, end).compareTo(LONGEST_IMPORTED) > 0) {
      return Text.of("availability.import.tooLong");
    } else if (p.getString("absenceType") != null && !"ABSENCE".equals(p.getString("kind"))) {
      return Text.of("availability.import.absenceTypeOnlyForAbsence");
    } else if (p.getString("kind") == null || p.getString("employeeExternalId") == null) {
      return Text.of("availability.import.kindAndEmployeeMissing");
    }
    return null;
  }
}
