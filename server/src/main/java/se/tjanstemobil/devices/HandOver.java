package se.tjanstemobil.devices;

import java.util.Optional;

/**
 * When another employee's phone may pass to the caller: the request carries the push token the
 * phone is registered with (only the app on that phone has it), its holder signed it out, or its
 * holder has left. A retired phone passes only through an administrator (the reassign route).
 */
final class HandOver {

  /** Why the phone passes; written to the audit log. */
  enum Proof {
    PUSH_TOKEN,
    SIGNED_OUT,
    HOLDER_LEFT
  }

  private HandOver() {}

  /**
   * The sign that the caller holds the phone, or empty when nothing shows it.
   *
   * @param status the phone's status in the register
   * @param registeredToken the push token the phone is registered with, or null
   * @param holderLeft whether the phone's holder has left the organisation
   * @param offeredToken the push token the caller's request carries, or null
   */
  static Optional<Proof> proof(
      DeviceStatus status, String registeredToken, boolean holderLeft, String offeredToken) {
    if (status == DeviceStatus.RETIRED) {
      return Optional.empty();
    }
    if (offeredToken != null && offeredToken.equals(registeredToken)) {
      return Optional.of(Proof.PUSH_TOKEN);
    }
    if (status == DeviceStatus.SIGNED_OUT) {
      return Optional.of(Proof.SIGNED_OUT);
    }
    return holderLeft ? Optional.of(Proof.HOLDER_LEFT) : Optional.empty();
  }
}
