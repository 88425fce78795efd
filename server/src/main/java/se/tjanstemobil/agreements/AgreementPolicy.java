package se.tjanstemobil.agreements;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import se.tjanstemobil.http.Problem;

/**
 * The region's policy for remote-work agreements (agreements.* configuration). A draft may break
 * it; submitting checks it, and every broken rule is named.
 */
public record AgreementPolicy(
    int maxMonths, int maxRemoteDaysPerWeek, int noticeDays, int reminderDaysBefore) {

  /** One broken rule: its name and what to change. */
  public record Violation(String rule, String detail) {
    JsonObject toJson() {
      return new JsonObject().put("rule", rule).put("detail", detail);
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
          "The notice period is " + a.noticeDays() + " days: the earliest end is " + earliest);
    }
    if (!endDate.isBefore(a.terms().validTo())) {
      throw Problem.rule(
          "ends-anyway",
          "The agreement ends on " + a.terms().validTo() + " anyway; choose an earlier end date");
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
              "validFrom " + a.validFrom() + " has passed; an agreement starts today or later"));
    }
    LocalDate latestEnd = a.validFrom().plusMonths(maxMonths).minusDays(1);
    if (a.validTo().isAfter(latestEnd)) {
      out.add(
          new Violation(
              "period-too-long",
              "An agreement runs at most "
                  + maxMonths
                  + " months: from "
                  + a.validFrom()
                  + " until "
                  + latestEnd
                  + " at the latest"));
    }
    if (a.weekdays().isEmpty() && a.sharePercent() == null) {
      out.add(new Violation("scope-missing", "Name the remote weekdays or the share of the week"));
    }
    if (a.weekdays().size() > maxRemoteDaysPerWeek) {
      out.add(
          new Violation(
              "too-many-remote-days",
              a.weekdays().size()
                  + " remote weekdays; at most "
                  + maxRemoteDaysPerWeek
                  + " a week"));
    }
    if (a.sharePercent() != null && a.sharePercent() > maxRemoteDaysPerWeek * PERCENT_PER_DAY) {
      out.add(
          new Violation(
              "too-many-remote-days",
              a.sharePercent()
                  + "% of the week remote; at most "
                  + maxRemoteDaysPerWeek * PERCENT_PER_DAY
                  + "% ("
                  + maxRemoteDaysPerWeek
                  + " days)"));
    }
    if (a.places().isEmpty()) {
      out.add(new Violation("places-missing", "Name where the work is done: HOME, a HUB or OTHER"));
    }
    if (a.tasks() == null || a.tasks().isBlank()) {
      out.add(new Violation("tasks-missing", "Describe the tasks done remotely"));
    }
    if (a.workingHours() == null
        || a.workingHours().isBlank()
        || a.reachability() == null
        || a.reachability().isBlank()) {
      out.add(
          new Violation(
              "hours-missing", "State the working hours and how you are reachable on remote days"));
    }
    List<String> unconfirmed = new ArrayList<>();
    for (String item : Draft.CHECKLIST) {
      if (!a.checklist().getBoolean(item, false)) {
        unconfirmed.add(item);
      }
    }
    if (!unconfirmed.isEmpty()) {
      out.add(new Violation("checklist-incomplete", "Confirm " + String.join(", ", unconfirmed)));
    }
    if (a.reviewDate() != null
        && (a.reviewDate().isBefore(a.validFrom()) || a.reviewDate().isAfter(a.validTo()))) {
      out.add(
          new Violation(
              "review-date-outside",
              "The review date " + a.reviewDate() + " falls outside the period"));
    }
    return out;
  }

  static JsonArray toJson(List<Violation> violations) {
    JsonArray out = new JsonArray();
    violations.forEach(v -> out.add(v.toJson()));
    return out;
  }
}
