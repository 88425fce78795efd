package se.tjanstemobil.availability;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The organisation's default weekly hours come from configuration (availability.defaultWeekly), so
 * they change with a restart. The database keeps the hours the held pushes were planned with; a
 * start that finds other hours configured re-plans the pushes held for everyone on the default (no
 * weekly pattern of their own), in one transaction, as any change of availability does. Instances
 * starting together take turns on the one row: the first moves the pushes, the others find the
 * hours recorded. Instances sharing a database must share this setting.
 */
final class DefaultHours {

  private static final Logger log = LoggerFactory.getLogger(DefaultHours.class);

  private static final String ENSURE =
      "INSERT INTO availability_defaults (id) VALUES (true) ON CONFLICT (id) DO NOTHING";
  private static final String RECORDED =
      "SELECT weekly FROM availability_defaults WHERE id FOR UPDATE";
  private static final String RECORD =
      "UPDATE availability_defaults SET weekly = $1, changed_at = now() WHERE id";
  // Held pushes planned with the default hours: their people have no pattern of their own and go by
  // the week.
  private static final String ON_DEFAULT_WITH_HELD =
      """
    SELECT DISTINCT d.employee_id FROM deliveries d LEFT JOIN availability_profiles p ON p.employee_id = d.employee_id
    WHERE d.status = 'HELD' AND p.weekly IS NULL AND coalesce(p.mode, 'WEEKLY') = 'WEEKLY'
    """;

  private final JsonArray configured;
  private final AvailabilityChanges changes;

  DefaultHours(List<WeeklyInterval> configured, AvailabilityChanges changes) {
    this.configured = WeeklyPattern.toJson(configured);
    this.changes = changes;
  }

  /** Re-plans what was held with other default hours than the configured ones; records these. */
  public Future<Void> replanIfChanged(Pool pool) {
    return pool.withTransaction(
        tx ->
            tx.query(ENSURE)
                .execute()
                .compose(v -> tx.query(RECORDED).execute())
                .compose(
                    rows -> {
                      Object recorded = rows.iterator().next().getValue("weekly");
                      if (configured.equals(recorded)) {
                        return Future.succeededFuture();
                      }
                      return tx.preparedQuery(RECORD)
                          .execute(Tuple.of(configured))
                          .compose(v -> tx.query(ON_DEFAULT_WITH_HELD).execute())
                          .compose(
                              held -> {
                                List<UUID> employees = new ArrayList<>(held.size());
                                for (Row r : held) {
                                  employees.add(r.getUUID("employee_id"));
                                }
                                if (recorded != null || !employees.isEmpty()) {
                                  log.info(
                                      "The organisation's default working hours are not the ones held pushes were planned with: "
                                          + "re-planning the held pushes of {} employees on them",
                                      employees.size());
                                }
                                return employees.isEmpty()
                                    ? Future.<Void>succeededFuture()
                                    : changes.changed(tx, employees.toArray(new UUID[0]));
                              });
                    }));
  }
}
