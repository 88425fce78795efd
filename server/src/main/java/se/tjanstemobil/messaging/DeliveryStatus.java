package se.tjanstemobil.messaging;

/**
 * Where one push of the outbox stands: the values of the deliveries table's status CHECK constraint
 * (OutboxStatusesTest compares the two).
 */
public enum DeliveryStatus {
  /** Waiting for the recipient's working time (due_at), or for one to become known (no due_at). */
  HELD,
  /** Due for the delivery worker at due_at. */
  PENDING,
  SENT,
  /** FCM refused it for good, or it was given up after the attempts allowed. */
  FAILED,
  /** The device could no longer be pushed (token dead, signed out). */
  DROPPED,
  CANCELLED,
  EXPIRED,
  /** Folded into a DIGEST row (digest_id) that is pushed in its place. */
  DIGESTED
}
