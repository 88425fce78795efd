package se.tjanstemobil.hubs;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** A booking's status, as {@code bookings_status_check} allows it (HubStatusesMatchSchemaTest). */
enum BookingStatus {
  /** Held for someone from the waitlist until {@code offer_until}. */
  OFFERED,
  BOOKED,
  CHECKED_IN,
  CANCELLED,
  NO_SHOW,
  EXPIRED;

  /** The statuses in which a booking holds its resource (the exclusion constraints' WHERE). */
  static final Set<BookingStatus> LIVE = EnumSet.of(OFFERED, BOOKED, CHECKED_IN);

  /** {@link #LIVE} as an SQL list, for {@code status IN %s}. */
  static final String LIVE_SQL = sqlList(LIVE);

  /** Whether a status read from the table is one of {@link #LIVE}. */
  static boolean isLive(String status) {
    return LIVE.stream().anyMatch(s -> s.name().equals(status));
  }

  /** Whether the status read from the table is this one. */
  boolean is(String status) {
    return name().equals(status);
  }

  static String sqlList(Set<? extends Enum<?>> statuses) {
    return statuses.stream()
        .map(s -> "'" + s.name() + "'")
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
