package se.tjanstemobil.reports;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.config.AppConfig;
import se.tjanstemobil.http.Csv;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
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

  private static final String REPORT =
      UnitTree.subtree(1)
          + """
    , entries AS (
      SELECT e.unit_id, m.sender_id, i.message_id, i.held_reason, b.passed IS NOT NULL AS broke_through
      FROM messages m
      JOIN inbox_entries i ON i.message_id = m.id
      JOIN employees e ON e.id = i.employee_id
      LEFT JOIN break_throughs b ON b.message_id = i.message_id AND b.employee_id = i.employee_id
      WHERE m.send_at >= $2 AND m.send_at < $3 AND ($4 OR e.unit_id IN (SELECT id FROM scope))
    )
    SELECT x.unit_id, u.name AS unit_name, x.sender_id, s.name AS sender_name,
           count(DISTINCT x.message_id) AS messages,
           count(*) AS recipients,
           count(*) FILTER (WHERE x.held_reason IS NOT NULL) AS held,
           count(*) FILTER (WHERE x.broke_through) AS break_throughs,
           count(DISTINCT x.message_id) FILTER (WHERE x.broke_through) AS break_through_messages
    FROM entries x LEFT JOIN units u ON u.id = x.unit_id LEFT JOIN employees s ON s.id = x.sender_id
    GROUP BY x.unit_id, u.name, x.sender_id, s.name
    ORDER BY u.name NULLS LAST, s.name, x.sender_id
    """;
  private static final String[] COLUMNS = {
    "unit", "sender", "messages", "recipients", "held", "breakThroughs", "breakThroughMessages"
  };

  private final Pool pool;
  private final UnitTree tree;
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
      throw Problem.badRequest("month", "must be a month like 2026-11");
    }
    String unit = Validated.query(rc, "unitId");
    UUID unitId = unit == null ? null : UUID.fromString(unit);
    YearMonth m = month;
    boolean csv = Csv.wanted(rc);
    return tree.reportScope(who, unitId)
        .compose(
            scope ->
                pool.preparedQuery(REPORT)
                    .execute(
                        Tuple.of(
                            scope.roots(),
                            m.atDay(1).atStartOfDay(zone).toOffsetDateTime(),
                            m.plusMonths(1).atDay(1).atStartOfDay(zone).toOffsetDateTime(),
                            scope.all())))
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              for (Row r : rows) {
                items.add(
                    new JsonObject()
                        .put(
                            "unit",
                            r.getUUID("unit_id") == null
                                ? null
                                : new JsonObject()
                                    .put("id", r.getUUID("unit_id").toString())
                                    .put("name", r.getString("unit_name")))
                        .put(
                            "sender",
                            Notices.sender(
                                r.getUUID("sender_id"), r.getString("sender_name"), who.locale()))
                        .put("messages", r.getLong("messages"))
                        .put("recipients", r.getLong("recipients"))
                        .put("held", r.getLong("held"))
                        .put("breakThroughs", r.getLong("break_throughs"))
                        .put("breakThroughMessages", r.getLong("break_through_messages")));
              }
              JsonObject body =
                  new JsonObject()
                      .put("month", m.toString())
                      .put("timeZone", zone.getId())
                      .put("rows", items)
                      .put("totals", totals(items));
              return csv ? Reply.text(Csv.CONTENT_TYPE, toCsv(items)) : Reply.ok(body);
            });
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

  static String toCsv(JsonArray rows) {
    StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
    for (Object o : rows) {
      JsonObject r = (JsonObject) o;
      out.append(
              Csv.quote(
                  r.getJsonObject("unit") == null ? "" : r.getJsonObject("unit").getString("name")))
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
