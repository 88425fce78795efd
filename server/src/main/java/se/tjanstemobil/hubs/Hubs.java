package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import se.tjanstemobil.config.AppConfig;
import se.tjanstemobil.events.EventHub;
import se.tjanstemobil.events.Events;
import se.tjanstemobil.jobs.Job;
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

  /** The feature, with its {@link Settings} read from the configuration. */
  public Hubs(Pool pool, Notices notices, AppConfig config, Clock clock) {
    this(pool, notices, Settings.from(config), clock);
  }

  public Hubs(Pool pool, Notices notices, Settings settings, Clock clock) {
    this.pool = pool;
    this.clock = clock;
    this.waitlist = new Waitlist(pool, notices, clock);
    this.closures = new Closures(pool, notices, clock);
    this.booker = new Booker(pool, clock);
    this.sweeps = new BookingSweeps(pool, waitlist, notices, clock, settings.sweepPeriod());
    this.calendar = new CalendarFeed(pool, settings.publicBaseUrl(), clock);
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

  /** Resolves `booking` events for the booker's open apps. */
  public void start(EventHub events) {
    events.resolver(Events.Type.BOOKING.wire, this::bookingEvent);
  }

  /** The sweeps (no-shows, lapsed offers, waitlist): {@code booking-sweeps}. */
  public List<Job> jobs() {
    return List.of(sweeps.job());
  }

  private Future<Map<UUID, JsonObject>> bookingEvent(String id, Set<UUID> connected) {
    return BookingStore.find(pool, UUID.fromString(id))
        .map(
            r -> {
              if (r == null) {
                return Map.of();
              }
              UUID booker = r.getUUID("employee_id");
              return connected.contains(booker)
                  ? Map.of(booker, BookingView.of(r, true))
                  : Map.of();
            });
  }
}
