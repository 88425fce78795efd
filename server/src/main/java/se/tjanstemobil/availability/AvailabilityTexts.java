package se.tjanstemobil.availability;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The plain words for a person's availability, in their language and time zone. */
public final class AvailabilityTexts {

  private static final Locale SWEDISH = Locale.forLanguageTag("sv-SE");
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

  private AvailabilityTexts() {}

  /** "Working until 16:00", "Off until Monday 07:00", "On vacation until 3 August 07:00". */
  public static String summary(Status s, String locale, ZoneId zone, Instant now) {
    boolean sv = "sv".equals(locale);
    String state =
        switch (s.reason()) {
          case WORKING_HOURS -> sv ? "I tjänst" : "Working";
          case SHIFT -> sv ? "På pass" : "On shift";
          case ON_CALL -> sv ? "I beredskap" : "On call";
          case OFF_HOURS -> sv ? "Ledig" : "Off";
          case ABSENCE -> sv ? "Frånvarande" : "Absent";
          case DO_NOT_DISTURB -> sv ? "Stör ej" : "Do not disturb";
        };
    if (s.until() == null) {
      return state;
    }
    return state + (sv ? " till " : " until ") + when(s.until(), locale, zone, now);
  }

  /**
   * A time as a person reads it: "07:00" today, "tomorrow 07:00", "Monday 07:00" this week, else "3
   * August 07:00", with the year when it is not now's ("8 January 2028 07:00").
   */
  public static String when(Instant at, String locale, ZoneId zone, Instant now) {
    boolean sv = "sv".equals(locale);
    Locale l = sv ? SWEDISH : Locale.ENGLISH;
    ZonedDateTime t = at.atZone(zone);
    long days = ChronoUnit.DAYS.between(now.atZone(zone).toLocalDate(), t.toLocalDate());
    String clock = CLOCK.format(t);
    if (days == 0) {
      return clock;
    }
    if (days == 1) {
      return (sv ? "i morgon " : "tomorrow ") + clock;
    }
    if (days > 1 && days < 7) {
      return t.getDayOfWeek().getDisplayName(TextStyle.FULL, l) + " " + clock;
    }
    String date = t.getDayOfMonth() + " " + t.getMonth().getDisplayName(TextStyle.FULL, l);
    if (t.getYear() != now.atZone(zone).getYear()) {
      date += " " + t.getYear();
    }
    return date + " " + clock;
  }
}
