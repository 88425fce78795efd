package se.tjanstemobil.availability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * When an employee may be reached. Local times are Europe/Stockholm; in 2026 Monday 2 March starts
 * an ordinary week, clocks spring forward on Sunday 29 March and fall back on Sunday 25 October.
 */
class AvailabilityRulesTest {

  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

  private static final List<WeeklyInterval> OFFICE_HOURS = officeHours();

  private static List<WeeklyInterval> officeHours() {
    List<WeeklyInterval> days = new ArrayList<>();
    for (DayOfWeek d :
        List.of(
            DayOfWeek.MONDAY,
            DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY,
            DayOfWeek.FRIDAY)) {
      days.add(new WeeklyInterval(d, LocalTime.of(7, 0), LocalTime.of(16, 0)));
    }
    return days;
  }

  /** A Stockholm wall-clock time; "2026-03-02T10:00" is Monday morning. */
  private static Instant at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(STOCKHOLM).toInstant();
  }

  private static Schedule weekly(List<WeeklyInterval> pattern, Period... periods) {
    return new Schedule(STOCKHOLM, ScheduleMode.WEEKLY, pattern, List.of(periods), null);
  }

  private static Period period(PeriodKind kind, String start, String end) {
    return new Period(kind, at(start), at(end));
  }

  private static Status status(Schedule s, String localDateTime) {
    return AvailabilityRules.statusAt(s, at(localDateTime));
  }

  private static Instant next(Schedule s, String localDateTime) {
    return AvailabilityRules.nextReachable(s, at(localDateTime), Passes.NONE);
  }

  private static void assertReachable(Status st, Reason reason) {
    assertTrue(st.reachable(), () -> "expected reachable, got " + st);
    assertEquals(reason, st.reason());
  }

  private static void assertNotReachable(Status st, Reason reason) {
    assertFalse(st.reachable(), () -> "expected not reachable, got " + st);
    assertEquals(reason, st.reason());
  }

  // --- the weekly pattern ---

  @Test
  void officeWorkerIsReachableMidMorningUntilFourThatDay() {
    Status st = status(weekly(OFFICE_HOURS), "2026-03-02T10:00");
    assertReachable(st, Reason.WORKING_HOURS);
    assertEquals(at("2026-03-02T16:00"), st.until());
    assertEquals(at("2026-03-02T10:00"), next(weekly(OFFICE_HOURS), "2026-03-02T10:00"));
  }

  @Test
  void mondayEveningIsOffHoursAndANormalMessageWaitsForTuesdaySeven() {
    Schedule s = weekly(OFFICE_HOURS);
    Status st = status(s, "2026-03-02T21:40");
    assertNotReachable(st, Reason.OFF_HOURS);
    assertEquals(at("2026-03-03T07:00"), st.until());
    assertEquals(at("2026-03-03T07:00"), next(s, "2026-03-02T21:40"));
  }

  @Test
  void fridayAfternoonMessageWaitsOverTheWeekendUntilMondaySeven() {
    assertEquals(at("2026-03-09T07:00"), next(weekly(OFFICE_HOURS), "2026-03-06T17:00"));
  }

  @Test
  void workingHoursEndExactlyAtTheEndTime() {
    Schedule s = weekly(OFFICE_HOURS);
    assertNotReachable(status(s, "2026-03-02T16:00"), Reason.OFF_HOURS);
    assertReachable(status(s, "2026-03-02T15:59:59"), Reason.WORKING_HOURS);
  }

  @Test
  void intervalAcrossMidnightCoversTheEarlyHoursOfTheNextDay() {
    Schedule s =
        weekly(
            List.of(new WeeklyInterval(DayOfWeek.MONDAY, LocalTime.of(22, 0), LocalTime.of(6, 0))));
    Status st = status(s, "2026-03-03T03:00");
    assertReachable(st, Reason.WORKING_HOURS);
    assertEquals(at("2026-03-03T06:00"), st.until());
    assertNotReachable(status(s, "2026-03-03T06:00"), Reason.OFF_HOURS);
    assertEquals(at("2026-03-09T22:00"), next(s, "2026-03-03T06:00"));
  }

  @Test
  void endAtMidnightRunsToTheEndOfTheDayAndStartEqualsEndIsAWholeDay() {
    Schedule s =
        weekly(
            List.of(
                new WeeklyInterval(DayOfWeek.FRIDAY, LocalTime.of(18, 0), LocalTime.MIDNIGHT),
                new WeeklyInterval(DayOfWeek.SUNDAY, LocalTime.of(12, 0), LocalTime.of(12, 0))));
    Status friday = status(s, "2026-03-06T23:59");
    assertReachable(friday, Reason.WORKING_HOURS);
    assertEquals(at("2026-03-07T00:00"), friday.until());
    Status sunday = status(s, "2026-03-08T12:00");
    assertReachable(sunday, Reason.WORKING_HOURS);
    assertEquals(at("2026-03-09T12:00"), sunday.until());
  }

  // --- daylight saving ---

  @Test
  void nightIntervalOnTheSpringForwardNightLastsSevenRealHours() {
    Schedule s =
        weekly(
            List.of(
                new WeeklyInterval(DayOfWeek.SATURDAY, LocalTime.of(22, 0), LocalTime.of(6, 0))));
    Instant start = at("2026-03-28T22:00");
    Status st = AvailabilityRules.statusAt(s, start);
    assertTrue(st.reachable());
    assertEquals(Duration.ofHours(7), Duration.between(start, st.until()));
  }

  @Test
  void intervalStartingInTheSpringForwardGapStartsAtHalfPastThreeSummerTime() {
    Schedule s =
        weekly(
            List.of(new WeeklyInterval(DayOfWeek.SUNDAY, LocalTime.of(2, 30), LocalTime.of(5, 0))));
    Instant expected = OffsetDateTime.parse("2026-03-29T03:30+02:00").toInstant();
    assertEquals(expected, next(s, "2026-03-28T23:00"));
    assertNotReachable(status(s, "2026-03-29T03:00"), Reason.OFF_HOURS);
  }

  @Test
  void nightIntervalOnTheFallBackNightLastsNineRealHoursAndCoversHalfPastTwoBothTimes() {
    Schedule s =
        weekly(
            List.of(
                new WeeklyInterval(DayOfWeek.SATURDAY, LocalTime.of(22, 0), LocalTime.of(6, 0))));
    Instant start = at("2026-10-24T22:00");
    assertEquals(
        Duration.ofHours(9), Duration.between(start, AvailabilityRules.statusAt(s, start).until()));
    Instant firstHalfPastTwo = OffsetDateTime.parse("2026-10-25T02:30+02:00").toInstant();
    Instant secondHalfPastTwo = OffsetDateTime.parse("2026-10-25T02:30+01:00").toInstant();
    assertEquals(Duration.ofHours(1), Duration.between(firstHalfPastTwo, secondHalfPastTwo));
    assertReachable(AvailabilityRules.statusAt(s, firstHalfPastTwo), Reason.WORKING_HOURS);
    assertReachable(AvailabilityRules.statusAt(s, secondHalfPastTwo), Reason.WORKING_HOURS);
  }

  // --- absence and do-not-disturb ---

  @Test
  void absenceInsideAShiftBlocksOnlyTheAbsence() {
    Schedule s =
        weekly(
            List.of(),
            period(PeriodKind.ABSENCE, "2026-03-02T11:00", "2026-03-02T13:00"),
            period(PeriodKind.SHIFT, "2026-03-02T08:00", "2026-03-02T17:00"));
    Status before = status(s, "2026-03-02T10:00");
    assertReachable(before, Reason.SHIFT);
    assertEquals(at("2026-03-02T11:00"), before.until());
    Status during = status(s, "2026-03-02T12:00");
    assertNotReachable(during, Reason.ABSENCE);
    assertEquals(at("2026-03-02T13:00"), during.until());
    assertReachable(status(s, "2026-03-02T13:00"), Reason.SHIFT);
    assertEquals(at("2026-03-02T13:00"), next(s, "2026-03-02T12:00"));
  }

  @Test
  void overlappingAbsencesGivenInAnyOrderHoldMessagesUntilTheLastOneEnds() {
    Schedule s =
        weekly(
            OFFICE_HOURS,
            period(PeriodKind.ABSENCE, "2026-03-03T12:00", "2026-03-04T12:00"),
            period(PeriodKind.ABSENCE, "2026-03-02T09:00", "2026-03-03T15:00"));
    assertEquals(at("2026-03-04T12:00"), next(s, "2026-03-02T10:00"));
  }

  @Test
  void doNotDisturbHoldsMessagesDuringWorkingHoursUntilItEnds() {
    Schedule s =
        new Schedule(
            STOCKHOLM, ScheduleMode.WEEKLY, OFFICE_HOURS, List.of(), at("2026-03-02T11:00"));
    Status st = status(s, "2026-03-02T09:00");
    assertNotReachable(st, Reason.DO_NOT_DISTURB);
    assertEquals(at("2026-03-02T11:00"), st.until());
    assertEquals(at("2026-03-02T11:00"), next(s, "2026-03-02T09:00"));
    assertReachable(status(s, "2026-03-02T11:00"), Reason.WORKING_HOURS);
  }

  @Test
  void doNotDisturbEndingAfterWorkWaitsForTheNextWorkingMorning() {
    Schedule s =
        new Schedule(
            STOCKHOLM, ScheduleMode.WEEKLY, OFFICE_HOURS, List.of(), at("2026-03-02T20:00"));
    assertNotReachable(status(s, "2026-03-02T15:00"), Reason.DO_NOT_DISTURB);
    assertEquals(at("2026-03-03T07:00"), next(s, "2026-03-02T15:00"));
  }

  // --- on call ---

  @Test
  void onCallMakesAnEmployeeReachableInTheEvening() {
    Schedule s =
        weekly(OFFICE_HOURS, period(PeriodKind.ON_CALL, "2026-03-02T18:00", "2026-03-02T23:00"));
    Status st = status(s, "2026-03-02T20:00");
    assertReachable(st, Reason.ON_CALL);
    assertEquals(at("2026-03-02T23:00"), st.until());
    assertEquals(at("2026-03-02T18:00"), next(s, "2026-03-02T16:30"));
  }

  @Test
  void onCallRunningIntoWorkingHoursStaysReachableWithoutABreakUntilWorkEnds() {
    Schedule s =
        weekly(OFFICE_HOURS, period(PeriodKind.ON_CALL, "2026-03-02T18:00", "2026-03-03T07:00"));
    assertEquals(at("2026-03-03T16:00"), status(s, "2026-03-02T20:00").until());
  }

  @Test
  void onCallDuringAnAbsenceIsStillNotReachable() {
    Schedule s =
        weekly(
            OFFICE_HOURS,
            period(PeriodKind.ON_CALL, "2026-03-02T18:00", "2026-03-02T23:00"),
            period(PeriodKind.ABSENCE, "2026-03-02T00:00", "2026-03-03T00:00"));
    assertNotReachable(status(s, "2026-03-02T20:00"), Reason.ABSENCE);
    assertEquals(at("2026-03-03T07:00"), next(s, "2026-03-02T20:00"));
  }

  // --- shifts ---

  @Test
  void shiftWorkerWithoutAShiftThatDayIsOffEvenInPatternHours() {
    Schedule s =
        new Schedule(
            STOCKHOLM,
            ScheduleMode.SHIFTS,
            OFFICE_HOURS,
            List.of(period(PeriodKind.SHIFT, "2026-03-04T09:00", "2026-03-04T17:00")),
            null);
    Status st = status(s, "2026-03-02T10:00");
    assertNotReachable(st, Reason.OFF_HOURS);
    assertEquals(at("2026-03-04T09:00"), st.until());
    assertEquals(at("2026-03-04T09:00"), next(s, "2026-03-02T10:00"));
  }

  @Test
  void extraShiftReplacesThatDaysPatternButNotOtherDays() {
    Schedule s =
        weekly(OFFICE_HOURS, period(PeriodKind.SHIFT, "2026-03-02T18:00", "2026-03-02T23:00"));
    assertNotReachable(status(s, "2026-03-02T10:00"), Reason.OFF_HOURS);
    assertEquals(at("2026-03-02T18:00"), next(s, "2026-03-02T06:00"));
    assertReachable(status(s, "2026-03-02T19:00"), Reason.SHIFT);
    assertReachable(status(s, "2026-03-03T10:00"), Reason.WORKING_HOURS);
    assertReachable(status(s, "2026-02-27T10:00"), Reason.WORKING_HOURS);
  }

  @Test
  void nightShiftAcrossMidnightIsReachableInTheSmallHours() {
    Schedule s =
        new Schedule(
            STOCKHOLM,
            ScheduleMode.SHIFTS,
            List.of(),
            List.of(period(PeriodKind.SHIFT, "2026-03-02T21:00", "2026-03-03T07:00")),
            null);
    Status st = status(s, "2026-03-03T02:00");
    assertReachable(st, Reason.SHIFT);
    assertEquals(at("2026-03-03T07:00"), st.until());
  }

  @Test
  void nightShiftDoesNotReplaceTheNextMorningsPattern() {
    Schedule s =
        weekly(OFFICE_HOURS, period(PeriodKind.SHIFT, "2026-03-02T21:00", "2026-03-03T07:00"));
    assertEquals(at("2026-03-03T16:00"), status(s, "2026-03-03T02:00").until());
  }

  // --- urgent messages ---

  @Test
  void urgentMessagePassesOffHoursAndDoNotDisturbImmediately() {
    Instant evening = at("2026-03-02T21:40");
    assertEquals(
        evening,
        AvailabilityRules.nextReachable(weekly(OFFICE_HOURS), evening, Passes.OFF_HOURS_AND_DND));
    Schedule dnd =
        new Schedule(
            STOCKHOLM, ScheduleMode.WEEKLY, OFFICE_HOURS, List.of(), at("2026-03-02T12:00"));
    Instant morning = at("2026-03-02T10:00");
    assertEquals(morning, AvailabilityRules.nextReachable(dnd, morning, Passes.OFF_HOURS_AND_DND));
    Schedule shiftWorker = new Schedule(STOCKHOLM, ScheduleMode.SHIFTS, List.of(), List.of(), null);
    assertEquals(
        morning, AvailabilityRules.nextReachable(shiftWorker, morning, Passes.OFF_HOURS_AND_DND));
  }

  @Test
  void urgentMessageWaitsForTheAbsenceToEndEvenOnAWeekend() {
    Schedule s =
        weekly(OFFICE_HOURS, period(PeriodKind.ABSENCE, "2026-03-02T00:00", "2026-03-07T12:00"));
    Instant during = at("2026-03-04T10:00");
    assertEquals(
        at("2026-03-07T12:00"),
        AvailabilityRules.nextReachable(s, during, Passes.OFF_HOURS_AND_DND));
    assertEquals(at("2026-03-09T07:00"), AvailabilityRules.nextReachable(s, during, Passes.NONE));
  }

  @Test
  void crisisLeadMessagePassesEvenAnAbsence() {
    Schedule s =
        weekly(OFFICE_HOURS, period(PeriodKind.ABSENCE, "2026-03-02T00:00", "2026-03-07T12:00"));
    Instant during = at("2026-03-04T10:00");
    assertEquals(during, AvailabilityRules.nextReachable(s, during, Passes.EVERYTHING));
  }

  @Test
  void urgentMessageHeldByALeaveEndingOnTheSpringForwardNightWaitsForMondaySevenSummerTime() {
    // The leave ends at midnight, Sunday 29 March (clocks go forward at 02:00): not a time to push.
    Schedule s =
        weekly(OFFICE_HOURS, period(PeriodKind.ABSENCE, "2026-03-16T00:00", "2026-03-29T00:00"));
    Reachability.Plan plan =
        Reachability.plan(profile(s), at("2026-03-27T10:00"), Passes.OFF_HOURS_AND_DND);
    assertTrue(plan.isHeld());
    assertEquals(Reason.ABSENCE, plan.held());
    assertNull(plan.passed());
    assertEquals(OffsetDateTime.parse("2026-03-30T07:00+02:00").toInstant(), plan.reachableAt());
  }

  @Test
  void urgentMessageOffHoursBreaksThroughAtOnceAndSaysWhatItPassed() {
    Instant evening = at("2026-03-02T21:40");
    Reachability.Plan plan =
        Reachability.plan(profile(weekly(OFFICE_HOURS)), evening, Passes.OFF_HOURS_AND_DND);
    assertFalse(plan.isHeld());
    assertEquals(evening, plan.reachableAt());
    assertEquals(Reason.OFF_HOURS, plan.passed());
  }

  @Test
  void urgentMessageToAShiftWorkerOnLeaveWaitsForTheirFirstShiftAfterIt() {
    Schedule s =
        new Schedule(
            STOCKHOLM,
            ScheduleMode.SHIFTS,
            List.of(),
            List.of(
                period(PeriodKind.ABSENCE, "2026-03-02T00:00", "2026-03-05T00:00"),
                period(PeriodKind.SHIFT, "2026-03-06T21:00", "2026-03-07T07:00")),
            null);
    Reachability.Plan plan =
        Reachability.plan(profile(s), at("2026-03-03T10:00"), Passes.OFF_HOURS_AND_DND);
    assertEquals(at("2026-03-06T21:00"), plan.reachableAt());
    assertEquals(Reason.ABSENCE, plan.held());
  }

  // --- the horizon ---

  @Test
  void absenceLongerThanTheHorizonWaitsForTheFirstWorkingMorningAfterIt() {
    Schedule s =
        weekly(OFFICE_HOURS, period(PeriodKind.ABSENCE, "2026-03-01T00:00", "2027-06-01T00:00"));
    Instant from = at("2026-03-02T10:00");
    // Tuesday 1 June 2027, 07:00 summer time: the leave's end is known, so is what comes after it.
    assertEquals(at("2027-06-01T07:00"), AvailabilityRules.nextReachable(s, from, Passes.NONE));
    assertEquals(
        at("2027-06-01T00:00"), AvailabilityRules.nextReachable(s, from, Passes.OFF_HOURS_AND_DND));
    Status st = AvailabilityRules.statusAt(s, from);
    assertNotReachable(st, Reason.ABSENCE);
    assertNull(st.until());
  }

  @Test
  void adjoiningLeavesLongerThanTheHorizonTogetherStillEndInAKnownMorning() {
    Schedule s =
        weekly(
            OFFICE_HOURS,
            period(PeriodKind.ABSENCE, "2027-01-01T00:00", "2028-01-03T00:00"),
            period(PeriodKind.ABSENCE, "2026-03-01T00:00", "2027-01-01T00:00"));
    assertEquals(at("2028-01-03T07:00"), next(s, "2026-03-02T10:00"));
  }

  @Test
  void employeeWithNoPatternAndNoPeriodsIsNeverReachableByANormalMessage() {
    Schedule s = weekly(List.of());
    assertNull(next(s, "2026-03-02T10:00"));
    assertNull(status(s, "2026-03-02T10:00").until());
  }

  @Test
  void shiftWorkerWithNoShiftsAheadIsHeldWithNoMadeUpTime() {
    Schedule s =
        new Schedule(
            STOCKHOLM,
            ScheduleMode.SHIFTS,
            OFFICE_HOURS,
            List.of(period(PeriodKind.SHIFT, "2026-02-27T07:00", "2026-02-27T16:00")),
            null);
    Reachability.Plan plan = Reachability.plan(profile(s), at("2026-03-02T22:00"), Passes.NONE);
    assertTrue(plan.isHeld());
    assertNull(plan.reachableAt());
    assertEquals(Reason.OFF_HOURS, plan.held());
  }

  private static Profiles.Profile profile(Schedule s) {
    return new Profiles.Profile(UUID.randomUUID(), "sv", s, false, true, false, Set.of());
  }
}
