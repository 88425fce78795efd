package se.tjanstemobil.agreements;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.http.Csv;
import se.tjanstemobil.http.ReaderLanguage;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.org.UnitTree;

/**
 * HR's overview per unit: agreements in force, those of them ending within 30 days, approved ones
 * that have not begun yet, and those waiting for a decision: the same states the list of agreements
 * counts (ACTIVE, APPROVED, SUBMITTED). For HR and admins every unit (or one with its subunits);
 * for a manager the units they manage. JSON, or CSV with `Accept: text/csv`.
 */
final class AgreementsOverview {

  static final int EXPIRING_DAYS = 30;

  /** The CSV's columns: the headers' keys (agreements.overview.*), in the reader's language. */
  private static final List<String> COLUMNS =
      List.of("unit", "active", "expiringIn30Days", "approved", "pending");

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
        .compose(scope -> store.overview(pool, today, scope))
        .map(
            rows ->
                Csv.wanted(rc)
                    ? Reply.text(Csv.CONTENT_TYPE, csv(rows, ReaderLanguage.of(rc)))
                    : Reply.ok(json(today, rows)));
  }

  private static JsonObject json(LocalDate today, List<AgreementStore.UnitCounts> rows) {
    JsonArray items = new JsonArray();
    long active = 0;
    long expiring = 0;
    long approved = 0;
    long pending = 0;
    for (AgreementStore.UnitCounts r : rows) {
      items.add(
          new JsonObject()
              .put(
                  "unit",
                  new JsonObject().put("id", r.unitId().toString()).put("name", r.unitName()))
              .put("active", r.active())
              .put("expiringIn30Days", r.expiring())
              .put("approved", r.approved())
              .put("pending", r.pending()));
      active += r.active();
      expiring += r.expiring();
      approved += r.approved();
      pending += r.pending();
    }
    return new JsonObject()
        .put("date", today.toString())
        .put("rows", items)
        .put(
            "totals",
            new JsonObject()
                .put("active", active)
                .put("expiringIn30Days", expiring)
                .put("approved", approved)
                .put("pending", pending));
  }

  private static String csv(List<AgreementStore.UnitCounts> rows, Language language) {
    StringBuilder csv =
        new StringBuilder(
            Csv.line(
                COLUMNS.stream()
                    .map(c -> new Text("agreements.overview." + c, List.of()).in(language))
                    .toList()));
    for (AgreementStore.UnitCounts r : rows) {
      csv.append(
          Csv.line(List.of(r.unitName(), r.active(), r.expiring(), r.approved(), r.pending())));
    }
    return csv.toString();
  }
}
