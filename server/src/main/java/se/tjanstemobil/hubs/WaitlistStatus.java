package se.tjanstemobil.hubs;

/**
 * A waitlist entry's status, as {@code waitlist_status_check} allows it
 * (HubStatusesMatchSchemaTest).
 */
enum WaitlistStatus {
  WAITING,
  OFFERED,
  BOOKED,
  LEFT,
  EXPIRED;

  /** Whether the status read from the table is this one. */
  boolean is(String status) {
    return name().equals(status);
  }
}
