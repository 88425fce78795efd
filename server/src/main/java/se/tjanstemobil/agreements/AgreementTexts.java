package se.tjanstemobil.agreements;

import java.time.LocalDate;
import se.tjanstemobil.messaging.Notices.Text;

/** The notices the agreements feature writes to its parties, in Swedish and English. */
final class AgreementTexts {

  private AgreementTexts() {}

  private static String period(Agreement a) {
    return a.terms().validFrom() + " – " + a.terms().validTo();
  }

  static Text submittedTitle() {
    return new Text(
        "Överenskommelse om distansarbete att besluta", "Remote-work agreement to decide");
  }

  static Text submittedBody(Agreement a) {
    return new Text(
        a.employeeName()
            + " har skickat in en överenskommelse om distansarbete för "
            + period(a)
            + ". Godkänn eller avslå den i Tjänstemobil.",
        a.employeeName()
            + " submitted a remote-work agreement for "
            + period(a)
            + ". Approve or reject it in Tjänstemobil.");
  }

  static Text decidedTitle(boolean approved) {
    return approved
        ? new Text(
            "Din överenskommelse om distansarbete är godkänd",
            "Your remote-work agreement is approved")
        : new Text(
            "Din överenskommelse om distansarbete avslogs",
            "Your remote-work agreement was rejected");
  }

  static Text decidedBody(Agreement a, boolean approved, String manager, String comment) {
    String c = comment == null || comment.isBlank() ? "" : " " + comment.strip();
    return approved
        ? new Text(
            manager
                + " godkände din överenskommelse för "
                + period(a)
                + "."
                + (c.isEmpty() ? "" : " Kommentar:" + c),
            manager
                + " approved your agreement for "
                + period(a)
                + "."
                + (c.isEmpty() ? "" : " Comment:" + c))
        : new Text(
            manager + " avslog din överenskommelse för " + period(a) + ". Skäl:" + c,
            manager + " rejected your agreement for " + period(a) + ". Reason:" + c);
  }

  static Text terminatedTitle() {
    return new Text(
        "Överenskommelse om distansarbete sägs upp", "Remote-work agreement ended early");
  }

  static Text terminatedBody(Agreement a, String by, LocalDate endsOn, String reason) {
    return new Text(
        by
            + " har sagt upp överenskommelsen om distansarbete för "
            + a.employeeName()
            + ". Den gäller till och med "
            + endsOn
            + ". Skäl: "
            + reason,
        by
            + " has ended the remote-work agreement of "
            + a.employeeName()
            + ". It is in force until "
            + endsOn
            + ". Reason: "
            + reason);
  }

  static Text reminderTitle() {
    return new Text("Överenskommelse om distansarbete löper ut", "Remote-work agreement ends soon");
  }

  static Text reminderBody(Agreement a) {
    return new Text(
        "Överenskommelsen om distansarbete för "
            + a.employeeName()
            + " gäller till och med "
            + a.lastDay()
            + ". Vill ni fortsätta? Förnya den i Tjänstemobil och gå igenom den tillsammans.",
        "The remote-work agreement of "
            + a.employeeName()
            + " is in force until "
            + a.lastDay()
            + ". To continue, renew it in Tjänstemobil and review it together.");
  }

  static Text movedTitle() {
    return new Text(
        "Överenskommelse om distansarbete att besluta", "Remote-work agreement to decide");
  }

  static Text movedBody(Agreement a) {
    return new Text(
        a.employeeName()
            + " har bytt enhet; deras överenskommelse om distansarbete för "
            + period(a)
            + " väntar nu på ditt beslut.",
        a.employeeName()
            + " has moved to your unit; their remote-work agreement for "
            + period(a)
            + " now waits for your decision.");
  }
}
