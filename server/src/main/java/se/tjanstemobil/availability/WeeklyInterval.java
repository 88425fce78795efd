package se.tjanstemobil.availability;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Objects;

/**
 * One interval of the weekly pattern in the employee's local time. end <= start means it ends the
 * next day (crosses midnight); end 00:00 means midnight at the end of the day; start == end means
 * the whole 24 hours.
 */
public record WeeklyInterval(DayOfWeek day, LocalTime start, LocalTime end) {

  public WeeklyInterval {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
  }
}
