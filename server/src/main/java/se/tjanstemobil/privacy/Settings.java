package se.tjanstemobil.privacy;

import java.time.Duration;
import se.tjanstemobil.config.AppConfig;

/**
 * Retention's periods (retention.*): days each kind of data is kept, and how often the job runs.
 * The messages nobody holds any more go after the longest of the inbox and after-hours periods.
 */
public record Settings(
    int inboxDays,
    int deliveryDays,
    int availabilityDays,
    int bookingDays,
    int breakThroughDays,
    int leaverDays,
    Duration sweep) {

  public static Settings from(AppConfig c) {
    return new Settings(
        c.integer("retention.inboxDays"),
        c.integer("retention.deliveryDays"),
        c.integer("retention.availabilityDays"),
        c.integer("retention.bookingDays"),
        c.integer("retention.breakThroughDays"),
        c.integer("retention.leaverDays"),
        Duration.ofMillis(c.integer("retention.sweepMillis")));
  }
}
