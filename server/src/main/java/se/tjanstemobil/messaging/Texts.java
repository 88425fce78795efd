package se.tjanstemobil.messaging;

/** Texts the server itself writes to a person, in Swedish and English; the employee's locale picks. */
final class Texts {

  private Texts() {
  }

  static String reminderTitle(String locale, String title) {
    return ("en".equals(locale) ? "Reminder: " : "Påminnelse: ") + title;
  }

  /** One push for several messages held while the person was off. */
  static String digestTitle(String locale, int count) {
    return "en".equals(locale) ? count + " messages arrived while you were off"
      : count + " meddelanden kom medan du var ledig";
  }

  static String digestBody(String locale, String latestTitle) {
    return ("en".equals(locale) ? "Latest: " : "Senaste: ") + latestTitle;
  }

  /** The inbox's note on a held message: sent outside the person's hours, no answer expected before then. */
  static String heldNote(String locale, String sentAt, String until) {
    return "en".equals(locale)
      ? "Sent " + sentAt + ", outside your working hours: no answer is expected before " + until + "."
      : "Skickat " + sentAt + ", utanför din arbetstid: inget svar väntas före " + until + ".";
  }

  /** The push shows the start of a long body; the whole text is in the inbox. */
  static String pushBody(String body) {
    return body.length() <= 240 ? body : body.substring(0, 239).stripTrailing() + "…";
  }
}
