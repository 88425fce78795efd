package se.tjanstemobil.agreements;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import se.tjanstemobil.i18n.Phrase;
import se.tjanstemobil.i18n.Text;
import se.tjanstemobil.i18n.Words;

/**
 * The notices the agreements feature writes to its parties, as catalogue texts (written in the
 * reader's language when the notice is written), and the dates and codes its sentences name. An
 * agreement's dates are days of the organisation's calendar, so a day is written as it is: the zone
 * only decides which year "this year" is, and {@code today} already says that.
 */
final class AgreementTexts {

  private AgreementTexts() {}

  /** A day in a sentence: "onsdag 3 mars", with the year when it is not {@code today}'s. */
  static Phrase day(LocalDate day, LocalDate today) {
    return Words.day(day, ZoneOffset.UTC, today.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** A day in the document, which is filed: always with its year, "3 mars 2027". */
  static Phrase filedDay(LocalDate day) {
    return language -> DateTimeFormatter.ofPattern("d MMMM yyyy", language.locale()).format(day);
  }

  /** An agreement's status as a sentence (and the document) names it ("avslagen"). */
  static Text status(AgreementStatus status) {
    return code("status", status.name());
  }

  /** What an action's state does not allow ("den kan inte förnyas (bara en godkänd)"). */
  static Text notAllowed(AgreementStatus.Action action) {
    return code("state", action.name());
  }

  /** An item of the checklist ("arbetsmiljön"). */
  static Text checklistItem(String item) {
    return code("checklist", item);
  }

  private static Text code(String group, String code) {
    return new Text("agreements." + group + "." + code, List.of());
  }

  private static Text period(Agreement a, LocalDate today) {
    return Text.of(
        "agreements.notice.period",
        day(a.terms().validFrom(), today),
        day(a.terms().validTo(), today));
  }

  static Text submittedTitle() {
    return Text.of("agreements.notice.submittedTitle");
  }

  static Text submittedBody(Agreement a, LocalDate today) {
    return Text.of("agreements.notice.submitted", a.employeeName(), period(a, today));
  }

  static Text decidedTitle(boolean approved) {
    return approved
        ? Text.of("agreements.notice.approvedTitle")
        : Text.of("agreements.notice.rejectedTitle");
  }

  /** The decision told to the employee; a rejection always has its comment (the reason). */
  static Text decidedBody(
      Agreement a, boolean approved, String manager, String comment, LocalDate today) {
    if (!approved) {
      return Text.of("agreements.notice.rejected", manager, period(a, today), comment);
    }
    return comment == null
        ? Text.of("agreements.notice.approved", manager, period(a, today))
        : Text.of("agreements.notice.approvedWithComment", manager, period(a, today), comment);
  }

  static Text terminatedTitle() {
    return Text.of("agreements.notice.terminatedTitle");
  }

  static Text terminatedBody(
      Agreement a, String by, LocalDate endsOn, String reason, LocalDate today) {
    return Text.of(
        "agreements.notice.terminated", by, a.employeeName(), day(endsOn, today), reason);
  }

  static Text reminderTitle() {
    return Text.of("agreements.notice.reminderTitle");
  }

  static Text reminderBody(Agreement a, LocalDate today) {
    return Text.of("agreements.notice.reminder", a.employeeName(), day(a.lastDay(), today));
  }

  static Text movedTitle() {
    return Text.of("agreements.notice.movedTitle");
  }

  static Text movedBody(Agreement a, LocalDate today) {
    return Text.of("agreements.notice.moved", a.employeeName(), period(a, today));
  }

  static Text renewalTitle() {
    return Text.of("agreements.notice.renewalTitle");
  }

  /** A manager proposes a renewal: the new draft's period, for the employee to go through. */
  static Text renewalBody(String manager, Draft renewal, LocalDate today) {
    return Text.of(
        "agreements.notice.renewal",
        manager,
        Text.of(
            "agreements.notice.period",
            day(renewal.validFrom(), today),
            day(renewal.validTo(), today)));
  }
}
