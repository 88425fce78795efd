package se.tjanstemobil.messaging;

import java.time.OffsetDateTime;

/** How far a message has come for one recipient, as its sender's follow-up list says. */
enum RecipientState {
  ACKNOWLEDGED,
  READ,
  DELIVERED,
  EXPIRED,
  NO_DEVICE,
  HELD,
  PENDING;

  /**
   * The furthest the recipient has come: acknowledged, read, delivered; else expired (the message
   * did, {@code expired}), no device (no phone of theirs can be pushed: only the inbox reaches
   * them), held (waiting for their working time at {@code now}, or for one to be known: no
   * reachable time) or pending (on its way).
   */
  static RecipientState of(InboxStore.Recipient r, boolean expired, OffsetDateTime now) {
    if (r.acknowledgedAt() != null) {
      return ACKNOWLEDGED;
    }
    if (r.readAt() != null) {
      return READ;
    }
    if (r.deliveredAt() != null) {
      return DELIVERED;
    }
    if (expired) {
      return EXPIRED;
    }
    if (!r.hasPhone()) {
      return NO_DEVICE;
    }
    return held(r, expired, now) ? HELD : PENDING;
  }

  /**
   * Whether the push to them waits: they have a phone, it is not delivered, held, the message not
   * expired, and their time not come at {@code now} (or not known yet). One who read it in the
   * inbox meanwhile is READ and still held.
   */
  static boolean held(InboxStore.Recipient r, boolean expired, OffsetDateTime now) {
    return r.hasPhone()
        && r.deliveredAt() == null
        && r.heldReason() != null
        && !expired
        && (r.reachableAt() == null || r.reachableAt().isAfter(now));
  }
}
