package se.tjanstemobil.hubs;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.i18n.Phrase;
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.i18n.Words;

/**
 * The rules a booking must keep that need no database: its length, not in the past, not too far
 * ahead, inside the hub's opening hours. The database-side ones (closures, bookings a day, a taken
 * resource) are checked in the booking transaction.
 */
public final class BookingRules {

  /** A booking may start this much before now (the app's clock, a slow network). */
  static final Duration START_GRACE = Duration.ofMinutes(5);

  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  /** A rule the request breaks: the problem type's last part and a sentence for the person. */
  public record Violation(String rule, Text detail) {
    public Problem problem() {
      return Problem.rule(rule, detail);
    }
  }

  private BookingRules() {}

  /** The first rule this booking of the hub breaks at `now`, or null when it keeps them all. */
  public static Violation check(Hub hub, Span wanted, Instant now) {
    Hub.Rules rules = hub.rules();
    long minutes = wanted.minutes();
    if (minutes < rules.minMinutes()) {
      return new Violation(
          "booking-too-short",
          Text.of("hubs.rule.tooShort", hub.name(), rules.minMinutes(), minutes));
    }
    if (minutes > rules.maxMinutes()) {
      return new Violation(
          "booking-too-long",
          Text.of("hubs.rule.tooLong", hub.name(), rules.maxMinutes(), minutes));
    }
    if (wanted.end().isBefore(now) || wanted.start().isBefore(now.minus(START_GRACE))) {
      return new Violation("booking-in-the-past", Text.of("hubs.rule.inThePast"));
    }
    ZonedDateTime start = wanted.start().atZone(hub.zone());
    LocalDate today = now.atZone(hub.zone()).toLocalDate();
    LocalDate last = today.plusDays(rules.horizonDays());
    if (start.toLocalDate().isAfter(last)) {
      return new Violation(
          "booking-too-far-ahead",
          Text.of(
              "hubs.rule.tooFarAhead",
              hub.name(),
              rules.horizonDays(),
              Words.day(last, hub.zone(), now)));
    }
    LocalDate endDay = wanted.end().atZone(hub.zone()).toLocalDate();
    List<Span> open =
        OpeningHours.open(hub.openingHours(), hub.zone(), start.toLocalDate(), endDay);
    if (open.stream().noneMatch(o -> o.contains(wanted))) {
      List<Span> thatDay = OpeningHours.openOn(hub.openingHours(), hub.zone(), start.toLocalDate());
      Phrase day = Words.day(start.toLocalDate(), hub.zone(), now);
      return new Violation(
          "hub-closed",
          thatDay.isEmpty()
              ? Text.of("hubs.rule.closedAllDay", hub.name(), day)
              : Text.of("hubs.rule.openThatDay", hub.name(), day, hours(thatDay, hub.zone())));
    }
    return null;
  }

  /** A day's opening hours as clock times: "07:00–12:00, 13:00–18:00". */
  private static String hours(List<Span> open, ZoneId zone) {
    return open.stream()
        .map(s -> HH_MM.format(s.start().atZone(zone)) + "–" + HH_MM.format(s.end().atZone(zone)))
        .collect(Collectors.joining(", "));
  }
}
