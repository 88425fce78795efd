package se.tjanstemobil.agreements;

import java.time.Duration;
import java.time.ZoneId;
import se.tjanstemobil.config.AppConfig;

/**
 * The agreements feature's configuration.
 *
 * @param policy the region's rules for an agreement (agreements.maxMonths, maxRemoteDaysPerWeek,
 *     noticeDays, reminderDaysBefore)
 * @param reminderPeriod how often the reminder job looks (agreements.reminderSweepMillis)
 * @param zone the zone whose date is "today" for an agreement (organisation.defaultTimeZone)
 */
public record Settings(AgreementPolicy policy, Duration reminderPeriod, ZoneId zone) {

  public static Settings from(AppConfig c) {
    return new Settings(
        new AgreementPolicy(
            c.integer("agreements.maxMonths"),
            c.integer("agreements.maxRemoteDaysPerWeek"),
            c.integer("agreements.noticeDays"),
            c.integer("agreements.reminderDaysBefore")),
        Duration.ofMillis(c.integer("agreements.reminderSweepMillis")),
        ZoneId.of(c.string("organisation.defaultTimeZone")));
  }
}
