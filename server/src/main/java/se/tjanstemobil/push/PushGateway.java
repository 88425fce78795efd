package se.tjanstemobil.push;

import io.vertx.core.Future;
import java.util.List;

/**
 * Sends pushes: FCM through the Firebase Admin SDK, or a logging stand-in when FCM is not
 * configured.
 */
public interface PushGateway {

  /** Sends the batch (at most 500); one result per message, in the same order. */
  Future<List<PushResult>> send(List<PushMessage> batch);

  /** Releases threads and connections. */
  default void close() {}
}
