package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import se.tjanstemobil.events.EventHub;
import se.tjanstemobil.events.Events;
import se.tjanstemobil.jobs.Job;

/**
 * Tells connected apps when a message appears in their inbox: at send time, or at sendAt for a
 * scheduled one. Each message is announced once, by whichever instance marks it first, with an
 * event every instance's {@link EventHub} hears. Times are the server's clock, as everywhere the
 * inbox decides what is visible.
 */
public final class InboxAnnouncer {

  /** Every half second: a message shows in an open app about as soon as it is sent. */
  static final Duration PERIOD = Duration.ofMillis(500);

  private final Pool pool;
  private final MessageStore messages = new MessageStore();
  private final InboxStore inbox = new InboxStore();
  private final Clock clock;

  public InboxAnnouncer(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /** Registers the resolver for message events with the event hub. */
  public void register(EventHub hub) {
    hub.resolver(Events.Type.MESSAGE.wire, this::entries);
  }

  /** The job "inbox-announcer". */
  public Job job() {
    return new Job("inbox-announcer", PERIOD, this::announceDue);
  }

  Future<Void> announceDue() {
    return messages.announceDue(pool, clock.instant().atOffset(ZoneOffset.UTC));
  }

  private Future<Map<UUID, JsonObject>> entries(String messageId, Set<UUID> connected) {
    Instant now = clock.instant();
    return inbox
        .visibleTo(
            pool,
            UUID.fromString(messageId),
            connected.toArray(new UUID[0]),
            now.atOffset(ZoneOffset.UTC))
        .map(
            rows -> {
              Map<UUID, JsonObject> out = new HashMap<>();
              for (InboxStore.Entry e : rows) {
                out.put(e.employeeId(), MessageJson.entry(e, now));
              }
              return out;
            });
  }
}
