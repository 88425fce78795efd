package se.tjanstemobil.availability;

/** What a dated period means for reachability. */
public enum PeriodKind {
  SHIFT,
  ON_CALL,
  ABSENCE
}
