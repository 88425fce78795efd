package se.tjanstemobil.hubs;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.i18n.Words;

/**
 * The notices the hubs feature writes to a booker or someone waiting, as catalogue texts (written
 * in the reader's language when the notice is written), and the labels of the codes its sentences
 * name.
 */
final class BookingTexts {

  /**
   * What was booked, where and when, as a phrase: "Skrivbord 3, Arbetshubb Krokom, tisdag 24
   * november kl. 08:00–16:00", in the hub's zone; told at `now`, so a day in another year carries
   * the year ("måndag 4 januari 2027").
   */
  record What(String resource, String hub, Instant start, Instant end, ZoneId zone, Instant now) {
    Text text() {
      return Text.of("hubs.notice.what", resource, hub, Words.span(start, end, zone, now));
    }
  }

  private BookingTexts() {}

  /** A booking's status as a sentence names it ("avbokad"). */
  static Text status(String status) {
    return code("status", status);
  }

  /** Why a place in the waitlist no longer waits. */
  static Text waitlistStatus(WaitlistStatus status) {
    return code("waitlistStatus", status.name());
  }

  /** A resource's kind ("Skrivbord"). */
  static Text kind(String kind) {
    return code("kind", kind);
  }

  private static Text code(String group, String code) {
    return new Text("hubs." + group + "." + code, List.of());
  }

  static Text cancelledTitle() {
    return Text.of("hubs.notice.cancelledTitle");
  }

  static Text cancelledByHub(What what, String reason) {
    return Text.of("hubs.notice.cancelledByHub", what.text(), reason);
  }

  static Text closedBody(What what, String reason) {
    return Text.of("hubs.notice.closed", what.text(), reason);
  }

  /** A booking the hub's new opening hours leave outside them; the reason when one was given. */
  static Text outsideHoursBody(What what, String reason) {
    return reason == null
        ? Text.of("hubs.notice.outsideHours", what.text())
        : Text.of("hubs.notice.outsideHoursWithReason", what.text(), reason);
  }

  static Text releasedTitle() {
    return Text.of("hubs.notice.releasedTitle");
  }

  static Text releasedBody(What what) {
    return Text.of("hubs.notice.released", what.text());
  }

  static Text offerTitle() {
    return Text.of("hubs.notice.offerTitle");
  }

  static Text offerBody(What what, Instant until) {
    return Text.of("hubs.notice.offer", what.text(), Words.at(until, what.zone(), what.now()));
  }

  static Text waitlistEndedTitle() {
    return Text.of("hubs.notice.waitlistEndedTitle");
  }

  static Text waitlistClosedBody(String hub, String reason) {
    return Text.of("hubs.notice.waitlistClosed", hub, reason);
  }
}
