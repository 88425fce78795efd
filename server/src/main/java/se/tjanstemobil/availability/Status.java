package se.tjanstemobil.availability;

import java.time.Instant;

/**
 * until: the next instant after the evaluated one at which `reachable` flips; null if it does not
 * flip within AvailabilityRules.HORIZON.
 */
public record Status(boolean reachable, Reason reason, Instant until) {}
