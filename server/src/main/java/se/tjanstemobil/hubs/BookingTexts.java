package se.tjanstemobil.hubs;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import se.tjanstemobil.messaging.Notices.Text;

/** The notices the hubs feature writes to a booker, in Swedish and English. */
final class BookingTexts {

  private static final Locale SV = Locale.forLanguageTag("sv-SE");
  private static final DateTimeFormatter DAY_SV = DateTimeFormatter.ofPattern("EEEE d MMMM", SV);
  private static final DateTimeFormatter DAY_EN =
      DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.ENGLISH);
  private static final DateTimeFormatter DAY_YEAR_SV =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", SV);
  private static final DateTimeFormatter DAY_YEAR_EN =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  /**
   * What was booked, where and when, as a phrase: "Skrivbord 3, Arbetshubb Krokom, tisdag 24
   * november 08:00-16:00"; told at `now`, so a day in another year carries the year ("måndag 4
   * januari 2027").
   */
  record What(String resource, String hub, Instant start, Instant end, ZoneId zone, Instant now) {
    Text text() {
      ZonedDateTime s = start.atZone(zone);
      ZonedDateTime e = end.atZone(zone);
      String times = TIME.format(s) + "-" + TIME.format(e);
      boolean otherYear = s.getYear() != now.atZone(zone).getYear();
      return new Text(
          resource + ", " + hub + ", " + (otherYear ? DAY_YEAR_SV : DAY_SV).format(s) + " " + times,
          resource
              + ", "
              + hub
              + ", "
              + (otherYear ? DAY_YEAR_EN : DAY_EN).format(s)
              + " "
              + times);
    }
  }

  private BookingTexts() {}

  static Text cancelledTitle() {
    return new Text("Din bokning är avbokad", "Your booking was cancelled");
  }

  static Text cancelledByHub(What what, String reason) {
    Text w = what.text();
    return new Text(
        w.sv() + " är avbokad av hubbens administratör. Skäl: " + reason + ".",
        w.en() + " was cancelled by the hub's administrator. Reason: " + reason + ".");
  }

  static Text closedBody(What what, String reason) {
    Text w = what.text();
    return new Text(
        w.sv() + " är avbokad: stängt. Skäl: " + reason + ".",
        w.en() + " was cancelled: closed. Reason: " + reason + ".");
  }

  static Text releasedTitle() {
    return new Text("Din bokning släpptes", "Your booking was released");
  }

  static Text releasedBody(What what) {
    Text w = what.text();
    return new Text(
        w.sv() + " släpptes eftersom du inte checkade in i tid. Platsen är ledig för andra.",
        w.en() + " was released because you did not check in in time. Others may book it now.");
  }

  static Text offerTitle() {
    return new Text("En plats blev ledig åt dig", "A place is free for you");
  }

  static Text offerBody(What what, Instant until) {
    Text w = what.text();
    String by = TIME.format(until.atZone(what.zone()));
    return new Text(
        "Från väntelistan: "
            + w.sv()
            + " är reserverad åt dig. Bekräfta senast "
            + by
            + ", annars går den vidare.",
        "From the waitlist: "
            + w.en()
            + " is held for you. Confirm by "
            + by
            + ", or it goes to the next in line.");
  }

  static Text waitlistEndedTitle() {
    return new Text("Väntelistan stängd", "Waitlist closed");
  }

  static Text waitlistClosedBody(String hub, String reason) {
    return new Text(
        "Du står inte längre på väntelistan hos " + hub + ": stängt. Skäl: " + reason + ".",
        "You are no longer on the waitlist at " + hub + ": closed. Reason: " + reason + ".");
  }
}
