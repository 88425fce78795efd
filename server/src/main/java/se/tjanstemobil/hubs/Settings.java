package se.tjanstemobil.hubs;

import java.time.Duration;
import se.tjanstemobil.config.AppConfig;

/**
 * The hubs feature's configuration.
 *
 * @param sweepPeriod how often no-shows are released, offers lapse and the waitlist is offered what
 *     freed up (hubs.sweepMillis)
 * @param publicBaseUrl the server's address as calendars reach it, for feed links
 *     (http.publicBaseUrl)
 */
public record Settings(Duration sweepPeriod, String publicBaseUrl) {

  public static Settings from(AppConfig c) {
    return new Settings(
        Duration.ofMillis(c.integer("hubs.sweepMillis")), c.string("http.publicBaseUrl"));
  }
}
