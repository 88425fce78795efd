package se.tjanstemobil.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The follow-up list's state of one recipient, as a sender reads it. */
class RecipientStateTest {

  private static final OffsetDateTime NOW =
      OffsetDateTime.of(2027, 3, 2, 21, 40, 0, 0, ZoneOffset.UTC);
  private static final OffsetDateTime TOMORROW = NOW.plusHours(9);

  private static InboxStore.Recipient recipient(
      String heldReason,
      OffsetDateTime reachable,
      OffsetDateTime delivered,
      OffsetDateTime read,
      OffsetDateTime acknowledged) {
    return new InboxStore.Recipient(
        UUID.randomUUID(),
        "Anna",
        "Avdelning A",
        NOW,
        reachable,
        heldReason,
        delivered,
        read,
        acknowledged,
        true);
  }

  private static InboxStore.Recipient withoutPhone(InboxStore.Recipient r) {
    return new InboxStore.Recipient(
        r.employeeId(),
        r.name(),
        r.unitName(),
        r.visibleAt(),
        r.reachableAt(),
        r.heldReason(),
        r.deliveredAt(),
        r.readAt(),
        r.acknowledgedAt(),
        false);
  }

  @Test
  void theFurthestStepCounts() {
    assertEquals(
        RecipientState.ACKNOWLEDGED,
        RecipientState.of(recipient(null, NOW, NOW, NOW, NOW), false, NOW));
    assertEquals(
        RecipientState.READ, RecipientState.of(recipient(null, NOW, NOW, NOW, null), false, NOW));
    assertEquals(
        RecipientState.DELIVERED,
        RecipientState.of(recipient(null, NOW, NOW, null, null), false, NOW));
    assertEquals(
        RecipientState.PENDING,
        RecipientState.of(recipient(null, NOW, null, null, null), false, NOW));
  }

  @Test
  void heldUntilTheirTimeOrUntilOneIsKnown() {
    InboxStore.Recipient waiting = recipient("OFF_HOURS", TOMORROW, null, null, null);
    assertEquals(RecipientState.HELD, RecipientState.of(waiting, false, NOW));
    assertEquals(RecipientState.PENDING, RecipientState.of(waiting, false, TOMORROW));
    InboxStore.Recipient noTime = recipient("OFF_HOURS", null, null, null, null);
    assertEquals(RecipientState.HELD, RecipientState.of(noTime, false, TOMORROW));
  }

  @Test
  void anExpiredMessageIsNotHeldAnyMore() {
    InboxStore.Recipient waiting = recipient("OFF_HOURS", TOMORROW, null, null, null);
    assertEquals(RecipientState.EXPIRED, RecipientState.of(waiting, true, NOW));
    assertFalse(RecipientState.held(waiting, true, NOW));
  }

  @Test
  void oneWhoReadItInTheInboxIsReadAndTheirPushStillWaits() {
    InboxStore.Recipient readWhileHeld = recipient("OFF_HOURS", TOMORROW, null, NOW, null);
    assertEquals(RecipientState.READ, RecipientState.of(readWhileHeld, false, NOW));
    assertTrue(RecipientState.held(readWhileHeld, false, NOW));
  }

  @Test
  void oneWithNoPhoneToPushHasNoPushOnItsWayNorWaiting() {
    InboxStore.Recipient notYet = withoutPhone(recipient(null, NOW, null, null, null));
    assertEquals(RecipientState.NO_DEVICE, RecipientState.of(notYet, false, NOW));
    InboxStore.Recipient off = withoutPhone(recipient("OFF_HOURS", TOMORROW, null, null, null));
    assertEquals(RecipientState.NO_DEVICE, RecipientState.of(off, false, NOW));
    assertFalse(RecipientState.held(off, false, NOW), "no push waits for them");
    // Reading it in the inbox, or the message expiring, still says so.
    InboxStore.Recipient read = withoutPhone(recipient(null, NOW, null, NOW, null));
    assertEquals(RecipientState.READ, RecipientState.of(read, false, NOW));
    assertEquals(RecipientState.EXPIRED, RecipientState.of(notYet, true, NOW));
  }
}
