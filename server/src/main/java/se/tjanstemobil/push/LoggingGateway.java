package se.tjanstemobil.push;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for FCM when none is configured (the embedded default): every push is logged and
 * counted as sent, so the inbox and the event stream work end to end on a laptop.
 */
public final class LoggingGateway implements PushGateway {

  private static final Logger log = LoggerFactory.getLogger("push");

  @Override
  public Future<List<PushResult>> send(List<PushMessage> batch) {
    List<PushResult> results = new ArrayList<>(batch.size());
    for (PushMessage m : batch) {
      log.info(
          "push (no FCM configured) to {} device {}: {}",
          m.platform(),
          abbreviate(m.token()),
          m.title());
      results.add(PushResult.sent("logged-" + m.deliveryId()));
    }
    return Future.succeededFuture(results);
  }

  private static String abbreviate(String token) {
    return token.length() <= 8 ? token : token.substring(0, 8) + "…";
  }
}
