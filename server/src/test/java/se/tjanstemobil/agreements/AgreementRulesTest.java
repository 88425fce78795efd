package se.tjanstemobil.agreements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.tjanstemobil.agreements.AgreementStatus.ACTIVE;
import static se.tjanstemobil.agreements.AgreementStatus.APPROVED;
import static se.tjanstemobil.agreements.AgreementStatus.DRAFT;
import static se.tjanstemobil.agreements.AgreementStatus.EXPIRED;
import static se.tjanstemobil.agreements.AgreementStatus.REJECTED;
import static se.tjanstemobil.agreements.AgreementStatus.SUBMITTED;
import static se.tjanstemobil.agreements.AgreementStatus.TERMINATED;
import static se.tjanstemobil.agreements.AgreementStatus.WITHDRAWN;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The agreement's lifecycle and the policy, as pure rules. */
class AgreementRulesTest {

  private static final LocalDate FROM = LocalDate.of(2027, 1, 1);
  private static final LocalDate TO = LocalDate.of(2027, 6, 30);
  private static final AgreementPolicy POLICY = new AgreementPolicy(12, 3, 30, 30);

  /**
   * Every action from every stored state: exactly these are allowed (shown as it would be
   * mid-period).
   */
  @Test
  void everyLegalAndIllegalTransition() {
    LocalDate mid = LocalDate.of(2027, 3, 1);
    Map<AgreementStatus.Action, Set<AgreementStatus>> legal =
        Map.of(
            AgreementStatus.Action.EDIT, EnumSet.of(DRAFT),
            AgreementStatus.Action.SUBMIT, EnumSet.of(DRAFT),
            AgreementStatus.Action.WITHDRAW, EnumSet.of(DRAFT, SUBMITTED),
            AgreementStatus.Action.APPROVE, EnumSet.of(SUBMITTED),
            AgreementStatus.Action.REJECT, EnumSet.of(SUBMITTED),
            AgreementStatus.Action.TERMINATE, EnumSet.of(APPROVED),
            AgreementStatus.Action.RENEW, EnumSet.of(APPROVED));
    for (AgreementStatus.Action action : AgreementStatus.Action.values()) {
      for (AgreementStatus stored :
          EnumSet.of(DRAFT, SUBMITTED, APPROVED, REJECTED, WITHDRAWN, TERMINATED)) {
        AgreementStatus shown =
            AgreementStatus.shown(
                stored, FROM, TO, stored == TERMINATED ? mid.plusDays(40) : null, mid);
        assertEquals(
            legal.get(action).contains(stored),
            action.allowed(stored, shown),
            action + " from " + stored);
      }
    }
    // An approved agreement that has expired can no longer be ended early, but can be renewed.
    assertFalse(AgreementStatus.Action.TERMINATE.allowed(APPROVED, EXPIRED));
    assertTrue(AgreementStatus.Action.RENEW.allowed(APPROVED, EXPIRED));
    assertEquals(SUBMITTED, AgreementStatus.Action.SUBMIT.to());
    assertEquals(TERMINATED, AgreementStatus.Action.TERMINATE.to());
  }

  @Test
  void activeAndExpiredFollowFromTheDates() {
    assertEquals(APPROVED, AgreementStatus.shown(APPROVED, FROM, TO, null, FROM.minusDays(1)));
    assertEquals(ACTIVE, AgreementStatus.shown(APPROVED, FROM, TO, null, FROM));
    assertEquals(ACTIVE, AgreementStatus.shown(APPROVED, FROM, TO, null, TO));
    assertEquals(EXPIRED, AgreementStatus.shown(APPROVED, FROM, TO, null, TO.plusDays(1)));
    // Terminated: in force until its end date, then over; one ended before it began never was.
    LocalDate end = LocalDate.of(2027, 3, 31);
    assertEquals(ACTIVE, AgreementStatus.shown(TERMINATED, FROM, TO, end, end));
    assertEquals(TERMINATED, AgreementStatus.shown(TERMINATED, FROM, TO, end, end.plusDays(1)));
    assertEquals(TERMINATED, AgreementStatus.shown(TERMINATED, FROM, TO, FROM.minusDays(1), FROM));
    assertEquals(SUBMITTED, AgreementStatus.shown(SUBMITTED, FROM, TO, null, TO.plusDays(100)));
  }

  private static Draft draft(
      LocalDate from,
      LocalDate to,
      List<String> days,
      Integer share,
      JsonArray places,
      boolean checked) {
    JsonObject checklist =
        new JsonObject()
            .put("workEnvironment", checked)
            .put("informationSecurity", checked)
            .put("insurance", checked);
    return new Draft(
        from,
        to,
        days,
        share,
        places,
        "Journalgranskning",
        "08-16",
        "Teams",
        "Dator",
        checklist,
        null);
  }

  private static final JsonArray HOME = new JsonArray().add(new JsonObject().put("type", "HOME"));

  @Test
  void aGoodDraftKeepsThePolicy() {
    assertEquals(
        List.of(),
        POLICY.check(
            draft(FROM, TO, List.of("MONDAY", "THURSDAY"), null, HOME, true), FROM.minusDays(10)));
    // Twelve months exactly is allowed; one day more is not.
    assertEquals(
        List.of(),
        POLICY.check(
            draft(FROM, FROM.plusMonths(12).minusDays(1), List.of("MONDAY"), null, HOME, true),
            FROM));
  }

  @Test
  void aRenewalContinuesForAsLongWithinTheLongestPeriodAndIsConfirmedAnew() {
    Draft old = draft(FROM, TO, List.of("MONDAY", "THURSDAY"), null, HOME, true);
    Draft next = POLICY.renewal(old);
    assertEquals(LocalDate.of(2027, 7, 1), next.validFrom());
    // 1 January to 30 June is 180 days after the first; so is 1 July to 28 December.
    assertEquals(LocalDate.of(2027, 12, 28), next.validTo());
    assertEquals(old.weekdays(), next.weekdays());
    assertEquals(old.places(), next.places());
    assertEquals(old.tasks(), next.tasks());
    assertEquals(new JsonObject(), next.checklist());
    assertEquals(null, next.reviewDate());
    // Twelve months over a leap day are 366 days: as long again would be a day too many.
    Draft year =
        draft(
            LocalDate.of(2027, 3, 1),
            LocalDate.of(2028, 2, 29),
            List.of("MONDAY"),
            null,
            HOME,
            true);
    Draft nextYear = POLICY.renewal(year);
    assertEquals(LocalDate.of(2028, 3, 1), nextYear.validFrom());
    assertEquals(LocalDate.of(2029, 2, 28), nextYear.validTo());
    assertEquals(List.of(), POLICY.check(confirmed(nextYear), nextYear.validFrom()));
    // Within a shorter longest period the renewal is cut to it.
    AgreementPolicy sixMonths = new AgreementPolicy(6, 3, 30, 30);
    assertEquals(LocalDate.of(2028, 8, 31), sixMonths.renewal(year).validTo());
  }

  private static Draft confirmed(Draft d) {
    JsonObject all = new JsonObject();
    Draft.CHECKLIST.forEach(item -> all.put(item, true));
    return new Draft(
        d.validFrom(),
        d.validTo(),
        d.weekdays(),
        d.sharePercent(),
        d.places(),
        d.tasks(),
        d.workingHours(),
        d.reachability(),
        d.equipment(),
        all,
        d.reviewDate());
  }

  @Test
  void eachBrokenRuleIsNamed() {
    Draft bad =
        draft(
            FROM,
            FROM.plusMonths(13),
            List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY"),
            null,
            new JsonArray(),
            false);
    List<String> rules =
        POLICY.check(bad, FROM.plusDays(1)).stream().map(AgreementPolicy.Violation::rule).toList();
    assertEquals(
        List.of(
            "starts-in-the-past",
            "period-too-long",
            "too-many-remote-days",
            "places-missing",
            "checklist-incomplete"),
        rules);
    assertEquals(
        List.of("scope-missing"),
        POLICY.check(draft(FROM, TO, List.of(), null, HOME, true), FROM).stream()
            .map(AgreementPolicy.Violation::rule)
            .toList());
    // A share of the week counts in days of 20%: 60% is three days, 80% four.
    assertEquals(List.of(), POLICY.check(draft(FROM, TO, List.of(), 60, HOME, true), FROM));
    assertEquals(
        "too-many-remote-days",
        POLICY.check(draft(FROM, TO, List.of(), 80, HOME, true), FROM).get(0).rule());
    Draft noTasks =
        new Draft(
            FROM,
            TO,
            List.of("MONDAY"),
            null,
            HOME,
            " ",
            null,
            null,
            null,
            new JsonObject()
                .put("workEnvironment", true)
                .put("informationSecurity", true)
                .put("insurance", true),
            TO.plusDays(1));
    assertEquals(
        List.of("tasks-missing", "hours-missing", "review-date-outside"),
        POLICY.check(noTasks, FROM).stream().map(AgreementPolicy.Violation::rule).toList());
  }
}
