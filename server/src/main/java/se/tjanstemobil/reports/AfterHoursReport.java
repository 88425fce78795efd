package se.tjanstemobil.reports;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.config.AppConfig;
import se.tjanstemobil.http.Csv;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.ReaderLanguage;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.messaging.Notices;
import se.tjanstemobil.org.Settings;
import se.tjanstemobil.org.UnitTree;

/**
 * The after-hours report for the work-environment follow-up (skyddsrond): per unit of the
 * recipients and per sender, in one month, how many messages reached people, how many of them were
 * held for people who were off, and how many URGENT ones broke through, to how many people. HR and
 * admins see any unit (or all); a manager sees the units they manage. JSON, or CSV with `Accept:
 * text/csv`.
 */
public final class AfterHoursReport {

  /** The rows' fields, in the CSV's order; each column's heading is reports.afterHours.column.*. */
  private static final String[] COLUMNS = {
    "unit", "sender", "messages", "recipients", "held", "breakThroughs", "breakThroughMessages"
  };

  private static final String COLUMN = "reports.afterHours.column.";

  private final Pool pool;
  private final UnitTree tree;
  private final ReportStore store = new ReportStore();
  private final ZoneId zone;

  /**
   * @param config the organisation's time zone (organisation.defaultTimeZone, {@link Settings})
   */
  public AfterHoursReport(Pool pool, UnitTree tree, AppConfig config) {
    this.pool = pool;
    this.tree = tree;
    this.zone = Settings.from(config).defaultTimeZone();
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("getAfterHoursReport").addHandler(Responses.handle(this::report));
  }

  private Future<Reply> report(RoutingContext rc) {
    Principal who = AuthHandler.requireAny(rc, Role.HR, Role.ADMIN, Role.MANAGER);
    YearMonth month;
    try {
      month = YearMonth.parse(Validated.query(rc, "month"));
    } catch (DateTimeParseException | NullPointerException e) {
      throw Problem.badRequest("month", Text.of("reports.month.invalid"));
    }
    String unit = Validated.query(rc, "unitId");
    UUID unitId = unit == null ? null : UUID.fromString(unit);
    YearMonth m = month;
    boolean csv = Csv.wanted(rc);
    Language language = ReaderLanguage.of(rc);
    return tree.reportScope(who, unitId)
        .compose(
            scope ->
                store.afterHours(
                    pool,
                    scope,
                    m.atDay(1).atStartOfDay(zone).toOffsetDateTime(),
                    m.plusMonths(1).atDay(1).atStartOfDay(zone).toOffsetDateTime()))
        .map(rows -> reply(rows, m, who, csv ? language : null));
  }

  /** The report as JSON, or as CSV with its headings in {@code csvLanguage} when one is given. */
  private Reply reply(
      List<ReportStore.AfterHours> rows, YearMonth m, Principal who, Language csvLanguage) {
    JsonArray items = new JsonArray();
    rows.forEach(r -> items.add(json(r, who)));
    if (csvLanguage != null) {
      return Reply.text(Csv.CONTENT_TYPE, toCsv(items, csvLanguage));
    }
    return Reply.ok(
        new JsonObject()
            .put("month", m.toString())
            .put("timeZone", zone.getId())
            .put("rows", items)
            .put("totals", totals(items)));
  }

  private static JsonObject json(ReportStore.AfterHours r, Principal who) {
    return new JsonObject()
        .put(
            "unit",
            r.unitId() == null
                ? null
                : new JsonObject().put("id", r.unitId().toString()).put("name", r.unitName()))
        .put("sender", Notices.sender(r.senderId(), r.senderName(), who.locale()))
        .put("messages", r.messages())
        .put("recipients", r.recipients())
        .put("held", r.held())
        .put("breakThroughs", r.breakThroughs())
        .put("breakThroughMessages", r.breakThroughMessages());
  }

  private static JsonObject totals(JsonArray rows) {
    JsonObject t = new JsonObject();
    for (String c :
        new String[] {"messages", "recipients", "held", "breakThroughs", "breakThroughMessages"}) {
      long sum = 0;
      for (Object o : rows) {
        sum += ((JsonObject) o).getLong(c);
      }
      t.put(c, sum);
    }
    return t;
  }

  static String toCsv(JsonArray rows, Language language) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < COLUMNS.length; i++) {
      String heading = COLUMN + COLUMNS[i];
      out.append(i == 0 ? "" : ",").append(Csv.quote(Text.of(heading).in(language)));
    }
    out.append("\r\n");
    String noUnit = Text.of("reports.afterHours.noUnit").in(language);
    for (Object o : rows) {
      JsonObject r = (JsonObject) o;
      out.append(
              Csv.quote(
                  r.getJsonObject("unit") == null
                      ? noUnit
                      : r.getJsonObject("unit").getString("name")))
          .append(',')
          .append(Csv.quote(r.getJsonObject("sender").getString("name")));
      for (int i = 2; i < COLUMNS.length; i++) {
        out.append(',').append(r.getLong(COLUMNS[i]));
      }
      out.append("\r\n");
    }
    return out.toString();
  }
}
