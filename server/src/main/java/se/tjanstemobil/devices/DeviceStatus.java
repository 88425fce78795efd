package se.tjanstemobil.devices;

/** Where a phone stands in the register; the values of {@code devices.status}'s CHECK (V2). */
public enum DeviceStatus {
  /** In use: pushes go to it while it has a token. */
  ACTIVE,
  /** Its holder signed it out: no pushes, and another employee may take it over. */
  SIGNED_OUT,
  /** Lost, replaced, returned or broken: only an administrator brings it back. */
  RETIRED
}
