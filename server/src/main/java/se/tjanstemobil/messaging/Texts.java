package se.tjanstemobil.messaging;

/** Texts the server itself writes to a person, in Swedish and English; the employee's locale picks. */
final class Texts {

  private Texts() {
  }

  static String reminderTitle(String locale, String title) {
    return ("en".equals(locale) ? "Reminder: " : "Påminnelse: ") + title;
  }

  /** The push shows the start of a long body; the whole text is in the inbox. */
  static String pushBody(String body) {
    return body.length() <= 240 ? body : body.substring(0, 239).stripTrailing() + "…";
  }
}
