package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.availability.WeeklyPattern;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.i18n.Text;

/**
 * The SQL of hubs and their resources: each method runs on the client it is given (the pool, or the
 * caller's transaction), takes and returns records. Who administers a hub is read here too (a read
 * of org's grants for the hub's page); granting it is org's, see {@code org.RoleGrants}.
 */
final class HubStore {

  private static final String LIST =
      "SELECT "
          + Hub.COLUMNS
          + """

    FROM hubs h WHERE ($1::text IS NULL OR lower(h.municipality) = lower($1)) ORDER BY h.municipality, h.name
    """;
  private static final String ONE = "SELECT " + Hub.COLUMNS + " FROM hubs h WHERE h.id = $1";
  private static final String OF_RESOURCE =
      "SELECT " + Hub.COLUMNS + " FROM resources r JOIN hubs h ON h.id = r.hub_id WHERE r.id = $1";
  private static final String ADMINS =
      """
    SELECT e.id, e.name, e.email FROM role_grants g JOIN employees e ON e.id = g.employee_id
    WHERE g.role = 'HUB_ADMIN' AND g.hub_id = $1 AND e.status = 'ACTIVE' ORDER BY e.name
    """;
  private static final String INSERT_HUB =
      """
    INSERT INTO hubs (external_id, name, municipality, address, latitude, longitude, time_zone, owner_kind, owner_name,
                      description, opening_hours, horizon_days, min_minutes, max_minutes, max_per_day,
                      check_in_before_minutes, check_in_after_minutes, offer_hold_minutes)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
    RETURNING id
    """;
  private static final String UPDATE_HUB =
      """
    UPDATE hubs SET name = $2, municipality = $3, address = $4, latitude = $5, longitude = $6, time_zone = $7,
      owner_kind = $8, owner_name = $9, description = $10, opening_hours = $11, horizon_days = $12, min_minutes = $13,
      max_minutes = $14, max_per_day = $15, check_in_before_minutes = $16, check_in_after_minutes = $17,
      offer_hold_minutes = $18, updated_at = now()
    WHERE id = $1
    """;
  private static final String ACTIVE_EMPLOYEE =
      "SELECT id FROM employees WHERE id = $1 AND status = 'ACTIVE'";
  private static final String RESOURCE_COLUMNS =
      "id, hub_id, kind, name, capacity, features, active";
  private static final String INSERT_RESOURCE =
      "INSERT INTO resources (hub_id, kind, name, capacity, features) VALUES ($1, $2, $3, $4, $5)"
          + " RETURNING "
          + RESOURCE_COLUMNS;
  private static final String RESOURCE_NAME =
      "SELECT name FROM resources WHERE id = $1 AND hub_id = $2";
  private static final String RESOURCE_FOR_UPDATE =
      "SELECT " + RESOURCE_COLUMNS + " FROM resources WHERE id = $1 FOR UPDATE";
  private static final String UPDATE_RESOURCE =
      "UPDATE resources SET name = $2, capacity = $3, features = $4, active = $5, kind = $6,"
          + " updated_at = now() WHERE id = $1 RETURNING "
          + RESOURCE_COLUMNS;

  private static final String RESOURCES =
      """
    SELECT id, hub_id, kind, name, capacity, features, active FROM resources WHERE hub_id = ANY($1::uuid[])
    ORDER BY hub_id, CASE kind WHEN 'DESK' THEN 1 WHEN 'ROOM' THEN 2 ELSE 3 END, name
    """;

  // A booking is at most a day long, so one touching the window starts on its first local date,
  // the day before, or a date inside: the (hub_id, local_date) index finds them.
  private static final String BOOKINGS =
      """
    SELECT b.id, b.resource_id, b.hub_id, b.employee_id, %s AS employee_name, lower(b.period) AS start_at,
           upper(b.period) AS end_at, b.status, b.cancel_reason
    FROM bookings b %s
    WHERE b.hub_id = ANY($1::uuid[]) AND b.local_date BETWEEN $4 AND $5 AND b.period && tstzrange($2, $3) %s
    ORDER BY lower(b.period), b.id
    """;
  private static final String LIVE =
      String.format(BOOKINGS, "NULL::text", "", "AND b.status IN " + BookingStatus.LIVE_SQL);
  private static final String LIVE_WITH_NAMES =
      String.format(
          BOOKINGS,
          "e.name",
          "JOIN employees e ON e.id = b.employee_id",
          "AND b.status IN " + BookingStatus.LIVE_SQL);
  private static final String EVERYTHING =
      String.format(BOOKINGS, "e.name", "JOIN employees e ON e.id = b.employee_id", "");
  private static final String CLOSURES =
      """
    SELECT id, hub_id, resource_id, lower(period) AS start_at, upper(period) AS end_at, reason FROM closures
    WHERE hub_id = ANY($1::uuid[]) AND period && tstzrange($2, $3) ORDER BY lower(period)
    """;

  /** A bookable thing of a hub, as its row holds it. */
  record Resource(
      UUID id,
      UUID hubId,
      String kind,
      String name,
      int capacity,
      List<String> features,
      boolean active) {

    static Resource of(Row r) {
      return new Resource(
          r.getUUID("id"),
          r.getUUID("hub_id"),
          r.getString("kind"),
          r.getString("name"),
          r.getInteger("capacity"),
          List.of(r.getArrayOfStrings("features")),
          r.getBoolean("active"));
    }
  }

  /** An administrator of a hub, for its page. */
  record Admin(UUID id, String name, String email) {}

  /** A hub with its resources and administrators. */
  record Details(Hub hub, List<Resource> resources, List<Admin> admins) {}

  private HubStore() {}

  /** The hubs, in a municipality or all (null), by municipality and name. */
  static Future<List<Hub>> list(SqlClient db, String municipality) {
    return db.preparedQuery(LIST)
        .execute(Tuple.of(municipality))
        .map(
            rows -> {
              List<Hub> hubs = new ArrayList<>();
              rows.forEach(r -> hubs.add(Hub.of(r)));
              return hubs;
            });
  }

  /** The hub; 404 when there is none. */
  static Future<Hub> load(SqlClient db, UUID id) {
    return db.preparedQuery(ONE).execute(Tuple.of(id)).map(HubStore::found);
  }

  /**
   * The hub, locked for this transaction (a closure or a change of rules waits for bookings, and
   * they for it).
   */
  static Future<Hub> loadForUpdate(SqlClient db, UUID id) {
    return db.preparedQuery(ONE + " FOR UPDATE").execute(Tuple.of(id)).map(HubStore::found);
  }

  /** The hub of the resource; null when there is no such resource. */
  static Future<Hub> ofResource(SqlClient db, UUID resource) {
    return db.preparedQuery(OF_RESOURCE)
        .execute(Tuple.of(resource))
        .map(rows -> rows.size() == 0 ? null : Hub.of(rows.iterator().next()));
  }

  private static Hub found(RowSet<Row> rows) {
    if (rows.size() == 0) {
      throw Problem.notFound(Text.of("hubs.notFound.hub"));
    }
    return Hub.of(rows.iterator().next());
  }

  /** The hub (404 when there is none) with its resources and active administrators. */
  static Future<Details> details(SqlClient db, UUID id) {
    return load(db, id)
        .compose(
            hub ->
                Future.all(
                        db.preparedQuery(RESOURCES).execute(Tuple.of((Object) new UUID[] {id})),
                        db.preparedQuery(ADMINS).execute(Tuple.of(id)))
                    .map(
                        all -> {
                          List<Resource> resources = new ArrayList<>();
                          all.<RowSet<Row>>resultAt(0).forEach(r -> resources.add(Resource.of(r)));
                          List<Admin> admins = new ArrayList<>();
                          all.<RowSet<Row>>resultAt(1)
                              .forEach(
                                  a ->
                                      admins.add(
                                          new Admin(
                                              a.getUUID("id"),
                                              a.getString("name"),
                                              a.getString("email"))));
                          return new Details(hub, resources, admins);
                        }));
  }

  /**
   * Loads what touches [from, to) at these hubs, whose local dates there run from firstDate to
   * lastDate (inclusive).
   */
  static Future<HubDay> day(
      SqlClient db,
      UUID[] hubs,
      Instant from,
      Instant to,
      LocalDate firstDate,
      LocalDate lastDate,
      HubDay.Detail detail) {
    Tuple window =
        Tuple.tuple()
            .addValue(hubs)
            .addValue(from.atOffset(ZoneOffset.UTC))
            .addValue(to.atOffset(ZoneOffset.UTC))
            .addValue(firstDate.minusDays(1))
            .addValue(lastDate);
    String bookings =
        switch (detail) {
          case LIVE -> LIVE;
          case LIVE_WITH_NAMES -> LIVE_WITH_NAMES;
          case EVERYTHING -> EVERYTHING;
        };
    HubDay day = new HubDay();
    Future<Void> r =
        db.preparedQuery(RESOURCES)
            .execute(Tuple.of((Object) hubs))
            .map(
                rows -> {
                  for (Row row : rows) {
                    day.resources
                        .computeIfAbsent(row.getUUID("hub_id"), k -> new ArrayList<>())
                        .add(HubStore.Resource.of(row));
                  }
                  return null;
                });
    Future<Void> b =
        db.preparedQuery(bookings)
            .execute(window)
            .map(
                rows -> {
                  for (Row row : rows) {
                    day.bookings
                        .computeIfAbsent(row.getUUID("resource_id"), k -> new ArrayList<>())
                        .add(
                            new HubDay.Booking(
                                row.getUUID("id"),
                                row.getUUID("resource_id"),
                                row.getUUID("employee_id"),
                                row.getString("employee_name"),
                                HubDay.span(row),
                                row.getString("status"),
                                row.getString("cancel_reason")));
                  }
                  return null;
                });
    Tuple closureArgs =
        Tuple.tuple()
            .addValue(hubs)
            .addValue(from.atOffset(ZoneOffset.UTC))
            .addValue(to.atOffset(ZoneOffset.UTC));
    Future<Void> c =
        db.preparedQuery(CLOSURES)
            .execute(closureArgs)
            .map(
                rows -> {
                  for (Row row : rows) {
                    day.closures
                        .computeIfAbsent(row.getUUID("hub_id"), k -> new ArrayList<>())
                        .add(
                            new HubDay.Closure(
                                row.getUUID("id"),
                                row.getUUID("resource_id"),
                                HubDay.span(row),
                                row.getString("reason")));
                  }
                  return null;
                });
    return Future.all(r, b, c).map(day);
  }

  /** A new hub under {@code externalId}; its id. A unique violation when the id is taken. */
  static Future<UUID> insert(SqlClient db, Hub draft, String externalId) {
    return db.preparedQuery(INSERT_HUB)
        .execute(columns(draft, externalId))
        .map(rows -> rows.iterator().next().getUUID("id"));
  }

  /** Writes every field of {@code hub} (by its id). */
  static Future<Void> update(SqlClient db, Hub hub) {
    return db.preparedQuery(UPDATE_HUB).execute(columns(hub, hub.id())).mapEmpty();
  }

  /** Whether the employee exists and is active. */
  static Future<Boolean> isActiveEmployee(SqlClient db, UUID employee) {
    return db.preparedQuery(ACTIVE_EMPLOYEE)
        .execute(Tuple.of(employee))
        .map(rows -> rows.size() > 0);
  }

  /**
   * A new resource of the hub (id and hub id of {@code r} ignored); a unique violation on a name
   * taken.
   */
  static Future<Resource> insertResource(SqlClient db, UUID hubId, Resource r) {
    return db.preparedQuery(INSERT_RESOURCE)
        .execute(
            Tuple.of(hubId, r.kind(), r.name(), r.capacity(), r.features().toArray(String[]::new)))
        .map(rows -> Resource.of(rows.iterator().next()));
  }

  /** The name of the hub's resource; null when the hub has no such resource. */
  static Future<String> resourceName(SqlClient db, UUID hubId, UUID resource) {
    return db.preparedQuery(RESOURCE_NAME)
        .execute(Tuple.of(resource, hubId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("name"));
  }

  /** The resource, locked for this transaction; 404 when there is none. */
  static Future<Resource> resourceForUpdate(SqlClient db, UUID id) {
    return db.preparedQuery(RESOURCE_FOR_UPDATE)
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw Problem.notFound(Text.of("hubs.notFound.resource"));
              }
              return Resource.of(rows.iterator().next());
            });
  }

  /** Writes the resource's details (by its id); a unique violation on a name taken. */
  static Future<Resource> updateResource(SqlClient db, Resource r) {
    return db.preparedQuery(UPDATE_RESOURCE)
        .execute(
            Tuple.of(
                r.id(),
                r.name(),
                r.capacity(),
                r.features().toArray(String[]::new),
                r.active(),
                r.kind()))
        .map(rows -> Resource.of(rows.iterator().next()));
  }

  /** $1..$18 of INSERT_HUB and UPDATE_HUB ($1 the external id there, the hub id here). */
  private static Tuple columns(Hub h, Object first) {
    Hub.Rules r = h.rules();
    return Tuple.tuple()
        .addValue(first)
        .addValue(h.name())
        .addValue(h.municipality())
        .addValue(h.address())
        .addValue(h.latitude())
        .addValue(h.longitude())
        .addValue(h.zone().getId())
        .addValue(h.ownerKind())
        .addValue(h.ownerName())
        .addValue(h.description())
        .addValue(WeeklyPattern.toJson(h.openingHours()))
        .addValue(r.horizonDays())
        .addValue(r.minMinutes())
        .addValue(r.maxMinutes())
        .addValue(r.maxPerDay())
        .addValue(r.checkInBeforeMinutes())
        .addValue(r.checkInAfterMinutes())
        .addValue(r.offerHoldMinutes());
  }
}
