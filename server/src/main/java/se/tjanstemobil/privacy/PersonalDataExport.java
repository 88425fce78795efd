package se.tjanstemobil.privacy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.http.ReaderLanguage;
import se.tjanstemobil.http.Times;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.i18n.Words;

/**
 * GET /me/export: everything the service holds about the person asking (GDPR art. 15), as one JSON
 * document: profile and roles, phones, availability, messages received and sent, the after-hours
 * log, bookings, waitlist, calendar feed, remote-work agreements and what the audit log says they
 * did or what was done to them. Each section is one query on their id; nothing of other people
 * beyond the names that appear with their data (a sender, a manager).
 */
public final class PersonalDataExport {

  // Each section: its name and a query whose $1 is the employee's id; every column goes out.
  private static final Map<String, String> SECTIONS = new LinkedHashMap<>();

  static {
    SECTIONS.put(
        "employee",
        """
      SELECT e.id, e.external_id, e.name, e.email, e.locale, e.time_zone, e.status, e.left_at, e.created_at, e.updated_at,
             u.name AS unit FROM employees e LEFT JOIN units u ON u.id = e.unit_id WHERE e.id = $1""");
    SECTIONS.put(
        "roles",
        """
      SELECT g.role, coalesce(u.name, h.name) AS scope, g.source, g.created_at FROM role_grants g
      LEFT JOIN units u ON u.id = g.unit_id LEFT JOIN hubs h ON h.id = g.hub_id WHERE g.employee_id = $1 ORDER BY g.created_at""");
    SECTIONS.put(
        "devices",
        """
      SELECT device_key, platform, app_version, model, status, retired_reason, push_token IS NOT NULL AS push_enabled, token_dropped,
             registered_at, last_seen_at FROM devices WHERE employee_id = $1 ORDER BY registered_at""");
    SECTIONS.put(
        "availabilityProfile",
        """
      SELECT weekly, mode, dnd_until, digest, hide_outside_hours, muted_categories, updated_at FROM availability_profiles
      WHERE employee_id = $1""");
    SECTIONS.put(
        "availabilityPeriods",
        """
      SELECT kind, absence_type, start_at, end_at, source, note, created_at FROM availability_periods WHERE employee_id = $1
      ORDER BY start_at""");
    SECTIONS.put(
        "messagesReceived",
        """
      SELECT m.id AS message_id, m.title, m.body, m.category, m.priority, s.name AS sender, m.send_at, i.visible_at, i.delivered_at,
             i.read_at, i.acknowledged_at, i.held_reason, i.reachable_at AS held_until
      FROM inbox_entries i JOIN messages m ON m.id = i.message_id LEFT JOIN employees s ON s.id = m.sender_id
      WHERE i.employee_id = $1 ORDER BY i.visible_at""");
    SECTIONS.put(
        "messagesSent",
        """
      SELECT id, title, body, category, priority, urgent_reason, audience, send_at, cancelled_at, recipient_count, created_at
      FROM messages WHERE sender_id = $1 ORDER BY created_at""");
    SECTIONS.put(
        "afterHoursLog",
        """
      SELECT b.message_id, m.title, s.name AS sender, b.passed, b.at FROM break_throughs b JOIN messages m ON m.id = b.message_id
      LEFT JOIN employees s ON s.id = b.sender_id WHERE b.employee_id = $1 ORDER BY b.at""");
    SECTIONS.put(
        "bookings",
        """
      SELECT b.id, h.name AS hub, r.name AS resource, lower(b.period) AS start_at, upper(b.period) AS end_at, b.status, b.checked_in_at,
             b.cancelled_at, b.cancel_reason, b.created_at
      FROM bookings b JOIN resources r ON r.id = b.resource_id JOIN hubs h ON h.id = b.hub_id WHERE b.employee_id = $1
      ORDER BY lower(b.period)""");
    SECTIONS.put(
        "waitlist",
        """
      SELECT w.id, h.name AS hub, w.kind, lower(w.wanted) AS start_at, upper(w.wanted) AS end_at, w.status, w.created_at
      FROM waitlist w JOIN hubs h ON h.id = w.hub_id WHERE w.employee_id = $1 ORDER BY w.created_at""");
    SECTIONS.put(
        "calendarFeed",
        "SELECT created_at, last_used_at FROM calendar_feeds WHERE employee_id = $1");
    SECTIONS.put(
        "remoteAgreements",
        """
      SELECT a.id, a.status, a.valid_from, a.valid_to, a.weekdays, a.share_percent, a.places, a.tasks, a.working_hours,
             a.reachability, a.equipment, a.checklist, a.review_date, a.employee_comment, a.manager_comment, a.ends_on,
             a.termination_reason, ap.name AS approver, a.submitted_at, a.decided_at, a.created_at
      FROM remote_agreements a LEFT JOIN employees ap ON ap.id = a.approver_id WHERE a.employee_id = $1 ORDER BY a.created_at""");
    SECTIONS.put(
        "auditLog",
        """
      SELECT at, action, object_type, object_id, details, actor_id = $1 AS by_me FROM audit_log
      WHERE actor_id = $1 OR object_id = $1::text ORDER BY id""");
  }

  // Sections of at most one row, exported as that row.
  private static final Set<String> SINGLE_ROW =
      Set.of("employee", "availabilityProfile", "calendarFeed");

  private final Pool pool;
  private final Clock clock;

  public PersonalDataExport(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("exportMyData").addHandler(this::export);
  }

  private void export(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    document(me, ReaderLanguage.of(rc))
        .onSuccess(
            out ->
                rc.response()
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .putHeader("Content-Language", ReaderLanguage.of(rc).code())
                    .putHeader(
                        "Content-Disposition",
                        "attachment; filename=\"tjanstemobil-"
                            + me.externalId().replaceAll("[^A-Za-z0-9._-]", "_")
                            + ".json\"")
                    .end(out.encodePrettily()))
        .onFailure(rc::fail);
  }

  /**
   * The export: every section's query at once, then each section's rows in order, with what it is
   * and what each section holds in the person's language.
   */
  private Future<JsonObject> document(Principal me, Language language) {
    Map<String, Future<RowSet<Row>>> queries = new LinkedHashMap<>();
    SECTIONS.forEach(
        (name, sql) -> queries.put(name, pool.preparedQuery(sql).execute(Tuple.of(me.id()))));
    return Future.all(new ArrayList<>(queries.values()))
        .map(
            all -> {
              Instant now = clock.instant();
              ZoneId zone = ZoneId.of(me.timeZone());
              JsonObject contents = new JsonObject();
              SECTIONS.keySet().forEach(name -> contents.put(name, about(name).in(language)));
              JsonObject out =
                  new JsonObject()
                      .put("exportedAt", Times.format(OffsetDateTime.now(clock)))
                      .put(
                          "about",
                          Text.of(
                                  "privacy.export.about",
                                  me.name(),
                                  me.externalId(),
                                  Words.at(now, zone, now))
                              .in(language))
                      .put("contents", contents);
              queries.forEach((name, rows) -> out.put(name, section(name, rows.result())));
              return out;
            });
  }

  /** What a section holds, for the person reading the export. */
  private static Text about(String section) {
    String key = "privacy.export.section." + section;
    return Text.of(key);
  }

  /** A section's rows; a section of one row (or none) is that row (or null). */
  private static Object section(String name, RowSet<Row> rows) {
    JsonArray list = new JsonArray();
    rows.forEach(r -> list.add(json(r)));
    if (!SINGLE_ROW.contains(name)) {
      return list;
    }
    return list.isEmpty() ? null : list.getJsonObject(0);
  }

  /** A row as JSON, times as RFC 3339 text, column names in camelCase. */
  private static JsonObject json(Row r) {
    JsonObject o = new JsonObject();
    for (int c = 0; c < r.size(); c++) {
      Object v = r.getValue(c);
      if (v instanceof OffsetDateTime t) {
        v = Times.format(t);
      } else if (v instanceof LocalDate
          || v instanceof LocalTime
          || v instanceof UUID
          || v instanceof Temporal) {
        v = v.toString();
      } else if (v instanceof String[] a) {
        v = new JsonArray(List.of(a));
      } else if (v != null && v.getClass().isArray()) {
        v = String.valueOf(v);
      }
      o.put(camel(r.getColumnName(c)), v);
    }
    return o;
  }

  private static String camel(String column) {
    StringBuilder out = new StringBuilder();
    boolean up = false;
    for (int i = 0; i < column.length(); i++) {
      char ch = column.charAt(i);
      if (ch == '_') {
        up = true;
      } else {
        out.append(up ? Character.toUpperCase(ch) : ch);
        up = false;
      }
    }
    return out.toString();
  }
}
