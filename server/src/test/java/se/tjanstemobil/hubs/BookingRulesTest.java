package se.tjanstemobil.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.availability.WeeklyPattern;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Text;

/**
 * The booking rules and opening hours as pure java.time, on ordinary days and the nights the clocks
 * change.
 */
class BookingRulesTest {

  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
  private static final LocalDate FALL_BACK = LocalDate.of(2026, 10, 25);
  private static final LocalDate SPRING_FORWARD = LocalDate.of(2027, 3, 28);

  private static Hub hub(List<String> opening, Hub.Rules rules) {
    return new Hub(
        null,
        "HUB-T",
        "Arbetshubb Test",
        "Krokom",
        "",
        null,
        null,
        STOCKHOLM,
        "REGION",
        "Region",
        null,
        WeeklyPattern.fromConfig(opening),
        rules);
  }

  private static final Hub.Rules RULES = new Hub.Rules(30, 30, 600, 2, 15, 30, 30);

  private static Span span(LocalDate d, int h1, int m1, LocalDate d2, int h2, int m2) {
    return new Span(
        ZonedDateTime.of(d, LocalTime.of(h1, m1), STOCKHOLM).toInstant(),
        ZonedDateTime.of(d2, LocalTime.of(h2, m2), STOCKHOLM).toInstant());
  }

  private static Instant noon(LocalDate d) {
    return ZonedDateTime.of(d, LocalTime.NOON, STOCKHOLM).toInstant();
  }

  @Test
  void theDaysTheClocksChangeAre23And25HoursLong() {
    assertEquals(
        Duration.ofHours(25),
        Duration.between(
            OpeningHours.day(FALL_BACK, STOCKHOLM).start(),
            OpeningHours.day(FALL_BACK, STOCKHOLM).end()));
    assertEquals(
        Duration.ofHours(23),
        Duration.between(
            OpeningHours.day(SPRING_FORWARD, STOCKHOLM).start(),
            OpeningHours.day(SPRING_FORWARD, STOCKHOLM).end()));
    // Open around the clock: the open time of those days is the whole day.
    List<String> always = List.of("MONDAY-SUNDAY 00:00-00:00");
    assertEquals(
        25 * 60,
        Span.minutes(OpeningHours.openOn(WeeklyPattern.fromConfig(always), STOCKHOLM, FALL_BACK)));
    assertEquals(
        23 * 60,
        Span.minutes(
            OpeningHours.openOn(WeeklyPattern.fromConfig(always), STOCKHOLM, SPRING_FORWARD)));
  }

  @Test
  void anOvernightOpeningJoinsTheNextDay() {
    Hub night = hub(List.of("MONDAY-SUNDAY 18:00-06:00"), RULES);
    // 22:00 Saturday to 06:00 Sunday across the fall-back night: 9 real hours, inside the opening.
    Span overnight = span(FALL_BACK.minusDays(1), 22, 0, FALL_BACK, 6, 0);
    assertEquals(9 * 60, overnight.minutes());
    assertNull(BookingRules.check(night, overnight, noon(FALL_BACK.minusDays(3))));
    // 05:00-07:00 runs past the 06:00 closing.
    assertEquals(
        "hub-closed",
        BookingRules.check(
                night, span(FALL_BACK, 5, 0, FALL_BACK, 7, 0), noon(FALL_BACK.minusDays(3)))
            .rule());
  }

  @Test
  void eachRuleIsNamed() {
    Hub office = hub(List.of("MONDAY-FRIDAY 07:00-18:00"), RULES);
    LocalDate tuesday = LocalDate.of(2026, 11, 24);
    Instant now = noon(tuesday.minusDays(1));
    assertNull(BookingRules.check(office, span(tuesday, 8, 0, tuesday, 16, 0), now));
    assertEquals(
        "booking-too-short",
        BookingRules.check(office, span(tuesday, 8, 0, tuesday, 8, 29), now).rule());
    assertEquals(
        "booking-too-long",
        BookingRules.check(office, span(tuesday, 7, 0, tuesday, 17, 1), now).rule());
    assertEquals(
        "hub-closed", BookingRules.check(office, span(tuesday, 6, 30, tuesday, 8, 0), now).rule());
    assertEquals(
        "hub-closed",
        BookingRules.check(office, span(tuesday.plusDays(4), 8, 0, tuesday.plusDays(4), 9, 0), now)
            .rule());
    assertEquals(
        "booking-in-the-past",
        BookingRules.check(office, span(tuesday, 8, 0, tuesday, 9, 0), noon(tuesday)).rule());
    LocalDate farAway = tuesday.plusDays(35);
    assertEquals(
        "booking-too-far-ahead",
        BookingRules.check(office, span(farAway, 8, 0, farAway, 9, 0), now).rule());
    // The closed message names the hours of that day, in the reader's language.
    Text detail = BookingRules.check(office, span(tuesday, 6, 30, tuesday, 8, 0), now).detail();
    assertEquals(
        office.name()
            + " har öppet tisdag 24 november kl. 07:00–18:00; bokningen måste rymmas inom"
            + " öppettiderna",
        detail.in(Language.SV));
    assertEquals(
        office.name()
            + " is open 07:00–18:00 on Tuesday 24 November; the booking must fit its opening hours",
        detail.in(Language.EN));
  }

  @Test
  void theHorizonCountsInTheHubsCalendar() {
    Hub office =
        hub(List.of("MONDAY-SUNDAY 00:00-00:00"), new Hub.Rules(1, 30, 600, 2, 15, 30, 30));
    // 23:30 local on the 23rd: tomorrow (the 24th) is inside a one-day horizon, the 25th is not.
    Instant lateEvening = ZonedDateTime.of(2026, 11, 23, 23, 30, 0, 0, STOCKHOLM).toInstant();
    LocalDate d24 = LocalDate.of(2026, 11, 24);
    assertNull(BookingRules.check(office, span(d24, 20, 0, d24, 22, 0), lateEvening));
    assertEquals(
        "booking-too-far-ahead",
        BookingRules.check(office, span(d24.plusDays(1), 0, 30, d24.plusDays(1), 2, 0), lateEvening)
            .rule());
  }

  @Test
  void freeTimeIsTheOpeningMinusWhatIsTaken() {
    LocalDate d = LocalDate.of(2026, 11, 24);
    List<Span> open = List.of(span(d, 7, 0, d, 18, 0));
    List<Span> free =
        Span.minus(
            open,
            List.of(span(d, 8, 0, d, 10, 0), span(d, 9, 0, d, 12, 0), span(d, 17, 0, d, 19, 0)));
    assertEquals(List.of(span(d, 7, 0, d, 8, 0), span(d, 12, 0, d, 17, 0)), free);
    // Back to back is not an overlap: [08, 10) and [10, 12).
    assertTrue(!span(d, 8, 0, d, 10, 0).overlaps(span(d, 10, 0, d, 12, 0)));
  }
}
