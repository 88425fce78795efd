package se.tjanstemobil.messaging;

/**
 * What one push of the outbox is: the values of the deliveries table's kind CHECK constraint
 * (OutboxStatusesTest compares the two).
 */
public enum DeliveryKind {
  MESSAGE,
  REMINDER,
  /** One push for several held messages to one device, released at once. */
  DIGEST
}
