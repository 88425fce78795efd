package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import se.tjanstemobil.events.EventHub;
import se.tjanstemobil.messaging.Notices;

/**
 * The work-hubs feature: its routes, its timed sweeps, and `booking` events to the booker's app.
 */
public final class Hubs {

  private final Pool pool;
  private final Waitlist waitlist;
  private final Closures closures;
  private final Booker booker;
  private final BookingSweeps sweeps;
  private final CalendarFeed calendar;
  private final Notices notices;
  private final Clock clock;

  public Hubs(Pool pool, Notices notices, String publicBaseUrl, Clock clock) {
    this.pool = pool;
    this.clock = clock;
    this.waitlist = new Waitlist(pool, notices, clock);
    this.closures = new Closures(pool, notices, clock);
    this.booker = new Booker(pool, clock);
    this.sweeps = new BookingSweeps(pool, waitlist, notices, clock);
    this.calendar = new CalendarFeed(pool, publicBaseUrl, clock);
    this.notices = notices;
  }

  public void mount(RouterBuilder builder) {
    new HubRoutes(pool, closures, clock).mount(builder);
    new HubDayRoutes(pool, clock).mount(builder);
    new BookingRoutes(pool, booker, waitlist, notices, clock).mount(builder);
    new BookingSeries(pool, booker, waitlist, clock).mount(builder);
    closures.mount(builder);
    waitlist.mount(builder);
    calendar.mount(builder);
    new Occupancy(pool, clock).mount(builder);
  }

  /** Starts the sweeps (no-shows, lapsed offers, waitlist) and the booking events. */
  public void start(Vertx vertx, EventHub events, long sweepMillis) {
    events.resolver("booking", this::bookingEvent);
    sweeps.schedule(vertx, sweepMillis);
  }

  private Future<Map<UUID, JsonObject>> bookingEvent(String id, Set<UUID> connected) {
    return pool.preparedQuery(BookingView.BY_ID)
        .execute(Tuple.of(UUID.fromString(id)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Map.of();
              }
              Row r = rows.iterator().next();
              UUID booker = r.getUUID("employee_id");
              return connected.contains(booker)
                  ? Map.of(booker, BookingView.of(r, true))
                  : Map.of();
            });
  }
}
