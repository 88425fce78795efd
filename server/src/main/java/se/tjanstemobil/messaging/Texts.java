package se.tjanstemobil.messaging;

import java.time.Instant;
import java.time.ZoneId;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Phrase;
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.i18n.Words;

/** Texts the server itself writes to a person, from the catalogue, in the person's language. */
final class Texts {

  private Texts() {}

  static String reminderTitle(Language language, String title) {
    return Text.of("messaging.push.reminderTitle", title).in(language);
  }

  /** One push for several messages held while the person was off. */
  static String digestTitle(Language language, int count) {
    return Text.of("messaging.push.digestTitle", count).in(language);
  }

  static String digestBody(Language language, String latestTitle) {
    return Text.of("messaging.push.digestBody", latestTitle).in(language);
  }

  /**
   * The inbox's note on a held message: when it was sent, why it waited (the reason it was held:
   * OFF_HOURS, ABSENCE, DO_NOT_DISTURB), and that no answer is expected before {@code until}, both
   * as words in the person's zone; {@code until} null: no working time of theirs is known, and none
   * is made up. Read at {@code now} (a time in another year carries its year).
   */
  static Phrase heldNote(String reason, Instant sent, Instant until, ZoneId zone, Instant now) {
    Phrase at = Words.at(sent, zone, now);
    return until == null
        ? Text.of("messaging.held.noteWithoutTime", at, why(reason))
        : Text.of("messaging.held.note", at, why(reason), Words.at(until, zone, now));
  }

  private static Text why(String reason) {
    return switch (reason) {
      case "ABSENCE" -> Text.of("messaging.held.why.ABSENCE");
      case "DO_NOT_DISTURB" -> Text.of("messaging.held.why.DO_NOT_DISTURB");
      default -> Text.of("messaging.held.why.OFF_HOURS");
    };
  }

  /** The push shows the start of a long body; the whole text is in the inbox. */
  static String pushBody(String body) {
    return body.length() <= 240 ? body : body.substring(0, 239).stripTrailing() + "…";
  }
}
