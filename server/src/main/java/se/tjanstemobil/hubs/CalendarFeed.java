package se.tjanstemobil.hubs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.TzId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import se.tjanstemobil.auth.AuthHandler;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.http.Idempotency;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Times;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Text;

/**
 * An employee's bookings as an iCalendar feed that Outlook or a phone calendar subscribes to: a
 * secret URL (looked up by the secret's hash; the secret is kept so the app can show the URL
 * again), regenerated on request so a leaked one stops working. Events carry the hub's time zone
 * (VTIMEZONE from ical4j's registry), so a calendar shows 08:00 as 08:00 in Östersund on both sides
 * of a daylight-saving change. Lines are folded at 75 octets ({@link ContentLines}).
 */
final class CalendarFeed {

  /** Bookings this far back stay in the feed (a calendar keeps recent history). */
  static final int DAYS_BACK = 30;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final String publicBaseUrl;
  private final Clock clock;
  private final TimeZoneRegistry zones = TimeZoneRegistryFactory.getInstance().createRegistry();

  CalendarFeed(Pool pool, String publicBaseUrl, Clock clock) {
    this.pool = pool;
    this.publicBaseUrl = publicBaseUrl;
    this.clock = clock;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("createCalendarFeed").addHandler(Responses.handle(this::create));
    builder.getRoute("getMyCalendarFeed").addHandler(Responses.handle(this::current));
    builder.getRoute("deleteCalendarFeed").addHandler(Responses.handle(this::delete));
    builder.getRoute("getCalendarFeed").addHandler(Responses.handle(this::feed));
  }

  private Future<Reply> create(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return CalendarFeedStore.replace(pool, me.id(), Idempotency.sha256(token), token)
        .map(feed -> Reply.created(address(rc, feed)));
  }

  /** GET /me/calendar-feed: the URL made last, unchanged, so subscribed calendars keep working. */
  private Future<Reply> current(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    return CalendarFeedStore.current(pool, me.id())
        .map(
            feed -> {
              if (feed == null) {
                throw Problem.notFound(Text.of("hubs.notFound.calendarFeedYet"));
              }
              if (feed.secret() == null) {
                throw Problem.notFound(Text.of("hubs.notFound.calendarFeedAddress"));
              }
              return Reply.ok(address(rc, feed));
            });
  }

  private JsonObject address(RoutingContext rc, CalendarFeedStore.Feed feed) {
    return new JsonObject()
        .put("url", base(rc) + "/api/v1/calendar/" + feed.secret() + ".ics")
        .put("createdAt", Times.format(feed.createdAt()))
        .put("lastUsedAt", Times.format(feed.lastUsedAt()));
  }

  private Future<Reply> delete(RoutingContext rc) {
    Principal me = AuthHandler.principal(rc);
    return CalendarFeedStore.drop(pool, me.id())
        .map(
            dropped -> {
              if (!dropped) {
                throw Problem.notFound(Text.of("hubs.notFound.calendarFeed"));
              }
              return Reply.noContent();
            });
  }

  private String base(RoutingContext rc) {
    if (!publicBaseUrl.isBlank()) {
      return publicBaseUrl.replaceAll("/+$", "");
    }
    return rc.request().scheme() + "://" + rc.request().authority();
  }

  private Future<Reply> feed(RoutingContext rc) {
    // The contract's pattern has made sure of the ".ics" ending.
    String file = Validated.path(rc, "feedFile");
    String token = file.substring(0, file.length() - ".ics".length());
    Instant since = clock.instant().minus(Duration.ofDays(DAYS_BACK));
    return CalendarFeedStore.owner(pool, Idempotency.sha256(token))
        .compose(
            owner -> {
              if (owner == null) {
                throw Problem.notFound(Text.of("hubs.notFound.calendarFeedGone"));
              }
              return BookingStore.forFeed(pool, owner.employeeId(), since)
                  .map(bookings -> calendar(bookings, Language.of(owner.locale())));
            })
        .map(calendar -> Reply.text("text/calendar; charset=utf-8", ics(calendar)));
  }

  /** The calendar as text, its lines folded at 75 octets. */
  private static String ics(Calendar calendar) {
    StringWriter out = new StringWriter();
    try {
      // ical4j folds at 75 characters; RFC 5545 says octets, so the lines are folded here instead.
      new CalendarOutputter(false, Integer.MAX_VALUE).output(calendar, out);
    } catch (IOException e) {
      throw new IllegalStateException("writing the calendar failed", e);
    }
    return ContentLines.fold(out.toString());
  }

  /** The bookings as events, their descriptions in the owner's language. */
  private Calendar calendar(Iterable<Row> bookings, Language language) {
    Calendar calendar =
        new Calendar()
            .withProdId("-//Tjänstemobil//Bookings//" + language.name())
            .withDefaults()
            .withProperty(ImmutableMethod.PUBLISH)
            .getFluentTarget();
    Set<String> zonesAdded = new HashSet<>();
    for (Row b : bookings) {
      ZoneId zone = ZoneId.of(b.getString("time_zone"));
      if (zonesAdded.add(zone.getId())) {
        calendar.add(timeZone(zone));
      }
      ZonedDateTime start = b.getOffsetDateTime("start_at").atZoneSameInstant(zone);
      ZonedDateTime end = b.getOffsetDateTime("end_at").atZoneSameInstant(zone);
      String status = b.getString("status");
      String what = b.getString("resource_name") + ", " + b.getString("hub_name");
      VEvent event = new VEvent(start, end, what);
      event.add(new Uid(b.getUUID("id") + "@tjanstemobil"));
      event.add(
          new Location(
              b.getString("hub_name")
                  + (b.getString("address").isBlank() ? "" : ", " + b.getString("address"))));
      event.add(
          BookingStatus.CANCELLED.is(status)
              ? ImmutableStatus.VEVENT_CANCELLED
              : BookingStatus.OFFERED.is(status)
                  ? ImmutableStatus.VEVENT_TENTATIVE
                  : ImmutableStatus.VEVENT_CONFIRMED);
      event.add(new Description(describe(b).in(language)));
      calendar.add(event);
    }
    return calendar;
  }

  /**
   * The zone's VTIMEZONE under the name the events use. ical4j's registry follows the tz database,
   * where Europe/Stockholm is now a link to Europe/Berlin (same rules since 1980), and would name
   * it so; a calendar must find the TZID that DTSTART names.
   */
  private VTimeZone timeZone(ZoneId zone) {
    VTimeZone vtz = (VTimeZone) zones.getTimeZone(zone.getId()).getVTimeZone().copy();
    vtz.replace(new TzId(zone.getId()));
    vtz.removeAll("TZURL", "X-LIC-LOCATION");
    return vtz;
  }

  private static Text describe(Row b) {
    Text kind = BookingTexts.kind(b.getString("resource_kind"));
    return BookingStatus.CANCELLED.is(b.getString("status"))
        ? Text.of("hubs.calendar.descriptionCancelled", kind)
        : Text.of("hubs.calendar.description", kind);
  }
}
