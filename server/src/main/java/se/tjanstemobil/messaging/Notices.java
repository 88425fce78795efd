package se.tjanstemobil.messaging;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import se.tjanstemobil.availability.Passes;
import se.tjanstemobil.availability.Reachability;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Phrase;
import se.tjanstemobil.i18n.Text;

/**
 * Notices the server writes to one person (a booking cancelled by the hub, a waitlist offer): a
 * message to that person alone, written in their language, in their inbox and pushed like any
 * NORMAL message, so held while they are off duty (issue 4: server-generated notices follow the
 * same rules). Features call it inside their own transaction, so the notice commits with the
 * change.
 */
public final class Notices {

  /**
   * To whom, from whom (null: the service itself), what: the title and body are phrases (an i18n
   * {@link Text}, with times as {@link se.tjanstemobil.i18n.Words}) written in the recipient's
   * language when the notice is sent.
   */
  public record Notice(UUID employee, UUID sender, Phrase title, Phrase body) {}

  static final String CATEGORY = "OPERATIONS";
  private static final Phrase SERVICE = Text.of("messaging.sender.service");

  /** A message's sender as the API shows it to a reader; the service itself for a notice. */
  public static JsonObject sender(UUID id, String name, Language reader) {
    return id == null
        ? new JsonObject().putNull("id").put("name", SERVICE.in(reader))
        : new JsonObject().put("id", id.toString()).put("name", name);
  }

  /** {@link #sender(UUID, String, Language)} for a reader's stored locale ("sv", "en"). */
  public static JsonObject sender(UUID id, String name, String readerLocale) {
    return sender(id, name, Language.of(readerLocale));
  }

  private final Reachability reachability;
  private final Outbox outbox;
  private final Clock clock;

  public Notices(Reachability reachability, Outbox outbox, Clock clock) {
    this.reachability = reachability;
    this.outbox = outbox;
    this.clock = clock;
  }

  /** Writes the notices in the caller's transaction; the delivery workers are woken on commit. */
  public Future<Void> send(SqlClient conn, List<Notice> notices) {
    if (notices.isEmpty()) {
      return Future.succeededFuture();
    }
    Instant now = clock.instant();
    Set<UUID> people = new LinkedHashSet<>();
    notices.forEach(n -> people.add(n.employee()));
    return reachability
        .plan(conn, people.toArray(new UUID[0]), now, Passes.NONE)
        .compose(
            plans -> {
              // Someone who left meanwhile has no plan: nobody to tell.
              List<Notice> told =
                  notices.stream().filter(n -> plans.containsKey(n.employee())).toList();
              int n = told.size();
              UUID[] ids = new UUID[n];
              UUID[] employees = new UUID[n];
              UUID[] senders = new UUID[n];
              String[] titles = new String[n];
              String[] bodies = new String[n];
              OffsetDateTime[] visible = new OffsetDateTime[n];
              OffsetDateTime[] reachable = new OffsetDateTime[n];
              String[] held = new String[n];
              Boolean[] push = new Boolean[n];
              OffsetDateTime sent = now.atOffset(ZoneOffset.UTC);
              for (int i = 0; i < n; i++) {
                Notice notice = told.get(i);
                Reachability.Plan p = plans.get(notice.employee());
                Language language = Language.of(p.profile().locale());
                ids[i] = UUID.randomUUID();
                employees[i] = notice.employee();
                senders[i] = notice.sender();
                titles[i] = notice.title().in(language);
                bodies[i] = notice.body().in(language);
                // As in the fan-out: no reachable time when none of their working time is known.
                reachable[i] =
                    p.reachableAt() == null ? null : p.reachableAt().atOffset(ZoneOffset.UTC);
                held[i] = p.isHeld() ? p.held().name() : null;
                visible[i] =
                    p.isHeld() && p.profile().hideOutsideHours() && reachable[i] != null
                        ? reachable[i]
                        : sent;
                push[i] = !p.profile().mutedCategories().contains(CATEGORY);
              }
              Tuple args =
                  Tuple.tuple()
                      .addValue(ids)
                      .addValue(employees)
                      .addValue(senders)
                      .addValue(titles)
                      .addValue(bodies)
                      .addValue(visible)
                      .addValue(reachable)
                      .addValue(held)
                      .addValue(push)
                      .addValue(sent);
              return outbox.enqueueNotices(conn, args).compose(x -> outbox.wakeOnCommit(conn));
            });
  }
}
