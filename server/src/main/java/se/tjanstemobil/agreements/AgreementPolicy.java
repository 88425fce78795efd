package se.tjanstemobil.agreements;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Phrase;
import se.tjanstemobil.i18n.Text;

/**
 * The region's policy for remote-work agreements (agreements.* configuration). A draft may break
 * it; submitting checks it, and every broken rule is named.
 */
public record AgreementPolicy(
    int maxMonths, int maxRemoteDaysPerWeek, int noticeDays, int reminderDaysBefore) {

  /** One broken rule: its name and what to change, in the reader's language. */
  public record Violation(String rule, Text detail) {
    JsonObject toJson(Language language) {
      return new JsonObject().put("rule", rule).put("detail", detail.in(language));
    }
  }

  /**
   * The day an agreement asked to end on {@code endDate} ends: at least the notice period from
   * today and before it would end anyway (422 naming the rule otherwise); the day before it begins
   * when it ends before that (in force on no day).
   */
  static LocalDate endsOn(Agreement a, LocalDate endDate, LocalDate today) {
    LocalDate earliest = today.plusDays(a.noticeDays());
    if (endDate.isBefore(earliest)) {
      throw Problem.rule(
          "notice-period",
          Text.of(
              "agreements.rule.noticePeriod", a.noticeDays(), AgreementTexts.day(earliest, today)));
    }
    if (!endDate.isBefore(a.terms().validTo())) {
      throw Problem.rule(
          "ends-anyway",
          Text.of("agreements.rule.endsAnyway", AgreementTexts.day(a.terms().validTo(), today)));
    }
    return endDate.isBefore(a.terms().validFrom()) ? a.terms().validFrom().minusDays(1) : endDate;
  }

  /**
   * The terms that continue an agreement: from the day after it ends, for as long (but at most
   * {@link #maxMonths}), on the same terms without a review date; the checklist is confirmed anew,
   * since a renewal is when the terms are gone through again.
   */
  Draft renewal(Draft old) {
    LocalDate from = old.validTo().plusDays(1);
    LocalDate to = from.plusDays(ChronoUnit.DAYS.between(old.validFrom(), old.validTo()));
    LocalDate latest = from.plusMonths(maxMonths).minusDays(1);
    return new Draft(
        from,
        to.isAfter(latest) ? latest : to,
        old.weekdays(),
        old.sharePercent(),
        old.places(),
        old.tasks(),
        old.workingHours(),
        old.reachability(),
        old.equipment(),
        new JsonObject(),
        null);
  }

  /** A share of the week is counted in days of 20%. */
  static final int PERCENT_PER_DAY = 20;

  /** Every rule the agreement breaks, to be submitted on `today`; empty when it keeps them all. */
  public List<Violation> check(Draft a, LocalDate today) {
    List<Violation> out = new ArrayList<>();
    if (a.validFrom().isBefore(today)) {
      out.add(
          new Violation(
              "starts-in-the-past",
              Text.of(
                  "agreements.policy.startsInThePast", AgreementTexts.day(a.validFrom(), today))));
    }
    LocalDate latestEnd = a.validFrom().plusMonths(maxMonths).minusDays(1);
    if (a.validTo().isAfter(latestEnd)) {
      out.add(
          new Violation(
              "period-too-long",
              Text.of(
                  "agreements.policy.periodTooLong",
                  maxMonths,
                  AgreementTexts.day(a.validFrom(), today),
                  AgreementTexts.day(latestEnd, today))));
    }
    if (a.weekdays().isEmpty() && a.sharePercent() == null) {
      out.add(new Violation("scope-missing", Text.of("agreements.policy.scopeMissing")));
    }
    if (a.weekdays().size() > maxRemoteDaysPerWeek) {
      out.add(
          new Violation(
              "too-many-remote-days",
              Text.of("agreements.policy.tooManyDays", a.weekdays().size(), maxRemoteDaysPerWeek)));
    }
    if (a.sharePercent() != null && a.sharePercent() > maxRemoteDaysPerWeek * PERCENT_PER_DAY) {
      out.add(
          new Violation(
              "too-many-remote-days",
              Text.of(
                  "agreements.policy.tooLargeShare",
                  a.sharePercent(),
                  maxRemoteDaysPerWeek * PERCENT_PER_DAY,
                  maxRemoteDaysPerWeek)));
    }
    if (a.places().isEmpty()) {
      out.add(new Violation("places-missing", Text.of("agreements.policy.placesMissing")));
    }
    if (a.tasks() == null || a.tasks().isBlank()) {
      out.add(new Violation("tasks-missing", Text.of("agreements.policy.tasksMissing")));
    }
    if (a.workingHours() == null
        || a.workingHours().isBlank()
        || a.reachability() == null
        || a.reachability().isBlank()) {
      out.add(new Violation("hours-missing", Text.of("agreements.policy.hoursMissing")));
    }
    List<Text> unconfirmed = new ArrayList<>();
    for (String item : Draft.CHECKLIST) {
      if (!a.checklist().getBoolean(item, false)) {
        unconfirmed.add(AgreementTexts.checklistItem(item));
      }
    }
    if (!unconfirmed.isEmpty()) {
      Phrase items =
          language ->
              unconfirmed.stream().map(t -> t.in(language)).collect(Collectors.joining(", "));
      out.add(
          new Violation(
              "checklist-incomplete", Text.of("agreements.policy.checklistIncomplete", items)));
    }
    if (a.reviewDate() != null
        && (a.reviewDate().isBefore(a.validFrom()) || a.reviewDate().isAfter(a.validTo()))) {
      out.add(
          new Violation(
              "review-date-outside",
              Text.of(
                  "agreements.policy.reviewDateOutside",
                  AgreementTexts.day(a.reviewDate(), today))));
    }
    return out;
  }

  static JsonArray toJson(List<Violation> violations, Language language) {
    JsonArray out = new JsonArray();
    violations.forEach(v -> out.add(v.toJson(language)));
    return out;
  }
}
