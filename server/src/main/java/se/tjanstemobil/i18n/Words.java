package se.tjanstemobil.i18n;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times inside a sentence, as a person reads them in their zone: "tisdag 8 december kl. 07:45",
 * "Tuesday 8 December at 07:45"; the year only when it is not the year of {@code now}. Never ISO in
 * a sentence (the API's fields keep RFC 3339).
 */
public final class Words {

  private static final DateTimeFormatter DAY_SV =
      DateTimeFormatter.ofPattern("EEEE d MMMM", Language.SV.locale());
  private static final DateTimeFormatter DAY_YEAR_SV =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Language.SV.locale());
  private static final DateTimeFormatter DAY_EN =
      DateTimeFormatter.ofPattern("EEEE d MMMM", Language.EN.locale());
  private static final DateTimeFormatter DAY_YEAR_EN =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Language.EN.locale());
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  private Words() {}

  /** A moment: "tisdag 8 december kl. 07:45". */
  public static Phrase at(Instant at, ZoneId zone, Instant now) {
    return language -> {
      ZonedDateTime t = at.atZone(zone);
      return day(t.toLocalDate(), now.atZone(zone).getYear(), language)
          + (language == Language.EN ? " at " : " kl. ")
          + CLOCK.format(t);
    };
  }

  /** A day: "tisdag 8 december". */
  public static Phrase day(LocalDate day, ZoneId zone, Instant now) {
    return language -> day(day, now.atZone(zone).getYear(), language);
  }

  /** The clock time alone, for a sentence that already names the day: "07:45". */
  public static Phrase clock(Instant at, ZoneId zone) {
    return language -> CLOCK.format(at.atZone(zone));
  }

  /**
   * A stretch of time: "tisdag 8 december kl. 08:00–16:00", or across midnight "tisdag 8 december
   * kl. 22:00 – onsdag 9 december kl. 07:00".
   */
  public static Phrase span(Instant start, Instant end, ZoneId zone, Instant now) {
    return language -> {
      ZonedDateTime s = start.atZone(zone);
      ZonedDateTime e = end.atZone(zone);
      if (s.toLocalDate().equals(e.toLocalDate())) {
        return day(s.toLocalDate(), now.atZone(zone).getYear(), language)
            + (language == Language.EN ? " " : " kl. ")
            + CLOCK.format(s)
            + "–"
            + CLOCK.format(e);
      }
      return at(start, zone, now).in(language) + " – " + at(end, zone, now).in(language);
    };
  }

  private static String day(LocalDate day, int thisYear, Language language) {
    boolean sameYear = day.getYear() == thisYear;
    DateTimeFormatter f =
        language == Language.EN
            ? (sameYear ? DAY_EN : DAY_YEAR_EN)
            : (sameYear ? DAY_SV : DAY_YEAR_SV);
    return f.format(day);
  }
}
