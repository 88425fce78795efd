package se.tjanstemobil.devices;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One phone of the register, as the store reads it. */
public record Device(
    UUID id,
    String key,
    UUID employeeId,
    String platform,
    String appVersion,
    String model,
    DeviceStatus status,
    String retiredReason,
    boolean pushEnabled,
    String tokenDropped,
    OffsetDateTime registeredAt,
    OffsetDateTime lastSeenAt) {

  /** The employee holding a phone, as the admin register shows them. */
  public record Holder(UUID id, String name, String externalId) {}

  /** A phone of the admin register with its holder. */
  public record Listed(Device device, Holder holder) {}
}
