package se.tjanstemobil.availability;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import se.tjanstemobil.audit.AuditLog;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;

/**
 * Shifts, on-call and absences from a scheduling system, idempotent by the system's ids: a period
 * seen before is updated (or left alone when unchanged), `cancelled: true` removes it. Employees
 * who get shifts this way become shift workers: only their shifts make them reachable. One
 * transaction; each rejected row is reported with its reason and the rest is imported.
 */
public final class AvailabilityImport {

  /** A leave from a scheduling system may be long (parental leave), but not unbounded. */
  static final Duration LONGEST_IMPORTED = Duration.ofDays(3 * 366);

  private static final String EMPLOYEES =
      "SELECT id, external_id FROM employees WHERE external_id = ANY($1::text[]) AND status = 'ACTIVE'";
  private static final String UPSERT =
      """
    INSERT INTO availability_periods AS p (employee_id, kind, absence_type, start_at, end_at, note, source, external_id)
    VALUES ($1, $2, $3, $4, $5, $6, 'IMPORT', $7)
    ON CONFLICT (external_id) DO UPDATE SET employee_id = excluded.employee_id, kind = excluded.kind,
      absence_type = excluded.absence_type, start_at = excluded.start_at, end_at = excluded.end_at, note = excluded.note
    WHERE (p.employee_id, p.kind, p.absence_type, p.start_at, p.end_at, p.note)
      IS DISTINCT FROM (excluded.employee_id, excluded.kind, excluded.absence_type, excluded.start_at, excluded.end_at, excluded.note)
    RETURNING (xmax = 0) AS created, (SELECT employee_id FROM availability_periods WHERE external_id = $7) AS previous_employee
    """;
  private static final String REMOVE =
      """
    DELETE FROM availability_periods WHERE external_id = ANY($1::text[]) AND source = 'IMPORT' RETURNING employee_id
    """;
  private static final String SHIFT_WORKERS =
      """
    INSERT INTO availability_profiles (employee_id, mode) SELECT unnest($1::uuid[]), 'SHIFTS'
    ON CONFLICT (employee_id) DO UPDATE SET mode = 'SHIFTS', updated_at = now()
    """;

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
  private final java.util.function.Consumer<UUID[]> committed;

  /**
   * @param committed told, after the import commits, whose availability it changed (caches)
   */
  public AvailabilityImport(
      Pool pool, AvailabilityChanges changes, java.util.function.Consumer<UUID[]> committed) {
    this.pool = pool;
    this.changes = changes;
    this.committed = committed;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("importAvailability").addHandler(Responses.handle(this::run));
  }

  private Future<Reply> run(RoutingContext rc) {
    Principal admin = AuthHandler.requireAny(rc, Role.ADMIN);
    JsonArray periods = Validated.body(rc).getJsonArray("periods");
    List<JsonObject> rejected = new ArrayList<>();
    Map<String, Item> items = new LinkedHashMap<>();
    for (int i = 0; i < periods.size(); i++) {
      JsonObject p = periods.getJsonObject(i);
      String id = p.getString("externalId");
      String problem = null;
      OffsetDateTime start = null;
      OffsetDateTime end = null;
      boolean cancelled = p.getBoolean("cancelled", false);
      if (items.containsKey(id)) {
        problem = "externalId " + id + " appears twice in the file";
      } else if (!cancelled) {
        try {
          start = OffsetDateTime.parse(p.getString("start", ""));
          end = OffsetDateTime.parse(p.getString("end", ""));
          if (!end.isAfter(start)) {
            problem = "end is not after start";
          } else if (Duration.between(start, end).compareTo(LONGEST_IMPORTED) > 0) {
            problem = "longer than three years";
          } else if (p.getString("absenceType") != null && !"ABSENCE".equals(p.getString("kind"))) {
            problem = "only an ABSENCE has an absence type";
          } else if (p.getString("kind") == null || p.getString("employeeExternalId") == null) {
            problem = "kind and employeeExternalId are needed unless the period is cancelled";
          }
        } catch (DateTimeParseException e) {
          problem = "start and end must be dates and times with an offset";
        }
      }
      if (problem != null) {
        rejected.add(new JsonObject().put("index", i).put("externalId", id).put("reason", problem));
        continue;
      }
      String kind = p.getString("kind");
      items.put(
          id,
          new Item(
              i,
              id,
              p.getString("employeeExternalId"),
              kind,
              "ABSENCE".equals(kind) && p.getString("absenceType") == null
                  ? "OTHER"
                  : p.getString("absenceType"),
              start,
              end,
              p.getString("note"),
              cancelled));
    }
    Set<UUID> affected = new HashSet<>();
    return pool.withTransaction(
            tx -> importItems(tx, admin, new ArrayList<>(items.values()), rejected, affected))
        .onSuccess(v -> committed.accept(affected.toArray(new UUID[0])))
        .map(Reply::ok);
  }

  private Future<JsonObject> importItems(
      SqlClient tx,
      Principal admin,
      List<Item> items,
      List<JsonObject> rejected,
      Set<UUID> affected) {
    String[] employeeIds =
        items.stream()
            .filter(i -> !i.cancelled())
            .map(Item::employee)
            .distinct()
            .toArray(String[]::new);
    return tx.preparedQuery(EMPLOYEES)
        .execute(Tuple.of((Object) employeeIds))
        .compose(
            rows -> {
              Map<String, UUID> employees = new HashMap<>();
              rows.forEach(r -> employees.put(r.getString("external_id"), r.getUUID("id")));
              List<Item> upserts = new ArrayList<>();
              List<String> removals = new ArrayList<>();
              for (Item i : items) {
                if (i.cancelled()) {
                  removals.add(i.externalId());
                } else if (!employees.containsKey(i.employee())) {
                  rejected.add(
                      new JsonObject()
                          .put("index", i.index())
                          .put("externalId", i.externalId())
                          .put("reason", "no active employee " + i.employee()));
                } else {
                  upserts.add(i);
                }
              }
              Set<UUID> shiftWorkers = new HashSet<>();
              int[] counts = new int[3];
              Future<?> upserted =
                  upserts.isEmpty()
                      ? Future.succeededFuture()
                      : tx.preparedQuery(UPSERT)
                          .executeBatch(
                              upserts.stream()
                                  .map(
                                      i ->
                                          Tuple.from(
                                              new Object[] {
                                                employees.get(i.employee()),
                                                i.kind(),
                                                i.absenceType(),
                                                i.start(),
                                                i.end(),
                                                i.note(),
                                                i.externalId()
                                              }))
                                  .toList())
                          .map(
                              rs -> {
                                int index = 0;
                                for (RowSet<Row> r = rs; r != null; r = r.next(), index++) {
                                  Item item = upserts.get(index);
                                  UUID employee = employees.get(item.employee());
                                  if (r.rowCount() == 0) {
                                    counts[2]++;
                                    continue;
                                  }
                                  Row row = r.iterator().next();
                                  counts[row.getBoolean("created") ? 0 : 1]++;
                                  affected.add(employee);
                                  if (row.getUUID("previous_employee") != null) {
                                    affected.add(row.getUUID("previous_employee"));
                                  }
                                  if ("SHIFT".equals(item.kind())) {
                                    shiftWorkers.add(employee);
                                  }
                                }
                                return null;
                              });
              int[] removed = new int[1];
              return upserted
                  .compose(
                      v ->
                          removals.isEmpty()
                              ? Future.succeededFuture()
                              : tx.preparedQuery(REMOVE)
                                  .execute(Tuple.of((Object) removals.toArray(new String[0])))
                                  .map(
                                      rs -> {
                                        rs.forEach(r -> affected.add(r.getUUID("employee_id")));
                                        removed[0] = rs.rowCount();
                                        return null;
                                      }))
                  .compose(
                      v ->
                          shiftWorkers.isEmpty()
                              ? Future.succeededFuture()
                              : tx.preparedQuery(SHIFT_WORKERS)
                                  .execute(Tuple.of((Object) shiftWorkers.toArray(new UUID[0]))))
                  .compose(
                      v ->
                          affected.isEmpty()
                              ? Future.succeededFuture()
                              : changes.changed(tx, affected.toArray(new UUID[0])))
                  .compose(
                      v -> {
                        JsonObject result =
                            new JsonObject()
                                .put("created", counts[0])
                                .put("updated", counts[1])
                                .put("unchanged", counts[2])
                                .put("removed", removed[0])
                                .put("shiftWorkers", shiftWorkers.size())
                                .put(
                                    "rejected",
                                    new JsonArray(
                                        rejected.stream()
                                            .sorted(
                                                java.util.Comparator.comparing(
                                                    j -> j.getInteger("index")))
                                            .toList()));
                        return AuditLog.write(
                                tx,
                                new AuditLog.Entry(
                                    admin.id(),
                                    "AVAILABILITY_IMPORTED",
                                    "AVAILABILITY",
                                    "import",
                                    result.copy().put("rejected", rejected.size())))
                            .map(x -> result);
                      });
            });
  }
}
