package se.tjanstemobil.availability;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The weekly pattern as the API and the database carry it: [{day, start, end}] with HH:MM times.
 */
public final class WeeklyPattern {

  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern DASH = Pattern.compile("-");

  private WeeklyPattern() {}

  public static List<WeeklyInterval> fromJson(JsonArray json) {
    List<WeeklyInterval> intervals = new ArrayList<>();
    for (Object o : json) {
      JsonObject i = (JsonObject) o;
      intervals.add(
          new WeeklyInterval(
              DayOfWeek.valueOf(i.getString("day")),
              LocalTime.parse(i.getString("start")),
              LocalTime.parse(i.getString("end"))));
    }
    intervals.sort(Comparator.comparing(WeeklyInterval::day).thenComparing(WeeklyInterval::start));
    return intervals;
  }

  public static JsonArray toJson(List<WeeklyInterval> intervals) {
    JsonArray out = new JsonArray();
    for (WeeklyInterval i : intervals) {
      out.add(
          new JsonObject()
              .put("day", i.day().name())
              .put("start", i.start().toString())
              .put("end", i.end().toString()));
    }
    return out;
  }

  /**
   * The organisation's default from configuration: entries like "MONDAY-FRIDAY 07:00-16:00" or
   * "SATURDAY 09:00-13:00" (an end before the start crosses midnight).
   */
  public static List<WeeklyInterval> fromConfig(List<String> entries) {
    List<WeeklyInterval> intervals = new ArrayList<>();
    for (String entry : entries) {
      String[] parts = split(SPACES, entry.trim());
      if (parts.length != 2) {
        throw new IllegalArgumentException("'" + entry + "' is not like MONDAY-FRIDAY 07:00-16:00");
      }
      String[] days = split(DASH, parts[0].toUpperCase(Locale.ROOT));
      String[] times = split(DASH, parts[1]);
      try {
        DayOfWeek first = DayOfWeek.valueOf(days[0]);
        DayOfWeek last = days.length > 1 ? DayOfWeek.valueOf(days[1]) : first;
        LocalTime start = LocalTime.parse(times[0]);
        LocalTime end = LocalTime.parse(times[1]);
        for (DayOfWeek d = first; ; d = d.plus(1)) {
          intervals.add(new WeeklyInterval(d, start, end));
          if (d == last) {
            break;
          }
        }
      } catch (IllegalArgumentException
          | DateTimeParseException
          | ArrayIndexOutOfBoundsException e) {
        throw new IllegalArgumentException("'" + entry + "' is not like MONDAY-FRIDAY 07:00-16:00");
      }
    }
    return intervals;
  }

  /**
   * What {@code pattern.split(text)} answers, said explicitly: the parts without the empty ones at
   * the end ("MONDAY-" is one day), the text itself when nothing matches.
   */
  private static String[] split(Pattern pattern, String text) {
    String[] parts = pattern.split(text, -1);
    if (parts.length == 1) {
      return parts;
    }
    int n = parts.length;
    while (n > 0 && parts[n - 1].isEmpty()) {
      n--;
    }
    return Arrays.copyOf(parts, n);
  }
}
