package se.tjanstemobil.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.devices.HandOver.Proof;

/** When another employee's phone passes to the caller, without a server. */
class HandOverTest {

  @Test
  void theRegisteredPushTokenShowsTheCallerHoldsThePhone() {
    assertEquals(
        Optional.of(Proof.PUSH_TOKEN), HandOver.proof(DeviceStatus.ACTIVE, "tok", false, "tok"));
    // The token wins over the other signs, so the audit log says the strongest one.
    assertEquals(
        Optional.of(Proof.PUSH_TOKEN), HandOver.proof(DeviceStatus.SIGNED_OUT, "tok", true, "tok"));
  }

  @Test
  void aSignedOutPhoneOrOneOfALeaverPasses() {
    assertEquals(
        Optional.of(Proof.SIGNED_OUT), HandOver.proof(DeviceStatus.SIGNED_OUT, null, false, null));
    assertEquals(
        Optional.of(Proof.HOLDER_LEFT), HandOver.proof(DeviceStatus.ACTIVE, "tok", true, "other"));
  }

  @Test
  void anActivePhoneOfAnActiveHolderDoesNotPassWithoutItsToken() {
    assertEquals(Optional.empty(), HandOver.proof(DeviceStatus.ACTIVE, "tok", false, "other"));
    assertEquals(Optional.empty(), HandOver.proof(DeviceStatus.ACTIVE, "tok", false, null));
    // No token on either side is no sign either (null never equals null here).
    assertEquals(Optional.empty(), HandOver.proof(DeviceStatus.ACTIVE, null, false, null));
  }

  @Test
  void aRetiredPhonePassesOnlyThroughAnAdministrator() {
    assertEquals(Optional.empty(), HandOver.proof(DeviceStatus.RETIRED, "tok", true, "tok"));
    assertEquals(Optional.empty(), HandOver.proof(DeviceStatus.RETIRED, null, true, null));
  }
}
