package se.tjanstemobil.messaging;

/**
 * Texts the server itself writes to a person, in Swedish and English; the employee's locale picks.
 */
final class Texts {

  private Texts() {}

  static String reminderTitle(String locale, String title) {
    return ("en".equals(locale) ? "Reminder: " : "Påminnelse: ") + title;
  }

  /** One push for several messages held while the person was off. */
  static String digestTitle(String locale, int count) {
    return "en".equals(locale)
        ? count + " messages arrived while you were off"
        : count + " meddelanden kom medan du var ledig";
  }

  static String digestBody(String locale, String latestTitle) {
    return ("en".equals(locale) ? "Latest: " : "Senaste: ") + latestTitle;
  }

  /**
   * The inbox's note on a held message: when it was sent, why it waited (the reason it was held:
   * OFF_HOURS, ABSENCE, DO_NOT_DISTURB), and that no answer is expected before `until`; `until`
   * null: no working time of theirs is known, and none is made up.
   */
  static String heldNote(String locale, String reason, String sentAt, String until) {
    boolean en = "en".equals(locale);
    String why =
        switch (reason) {
          case "ABSENCE" -> en ? "during your absence" : "under din frånvaro";
          case "DO_NOT_DISTURB" ->
              en ? "while your do not disturb was on" : "medan du hade stör ej på";
          default -> en ? "outside your working hours" : "utanför din arbetstid";
        };
    if (until == null) {
      return en
          ? "Sent "
              + sentAt
              + ", "
              + why
              + ". No upcoming working time of yours is known: no answer is expected, and the "
              + "notification comes when a shift or your working hours are registered."
          : "Skickat "
              + sentAt
              + ", "
              + why
              + ". Ingen kommande arbetstid är känd för dig: inget svar väntas, och notisen "
              + "kommer när ett pass eller dina arbetstider läggs in.";
    }
    return en
        ? "Sent " + sentAt + ", " + why + ": no answer is expected before " + until + "."
        : "Skickat " + sentAt + ", " + why + ": inget svar väntas före " + until + ".";
  }

  /** The push shows the start of a long body; the whole text is in the inbox. */
  static String pushBody(String body) {
    return body.length() <= 240 ? body : body.substring(0, 239).stripTrailing() + "…";
  }
}
