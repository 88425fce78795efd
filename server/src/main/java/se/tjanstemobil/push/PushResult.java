package se.tjanstemobil.push;

import java.time.Duration;

/** What became of one push, in the terms the delivery worker acts on. */
public record PushResult(Outcome outcome, String providerId, String error, Duration retryAfter) {

  public enum Outcome {
    /** Accepted by FCM. */
    SENT,
    /** The token is dead (UNREGISTERED, or INVALID_ARGUMENT about the token): drop it. */
    TOKEN_DEAD,
    /** A passing fault (UNAVAILABLE, INTERNAL, transport): retry with backoff. */
    RETRY,
    /** QUOTA_EXCEEDED: stop sending for retryAfter, then carry on; not the message's fault. */
    QUOTA,
    /** THIRD_PARTY_AUTH_ERROR, SENDER_ID_MISMATCH: our configuration is wrong; do not loop. */
    CONFIGURATION,
    /** The message itself is refused (INVALID_ARGUMENT not about the token): give up. */
    REJECTED
  }

  public static PushResult sent(String id) {
    return new PushResult(Outcome.SENT, id, null, null);
  }

  public static PushResult of(Outcome outcome, String error) {
    return new PushResult(outcome, null, error, null);
  }
}
