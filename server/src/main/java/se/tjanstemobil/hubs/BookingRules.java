package se.tjanstemobil.hubs;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import se.tjanstemobil.http.Problem;

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
  public record Violation(String rule, String detail) {
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
          "A booking at "
              + hub.name()
              + " is at least "
              + rules.minMinutes()
              + " minutes; this one is "
              + minutes);
    }
    if (minutes > rules.maxMinutes()) {
      return new Violation(
          "booking-too-long",
          "A booking at "
              + hub.name()
              + " is at most "
              + rules.maxMinutes()
              + " minutes; this one is "
              + minutes);
    }
    if (wanted.end().isBefore(now) || wanted.start().isBefore(now.minus(START_GRACE))) {
      return new Violation(
          "booking-in-the-past", "The booking starts in the past; book from now on");
    }
    ZonedDateTime start = wanted.start().atZone(hub.zone());
    LocalDate today = now.atZone(hub.zone()).toLocalDate();
    LocalDate last = today.plusDays(rules.horizonDays());
    if (start.toLocalDate().isAfter(last)) {
      return new Violation(
          "booking-too-far-ahead",
          hub.name() + " takes bookings " + rules.horizonDays() + " days ahead, up to " + last);
    }
    LocalDate endDay = wanted.end().atZone(hub.zone()).toLocalDate();
    List<Span> open =
        OpeningHours.open(hub.openingHours(), hub.zone(), start.toLocalDate(), endDay);
    if (open.stream().noneMatch(o -> o.contains(wanted))) {
      List<Span> thatDay = OpeningHours.openOn(hub.openingHours(), hub.zone(), start.toLocalDate());
      String hours =
          thatDay.isEmpty()
              ? "closed all day"
              : "open "
                  + thatDay.stream()
                      .map(
                          s ->
                              HH_MM.format(s.start().atZone(hub.zone()))
                                  + "-"
                                  + HH_MM.format(s.end().atZone(hub.zone())))
                      .collect(Collectors.joining(", "));
      return new Violation(
          "hub-closed",
          hub.name()
              + " is "
              + hours
              + " on "
              + start.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
              + " "
              + start.toLocalDate()
              + "; the booking must fit its opening hours");
    }
    return null;
  }
}
