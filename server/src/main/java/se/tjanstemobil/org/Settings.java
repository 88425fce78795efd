package se.tjanstemobil.org;

import java.time.ZoneId;
import se.tjanstemobil.config.AppConfig;

/**
 * The organisation's defaults (organisation.*): the language and time zone of an employee the HR
 * export gives none for; the time zone is also the organisation's own (reports, agreements).
 */
public record Settings(String defaultLocale, ZoneId defaultTimeZone) {

  public static Settings from(AppConfig c) {
    return new Settings(
        c.string("organisation.defaultLocale"),
        ZoneId.of(c.string("organisation.defaultTimeZone")));
  }
}
