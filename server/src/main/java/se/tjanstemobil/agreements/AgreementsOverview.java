package se.tjanstemobil.agreements;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.http.Csv;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.org.UnitTree;

/**
 * HR's overview per unit: agreements in force, those of them ending within 30 days, and those
 * waiting for a decision. For HR and admins every unit (or one with its subunits); for a manager
 * the units they manage. JSON, or CSV with `Accept: text/csv`.
 */
final class AgreementsOverview {

  static final int EXPIRING_DAYS = 30;
  private static final List<String> COLUMNS =
      List.of("unit", "active", "expiringIn30Days", "pending");

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
           count(*) FILTER (WHERE s.shown = 'SUBMITTED') AS pending
    FROM shown s JOIN units u ON u.id = s.unit_id
    GROUP BY s.unit_id, u.name
    HAVING count(*) FILTER (WHERE s.shown IN ('ACTIVE', 'SUBMITTED')) > 0
    ORDER BY u.name, s.unit_id
    """
              .formatted(AgreementStore.SHOWN, EXPIRING_DAYS);

  private final Pool pool;
  private final AgreementStore store;
  private final UnitTree tree;

  AgreementsOverview(Pool pool, AgreementStore store, UnitTree tree) {
    this.pool = pool;
    this.store = store;
    this.tree = tree;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("getAgreementsOverview").addHandler(Responses.handle(this::overview));
  }

  private Future<Reply> overview(RoutingContext rc) {
    Principal who = AuthHandler.principal(rc);
    String unit = Validated.query(rc, "unitId");
    UUID unitId = unit == null ? null : UUID.fromString(unit);
    LocalDate today = store.today();
    return tree.reportScope(who, unitId)
        .compose(
            scope ->
                pool.preparedQuery(OVERVIEW).execute(Tuple.of(today, scope.roots(), scope.all())))
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              long active = 0;
              long expiring = 0;
              long pending = 0;
              for (Row r : rows) {
                items.add(
                    new JsonObject()
                        .put(
                            "unit",
                            new JsonObject()
                                .put("id", r.getUUID("unit_id").toString())
                                .put("name", r.getString("unit_name")))
                        .put("active", r.getLong("active"))
                        .put("expiringIn30Days", r.getLong("expiring"))
                        .put("pending", r.getLong("pending")));
                active += r.getLong("active");
                expiring += r.getLong("expiring");
                pending += r.getLong("pending");
              }
              if (Csv.wanted(rc)) {
                StringBuilder csv = new StringBuilder(Csv.line(COLUMNS));
                for (Object o : items) {
                  JsonObject i = (JsonObject) o;
                  csv.append(
                      Csv.line(
                          List.of(
                              i.getJsonObject("unit").getString("name"),
                              i.getLong("active"),
                              i.getLong("expiringIn30Days"),
                              i.getLong("pending"))));
                }
                return Reply.text(Csv.CONTENT_TYPE, csv.toString());
              }
              return Reply.ok(
                  new JsonObject()
                      .put("date", today.toString())
                      .put("rows", items)
                      .put(
                          "totals",
                          new JsonObject()
                              .put("active", active)
                              .put("expiringIn30Days", expiring)
                              .put("pending", pending)));
            });
  }
}
