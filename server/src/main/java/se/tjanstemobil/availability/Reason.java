package se.tjanstemobil.availability;

/** Why an employee is, or is not, reachable at an instant. */
public enum Reason {
  WORKING_HOURS,
  SHIFT,
  ON_CALL,
  OFF_HOURS,
  ABSENCE,
  DO_NOT_DISTURB
}
