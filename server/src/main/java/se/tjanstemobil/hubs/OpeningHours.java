package se.tjanstemobil.hubs;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import se.tjanstemobil.availability.WeeklyInterval;

/**
 * A hub's weekly opening hours turned into instants for real dates, in the hub's zone: on the
 * spring-forward night 02:00-03:00 does not exist and on the fall-back night it happens twice, so a
 * day is 23, 24 or 25 hours and only java.time knows which.
 */
public final class OpeningHours {

  private OpeningHours() {}

  /** The hub-local day as instants: [midnight, next midnight). */
  public static Span day(LocalDate date, ZoneId zone) {
    return new Span(
        date.atStartOfDay(zone).toInstant(), date.plusDays(1).atStartOfDay(zone).toInstant());
  }

  /**
   * Open spans from the first day to the last (inclusive), merged where one day's hours run into
   * the next (an interval crossing midnight, or open around the clock).
   */
  public static List<Span> open(
      List<WeeklyInterval> weekly, ZoneId zone, LocalDate first, LocalDate last) {
    List<Span> spans = new ArrayList<>();
    // The day before can reach into the first day with an interval that crosses midnight.
    for (LocalDate d = first.minusDays(1); !d.isAfter(last); d = d.plusDays(1)) {
      for (WeeklyInterval i : weekly) {
        if (i.day() == d.getDayOfWeek()) {
          spans.add(span(d, i, zone));
        }
      }
    }
    return Span.merge(spans);
  }

  /** The open spans of one hub-local day, cut at its midnights. */
  public static List<Span> openOn(List<WeeklyInterval> weekly, ZoneId zone, LocalDate date) {
    return Span.clip(open(weekly, zone, date, date), day(date, zone));
  }

  private static Span span(LocalDate d, WeeklyInterval i, ZoneId zone) {
    ZonedDateTime start = d.atTime(i.start()).atZone(zone);
    LocalDate endDay = i.end().isAfter(i.start()) ? d : d.plusDays(1);
    ZonedDateTime end =
        i.end().equals(LocalTime.MIDNIGHT)
            ? d.plusDays(1).atStartOfDay(zone)
            : endDay.atTime(i.end()).atZone(zone);
    return new Span(start.toInstant(), end.toInstant());
  }
}
