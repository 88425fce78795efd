package se.tjanstemobil.availability;

import java.util.List;
import se.tjanstemobil.config.AppConfig;

/**
 * Availability's configuration (availability.*): the organisation's weekly working hours for those
 * who have set none of their own. (availability.releaseMillis, how often held pushes are released,
 * is messaging's.)
 */
public record Settings(List<WeeklyInterval> defaultWeekly) {

  public Settings {
    defaultWeekly = List.copyOf(defaultWeekly);
  }

  public static Settings from(AppConfig c) {
    return new Settings(WeeklyPattern.fromConfig(c.list("availability.defaultWeekly")));
  }
}
