package se.tjanstemobil.availability;

import java.time.Instant;
import java.time.ZoneId;
import se.tjanstemobil.i18n.Phrase;
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.i18n.Words;

/** The plain words for a person's availability, written in their language and time zone. */
public final class AvailabilityTexts {

  private AvailabilityTexts() {}

  /**
   * "Ledig till måndag 9 november kl. 07:00", "I tjänst till kl. 16:00" (later today: the clock
   * alone, so the sentence changes at midnight at the latest).
   */
  public static Phrase summary(Status s, ZoneId zone, Instant now) {
    Text state = state(s.reason());
    if (s.until() == null) {
      return state;
    }
    boolean today = s.until().atZone(zone).toLocalDate().equals(now.atZone(zone).toLocalDate());
    return today
        ? Text.of("availability.now.untilToday", state, Words.clock(s.until(), zone))
        : Text.of("availability.now.until", state, Words.at(s.until(), zone, now));
  }

  private static Text state(Reason reason) {
    return switch (reason) {
      case WORKING_HOURS -> Text.of("availability.state.WORKING_HOURS");
      case SHIFT -> Text.of("availability.state.SHIFT");
      case ON_CALL -> Text.of("availability.state.ON_CALL");
      case OFF_HOURS -> Text.of("availability.state.OFF_HOURS");
      case ABSENCE -> Text.of("availability.state.ABSENCE");
      case DO_NOT_DISTURB -> Text.of("availability.state.DO_NOT_DISTURB");
    };
  }
}
