package se.tjanstemobil.devices;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * All SQL of the work-phone register ({@code devices}): registration, sign-out, the admin register,
 * retirement, reassignment and the drop of dead tokens. A token dropped after a push ({@link
 * PushTokens}) and a leaver's phones ({@link DeviceForget}) have their own classes.
 */
final class DeviceStore {

  /** A phone not seen for this many days is shown as stale in the register. */
  static final int STALE_DAYS = 30;

  /** A phone as found under lock for a registration, with whether its holder has left. */
  record Found(UUID id, DeviceStatus status, UUID holder, String pushToken, boolean holderLeft) {}

  /** What the app sends for its phone. */
  record Registration(
      String key,
      UUID employee,
      String platform,
      String pushToken,
      String appVersion,
      String model) {}

  /** A registration's result: whether the row is new, and the phone as it is now. */
  record Saved(boolean created, Device device) {}

  /** The admin register's filters and page; {@code now} decides what is stale. */
  record Filter(
      String status,
      UUID employee,
      Boolean stale,
      Instant now,
      OffsetDateTime afterSeen,
      UUID afterId,
      int limit) {}

  private static final String COLUMNS =
      """
    d.id, d.device_key, d.employee_id, d.platform, d.app_version, d.model, d.status, d.retired_reason,
    d.push_token IS NOT NULL AS push_enabled, d.token_dropped, d.registered_at, d.last_seen_at
    """;
  // Locks the row, so a retirement or another registration of the same phone waits its turn.
  private static final String FIND_BY_KEY =
      """
    SELECT d.id, d.status, d.employee_id, d.push_token, e.status AS holder_status
    FROM devices d JOIN employees e ON e.id = d.employee_id
    WHERE d.device_key = $1 FOR UPDATE OF d
    """;
  // A push token identifies one app installation: if another device row holds it, it moves here.
  private static final String RELEASE_TOKEN =
      "UPDATE devices SET push_token = NULL WHERE push_token = $1 AND device_key <> $2";
  private static final String UPSERT =
      """
    INSERT INTO devices AS d (device_key, employee_id, platform, push_token, app_version, model)
    VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (device_key) DO UPDATE SET
      employee_id = excluded.employee_id, platform = excluded.platform, push_token = excluded.push_token,
      app_version = excluded.app_version, model = excluded.model, token_dropped = NULL,
      status_changed_at = CASE WHEN d.status <> 'ACTIVE' THEN now() ELSE d.status_changed_at END,
      status = 'ACTIVE', last_seen_at = now()
    WHERE d.status <> 'RETIRED'
    RETURNING (xmax = 0) AS created,
    """
          + COLUMNS;
  private static final String MINE =
      "SELECT "
          + COLUMNS
          + " FROM devices d WHERE d.employee_id = $1 "
          + "ORDER BY d.status, d.last_seen_at DESC";
  private static final String SIGN_OUT =
      """
    UPDATE devices d SET status = 'SIGNED_OUT', push_token = NULL, status_changed_at = now()
    WHERE d.device_key = $1 AND d.employee_id = $2 AND d.status = 'ACTIVE'
    RETURNING d.id
    """;
  private static final String MINE_BY_KEY =
      "SELECT " + COLUMNS + " FROM devices d WHERE d.device_key = $1 AND d.employee_id = $2";
  // $8 the server's now: the same instant decides the filter here and the flag in the JSON.
  private static final String REGISTER =
      "SELECT "
          + COLUMNS
          + """
    , e.name AS employee_name, e.external_id AS employee_external_id
    FROM devices d JOIN employees e ON e.id = d.employee_id
    WHERE ($1::text IS NULL OR d.status = $1)
      AND ($2::uuid IS NULL OR d.employee_id = $2)
      AND ($3::boolean IS NULL OR (d.last_seen_at < $8::timestamptz - make_interval(days => $4)) = $3)
      AND ($5::timestamptz IS NULL OR (d.last_seen_at, d.id) < ($5, $6::uuid))
    ORDER BY d.last_seen_at DESC, d.id DESC
    LIMIT $7
    """;
  private static final String RETIRE =
      """
    UPDATE devices d SET status = 'RETIRED', retired_reason = $2, push_token = NULL, status_changed_at = now()
    WHERE d.id = $1 AND d.status <> 'RETIRED'
    RETURNING
    """
          + COLUMNS;
  private static final String EXISTS = "SELECT status FROM devices WHERE id = $1";
  private static final String FIND_BY_ID =
      "SELECT " + COLUMNS + " FROM devices d WHERE d.id = $1 FOR UPDATE";
  private static final String ACTIVE_EMPLOYEE =
      "SELECT 1 FROM employees WHERE id = $1 AND status = 'ACTIVE'";
  // The phone is the named employee's from now on; its token is dropped, so nothing is pushed to it
  // until the new holder's app registers it with its own token. A retired phone comes back into
  // use.
  private static final String REASSIGN =
      """
    UPDATE devices d SET employee_id = $2, status = 'ACTIVE', retired_reason = NULL, push_token = NULL,
      token_dropped = 'REASSIGNED', status_changed_at = now()
    WHERE d.id = $1
    RETURNING
    """
          + COLUMNS;
  private static final String DROP_STALE =
      """
    UPDATE devices SET push_token = NULL, token_dropped = 'STALE'
    WHERE push_token IS NOT NULL AND last_seen_at < now() - make_interval(days => $1)
    """;

  /** The phone with this key, locked until the transaction ends. */
  Future<Optional<Found>> findByKeyForUpdate(SqlClient tx, String key) {
    return tx.preparedQuery(FIND_BY_KEY)
        .execute(Tuple.of(key))
        .map(
            rows ->
                first(rows)
                    .map(
                        r ->
                            new Found(
                                r.getUUID("id"),
                                DeviceStatus.valueOf(r.getString("status")),
                                r.getUUID("employee_id"),
                                r.getString("push_token"),
                                "LEFT".equals(r.getString("holder_status")))));
  }

  /** Takes the token from any other phone holding it (the app moved to the phone with this key). */
  Future<Void> releaseToken(SqlClient tx, String token, String key) {
    return tx.preparedQuery(RELEASE_TOKEN).execute(Tuple.of(token, key)).mapEmpty();
  }

  /** Registers the phone or refreshes it (active again, seen now); never a retired one. */
  Future<Saved> upsert(SqlClient tx, Registration r) {
    return tx.preparedQuery(UPSERT)
        .execute(
            Tuple.of(r.key(), r.employee(), r.platform(), r.pushToken(), r.appVersion(), r.model()))
        .map(rows -> rows.iterator().next())
        .map(row -> new Saved(row.getBoolean("created"), device(row)));
  }

  /** The employee's phones, active first, most recently seen first. */
  Future<List<Device>> mine(SqlClient db, UUID employee) {
    return run(db, MINE, Tuple.of(employee)).map(DeviceStore::devices);
  }

  Future<Optional<Device>> mine(SqlClient db, String key, UUID employee) {
    return run(db, MINE_BY_KEY, Tuple.of(key, employee))
        .map(rows -> first(rows).map(DeviceStore::device));
  }

  /** Signs out the employee's active phone; its id, or empty when none was active. */
  Future<Optional<UUID>> signOut(SqlClient tx, String key, UUID employee) {
    return run(tx, SIGN_OUT, Tuple.of(key, employee))
        .map(rows -> first(rows).map(r -> r.getUUID("id")));
  }

  /** The admin register: newest seen first, a page after the given position. */
  Future<List<Device.Listed>> list(SqlClient db, Filter f) {
    Tuple args =
        Tuple.of(f.status(), f.employee(), f.stale(), STALE_DAYS, f.afterSeen(), f.afterId())
            .addValue(f.limit())
            .addValue(f.now().atOffset(ZoneOffset.UTC));
    return run(db, REGISTER, args)
        .map(
            rows -> {
              List<Device.Listed> listed = new ArrayList<>();
              for (Row r : rows) {
                listed.add(
                    new Device.Listed(
                        device(r),
                        new Device.Holder(
                            r.getUUID("employee_id"),
                            r.getString("employee_name"),
                            r.getString("employee_external_id"))));
              }
              return listed;
            });
  }

  /** Retires a phone not yet retired; empty when there is none such. */
  Future<Optional<Device>> retire(SqlClient tx, UUID id, String reason) {
    return run(tx, RETIRE, Tuple.of(id, reason)).map(rows -> first(rows).map(DeviceStore::device));
  }

  /** Whether there is a phone with this id at all. */
  Future<Boolean> exists(SqlClient db, UUID id) {
    return run(db, EXISTS, Tuple.of(id)).map(rows -> rows.size() > 0);
  }

  /** The phone, locked until the transaction ends. */
  Future<Optional<Device>> findForUpdate(SqlClient tx, UUID id) {
    return run(tx, FIND_BY_ID, Tuple.of(id)).map(rows -> first(rows).map(DeviceStore::device));
  }

  /** Whether an active employee has this id (a phone can pass only to one). */
  Future<Boolean> isActiveEmployee(SqlClient db, UUID id) {
    return run(db, ACTIVE_EMPLOYEE, Tuple.of(id)).map(rows -> rows.size() > 0);
  }

  /** The phone is the employee's from now on, active and without a token. */
  Future<Device> reassign(SqlClient tx, UUID id, UUID to) {
    return run(tx, REASSIGN, Tuple.of(id, to)).map(rows -> device(rows.iterator().next()));
  }

  /** Drops the tokens of phones not seen for the given days; how many. */
  Future<Integer> dropStaleTokens(SqlClient db, int days) {
    return run(db, DROP_STALE, Tuple.of(days)).map(RowSet::rowCount);
  }

  private static Future<RowSet<Row>> run(SqlClient db, String sql, Tuple args) {
    return db.preparedQuery(sql).execute(args);
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }

  private static List<Device> devices(RowSet<Row> rows) {
    List<Device> all = new ArrayList<>();
    rows.forEach(r -> all.add(device(r)));
    return all;
  }

  private static Device device(Row r) {
    return new Device(
        r.getUUID("id"),
        r.getString("device_key"),
        r.getUUID("employee_id"),
        r.getString("platform"),
        r.getString("app_version"),
        r.getString("model"),
        DeviceStatus.valueOf(r.getString("status")),
        r.getString("retired_reason"),
        r.getBoolean("push_enabled"),
        r.getString("token_dropped"),
        r.getOffsetDateTime("registered_at"),
        r.getOffsetDateTime("last_seen_at"));
  }
}
