package se.tjanstemobil.availability;

/**
 * WEEKLY: the weekly pattern applies, except on local dates where a SHIFT starts (shifts replace
 * the pattern on those days). SHIFTS: a shift worker; the weekly pattern never applies, only SHIFT
 * periods (a day with no shift is off).
 */
public enum ScheduleMode {
  WEEKLY,
  SHIFTS
}
