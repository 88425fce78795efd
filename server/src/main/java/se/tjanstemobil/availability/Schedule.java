package se.tjanstemobil.availability;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/** Everything that decides when one employee is reachable. dndUntil may be null. */
public record Schedule(
    ZoneId zone,
    ScheduleMode mode,
    List<WeeklyInterval> weekly,
    List<Period> periods,
    Instant dndUntil) {

  public Schedule {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(mode, "mode");
    // Null lists read as "none", so callers with no pattern or no periods need not build empty
    // lists.
    weekly = weekly == null ? List.of() : List.copyOf(weekly);
    periods = periods == null ? List.of() : List.copyOf(periods);
  }
}
