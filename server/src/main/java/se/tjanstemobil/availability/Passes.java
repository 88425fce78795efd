package se.tjanstemobil.availability;

/**
 * What a message may pass: NONE (a NORMAL message), OFF_HOURS_AND_DND (URGENT: passes the weekly
 * off-hours, a day without shift, and do-not-disturb, never ABSENCE), EVERYTHING (URGENT from a
 * crisis lead during a declared crisis: passes absence too).
 */
public enum Passes {
  NONE,
  OFF_HOURS_AND_DND,
  EVERYTHING
}
