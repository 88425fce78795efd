package se.tjanstemobil.messaging;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Who a message is for: units (optionally with their subunits), individual employees, everyone
 * holding a role, the people booked at a hub on a day, or everyone. The union, each person once;
 * only active employees.
 */
public record Audience(
    List<UnitPick> units,
    Set<UUID> employees,
    Set<String> roles,
    List<HubPick> hubs,
    boolean everyone) {

  public record UnitPick(UUID id, boolean includeSubunits) {}

  /** The people booked (booked or checked in) at a hub on a hub-local day. */
  public record HubPick(UUID id, LocalDate date) {}

  /**
   * Resolves the audience to employee ids in SQL: $1 unit ids, $2 include-subunits flags, $3
   * employees, $4 roles, $5 everyone, $6 and $7 hub ids and their days.
   */
  static final String RECIPIENTS_CTE =
      """
    WITH RECURSIVE picked(id, subs) AS (
      SELECT * FROM unnest($1::uuid[], $2::boolean[])
    ), tree(id, subs) AS (
      SELECT id, subs FROM picked
      UNION
      SELECT c.id, true FROM units c JOIN tree t ON c.parent_id = t.id WHERE t.subs
    ), recipients AS (
      SELECT e.id FROM employees e
      WHERE e.status = 'ACTIVE' AND (
        $5::boolean
        OR e.unit_id IN (SELECT id FROM tree)
        OR e.id = ANY($3::uuid[])
        OR EXISTS (SELECT 1 FROM role_grants g WHERE g.employee_id = e.id AND g.role = ANY($4::text[]))
        OR EXISTS (SELECT 1 FROM bookings b JOIN unnest($6::uuid[], $7::date[]) AS h(hub, day)
                     ON b.hub_id = h.hub AND b.local_date = h.day
                   WHERE b.employee_id = e.id AND b.status IN ('BOOKED', 'CHECKED_IN')))
    )
    """;

  public static Audience parse(JsonObject json) {
    List<UnitPick> units = new ArrayList<>();
    for (Object o : json.getJsonArray("units", new JsonArray())) {
      JsonObject u = (JsonObject) o;
      units.add(
          new UnitPick(UUID.fromString(u.getString("id")), u.getBoolean("includeSubunits", false)));
    }
    Set<UUID> employees = new LinkedHashSet<>();
    json.getJsonArray("employees", new JsonArray())
        .forEach(e -> employees.add(UUID.fromString((String) e)));
    Set<String> roles = new LinkedHashSet<>();
    json.getJsonArray("roles", new JsonArray()).forEach(r -> roles.add((String) r));
    List<HubPick> hubs = new ArrayList<>();
    for (Object o : json.getJsonArray("hubs", new JsonArray())) {
      JsonObject h = (JsonObject) o;
      HubPick pick =
          new HubPick(UUID.fromString(h.getString("id")), LocalDate.parse(h.getString("date")));
      if (!hubs.contains(pick)) {
        hubs.add(pick);
      }
    }
    return new Audience(units, employees, roles, hubs, json.getBoolean("everyone", false));
  }

  public boolean isEmpty() {
    return units.isEmpty() && employees.isEmpty() && roles.isEmpty() && hubs.isEmpty() && !everyone;
  }

  /** The parameters $1..$7 of {@link #RECIPIENTS_CTE}. */
  Object[] sqlArguments() {
    UUID[] unitIds = units.stream().map(UnitPick::id).toArray(UUID[]::new);
    Boolean[] subs = units.stream().map(UnitPick::includeSubunits).toArray(Boolean[]::new);
    UUID[] hubIds = hubs.stream().map(HubPick::id).toArray(UUID[]::new);
    LocalDate[] days = hubs.stream().map(HubPick::date).toArray(LocalDate[]::new);
    return new Object[] {
      unitIds,
      subs,
      employees.toArray(new UUID[0]),
      roles.toArray(new String[0]),
      everyone,
      hubIds,
      days
    };
  }

  public JsonObject toJson() {
    JsonArray u = new JsonArray();
    units.forEach(
        p ->
            u.add(
                new JsonObject()
                    .put("id", p.id().toString())
                    .put("includeSubunits", p.includeSubunits())));
    JsonArray e = new JsonArray();
    employees.forEach(id -> e.add(id.toString()));
    JsonArray h = new JsonArray();
    hubs.forEach(
        p -> h.add(new JsonObject().put("id", p.id().toString()).put("date", p.date().toString())));
    return new JsonObject()
        .put("units", u)
        .put("employees", e)
        .put("roles", new JsonArray(new ArrayList<>(roles)))
        .put("hubs", h)
        .put("everyone", everyone);
  }
}
