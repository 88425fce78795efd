package se.tjanstemobil.availability;

import java.time.Instant;
import java.util.Objects;

/** A dated window [start, end), half-open. */
public record Period(PeriodKind kind, Instant start, Instant end) {

  public Period {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    // An inverted window is a data error; failing here beats silently treating it as empty.
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("period ends before it starts: " + start + " .. " + end);
    }
  }

  boolean contains(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }
}
