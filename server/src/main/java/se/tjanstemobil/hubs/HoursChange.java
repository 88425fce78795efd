package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Text;

/**
 * What new opening hours (or a new time zone) do to a hub's bookings: the live bookings they leave
 * outside are listed before (a preview that changes nothing) and never left silently: the change is
 * refused naming them (409 {@code bookings-outside-hours}) unless it asks to cancel them, and then
 * they are cancelled in its transaction and each booker told.
 */
final class HoursChange {

  private final Pool pool;
  private final Closures closures;
  private final Clock clock;

  HoursChange(Pool pool, Closures closures, Clock clock) {
    this.pool = pool;
    this.closures = closures;
    this.clock = clock;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("previewOpeningHours").addHandler(Responses.handle(this::preview));
  }

  /** POST /hubs/{id}/opening-hours/preview: the bookings the new hours would leave outside. */
  private Future<Reply> preview(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    JsonObject body = Validated.body(rc);
    return HubStore.load(pool, Validated.pathUuid(rc, "hubId"))
        .compose(
            hub -> {
              HubAccess.requireManages(me, hub.id(), hub.name());
              Hub changed = HubRules.merge(hub, body);
              return outside(pool, changed)
                  .map(b -> new JsonObject().put("bookings", HubJson.affected(b, changed.zone())));
            })
        .map(Reply::ok);
  }

  /**
   * In the change's transaction (the hub locked): the bookings the changed hub's hours leave
   * outside them, cancelled when {@code cancel} (their bookers told, with the reason when one is
   * given), else 409 naming them; the number cancelled (0 when the hours do not move).
   */
  Future<Integer> apply(
      SqlClient tx, Principal me, Hub old, Hub changed, boolean cancel, String reason) {
    if (!HubRules.hoursMove(old, changed)) {
      return Future.succeededFuture(0);
    }
    return outside(tx, changed)
        .compose(
            left -> {
              if (left.isEmpty()) {
                return Future.succeededFuture(0);
              }
              if (!cancel) {
                throw new Problem(
                    409,
                    "bookings-outside-hours",
                    Text.of("hubs.conflict.bookingsOutsideHours", left.size()),
                    List.of(),
                    new JsonObject().put("bookings", HubJson.affected(left, changed.zone())));
              }
              List<UUID> ids = left.stream().map(BookingStore.Affected::id).toList();
              return closures.cancelOutsideHours(tx, changed, ids, me.id(), reason);
            });
  }

  /** The live bookings of the hub, from now on, that its opening hours do not hold. */
  private Future<List<BookingStore.Affected>> outside(SqlClient db, Hub hub) {
    return BookingStore.notEnded(db, hub.id(), clock.instant())
        .map(live -> HubRules.outsideHours(hub, live));
  }
}
