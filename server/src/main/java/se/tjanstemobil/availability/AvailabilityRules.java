package se.tjanstemobil.availability;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * When an employee may be reached ("right to disconnect").
 *
 * <p>Every rule is a union or difference of half-open windows, so reachability is constant between
 * two consecutive window edges. Both questions are therefore answered by walking the edges in time
 * order from the instant asked about, generating the weekly ones lazily day by day.
 */
public final class AvailabilityRules {

  public static final Duration HORIZON = Duration.ofDays(400);

  private AvailabilityRules() {}

  /** Whether the employee is reachable at t (a NORMAL message), why, and when that next changes. */
  public static Status statusAt(Schedule s, Instant t) {
    Evaluator e = new Evaluator(s, t, t.plus(HORIZON));
    boolean now = e.reachable(t, Passes.NONE);
    Evaluator.Edges edges = e.edges(t, Passes.NONE);
    for (Instant x = edges.next(); x != null; x = edges.next()) {
      if (e.reachable(x, Passes.NONE) != now) {
        return new Status(now, e.reason(t), x);
      }
    }
    return new Status(now, e.reason(t), null);
  }

  /**
   * The first instant >= from at which a message with these passes may reach the employee: `from`
   * itself when reachable then; null when not within HORIZON of from, or of the end of an absence
   * running at from (a long leave ends at a known time: what comes after it is still searched).
   */
  public static Instant nextReachable(Schedule s, Instant from, Passes passes) {
    if (passes == Passes.EVERYTHING) {
      return from;
    }
    Evaluator e = new Evaluator(s, from, absentUntil(s, from).plus(HORIZON));
    if (e.reachable(from, passes)) {
      return from;
    }
    Evaluator.Edges edges = e.edges(from, passes);
    for (Instant x = edges.next(); x != null; x = edges.next()) {
      if (e.reachable(x, passes)) {
        return x;
      }
    }
    return null;
  }

  /**
   * The end of the absence running at t, with the absences that overlap or adjoin it; t when there
   * is none.
   */
  private static Instant absentUntil(Schedule s, Instant t) {
    Instant until = t;
    for (boolean longer = true; longer; ) {
      longer = false;
      for (Period p : s.periods()) {
        if (p.kind() == PeriodKind.ABSENCE && p.contains(until)) {
          until = p.end();
          longer = true;
        }
      }
    }
    return until;
  }

  /** One schedule, looked at between two instants. */
  private static final class Evaluator {
    private final ZoneId zone;
    private final List<WeeklyInterval> weekly;
    private final List<Period> periods = new ArrayList<>();
    private final Set<LocalDate> shiftDays = new HashSet<>();
    private final Instant dndUntil;
    private final Instant limit;

    Evaluator(Schedule s, Instant from, Instant limit) {
      this.zone = s.zone();
      this.weekly = s.mode() == ScheduleMode.WEEKLY ? s.weekly() : List.of();
      this.dndUntil = s.dndUntil();
      this.limit = limit;
      for (Period p : s.periods()) {
        // A shift that started before `from` still replaces the pattern on its day.
        if (p.kind() == PeriodKind.SHIFT) {
          shiftDays.add(p.start().atZone(zone).toLocalDate());
        }
        if (p.end().isAfter(from) && !p.start().isAfter(limit)) {
          periods.add(p);
        }
      }
    }

    boolean reachable(Instant x, Passes passes) {
      if (passes == Passes.EVERYTHING) {
        return true;
      }
      if (in(PeriodKind.ABSENCE, x)) {
        return false;
      }
      if (passes == Passes.OFF_HOURS_AND_DND) {
        return true;
      }
      return !inDnd(x) && (in(PeriodKind.SHIFT, x) || inWeekly(x) || in(PeriodKind.ON_CALL, x));
    }

    Reason reason(Instant x) {
      if (in(PeriodKind.ABSENCE, x)) {
        return Reason.ABSENCE;
      }
      if (inDnd(x)) {
        return Reason.DO_NOT_DISTURB;
      }
      if (in(PeriodKind.SHIFT, x)) {
        return Reason.SHIFT;
      }
      if (inWeekly(x)) {
        return Reason.WORKING_HOURS;
      }
      return in(PeriodKind.ON_CALL, x) ? Reason.ON_CALL : Reason.OFF_HOURS;
    }

    private boolean inDnd(Instant x) {
      return dndUntil != null && x.isBefore(dndUntil);
    }

    private boolean in(PeriodKind kind, Instant x) {
      for (Period p : periods) {
        if (p.kind() == kind && p.contains(x)) {
          return true;
        }
      }
      return false;
    }

    private boolean inWeekly(Instant x) {
      if (weekly.isEmpty()) {
        return false;
      }
      // An instance lasts at most until the next day, so only yesterday's and today's can hold x.
      LocalDate today = x.atZone(zone).toLocalDate();
      return weeklyCovers(today.minusDays(1), x) || weeklyCovers(today, x);
    }

    private boolean weeklyCovers(LocalDate day, Instant x) {
      if (shiftDays.contains(day)) {
        return false;
      }
      for (WeeklyInterval w : weekly) {
        if (w.day() == day.getDayOfWeek()
            && !x.isBefore(start(w, day))
            && x.isBefore(end(w, day))) {
          return true;
        }
      }
      return false;
    }

    private Instant start(WeeklyInterval w, LocalDate day) {
      return ZonedDateTime.of(day, w.start(), zone).toInstant();
    }

    private Instant end(WeeklyInterval w, LocalDate day) {
      LocalDate endDay = w.end().isAfter(w.start()) ? day : day.plusDays(1);
      return ZonedDateTime.of(endDay, w.end(), zone).toInstant();
    }

    /** The edges that can change the answer for these passes, strictly after `after`. */
    Edges edges(Instant after, Passes passes) {
      boolean normal = passes == Passes.NONE;
      Edges edges = new Edges(after, normal && !weekly.isEmpty());
      for (Period p : periods) {
        // An urgent message is only held back by absence; other periods cannot change its answer.
        if (normal || p.kind() == PeriodKind.ABSENCE) {
          edges.add(p.start());
          edges.add(p.end());
        }
      }
      if (normal && dndUntil != null) {
        edges.add(dndUntil);
      }
      return edges;
    }

    /** Window edges in time order, within (after, limit]; weekly ones made a day at a time. */
    final class Edges {
      private final TreeSet<Instant> pending = new TreeSet<>();
      private final Instant after;
      private LocalDate nextDay;

      Edges(Instant after, boolean withWeekly) {
        this.after = after;
        // Yesterday's instances may still be running at `after`.
        this.nextDay = withWeekly ? after.atZone(zone).toLocalDate().minusDays(1) : null;
      }

      void add(Instant x) {
        if (x.isAfter(after) && !x.isAfter(limit)) {
          pending.add(x);
        }
      }

      Instant next() {
        // Edges of a day's instances never lie before that day starts, so once the next day starts
        // after the earliest pending edge, that edge is truly the next one.
        while (nextDay != null) {
          Instant dayStart = nextDay.atStartOfDay(zone).toInstant();
          if (dayStart.isAfter(limit)) {
            nextDay = null;
          } else if (!pending.isEmpty() && dayStart.isAfter(pending.first())) {
            break;
          } else {
            addDay(nextDay);
            nextDay = nextDay.plusDays(1);
          }
        }
        return pending.pollFirst();
      }

      private void addDay(LocalDate day) {
        if (shiftDays.contains(day)) {
          return;
        }
        for (WeeklyInterval w : weekly) {
          if (w.day() == day.getDayOfWeek()) {
            add(start(w, day));
            add(end(w, day));
          }
        }
      }
    }
  }
}
