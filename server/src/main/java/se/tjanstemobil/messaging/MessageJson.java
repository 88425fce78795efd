package se.tjanstemobil.messaging;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import se.tjanstemobil.http.Times;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Phrase;

/** The messaging records as the API's JSON: a sent message, its figures, an inbox entry. */
final class MessageJson {

  private MessageJson() {}

  static JsonObject message(MessageStore.Message m) {
    return new JsonObject()
        .put("id", m.id().toString())
        .put("title", m.title())
        .put("body", m.body())
        .put("category", m.category())
        .put("priority", m.priority())
        .put("urgentReason", m.urgentReason())
        .put("requiresAck", m.requiresAck())
        .put("audience", m.audience())
        .put("sendAt", Times.format(m.sendAt()))
        .put("expiresAt", Times.format(m.expiresAt()))
        .put("createdAt", Times.format(m.createdAt()))
        .put("cancelledAt", Times.format(m.cancelledAt()))
        .put("recipients", m.recipientCount());
  }

  static JsonObject stats(MessageStore.Stats s) {
    return new JsonObject()
        .put("recipients", s.recipients())
        .put("delivered", s.delivered())
        .put("held", s.held())
        .put("expired", s.expired())
        .put("noDevice", s.noDevice())
        .put("read", s.read())
        .put("acknowledged", s.acknowledged())
        .put("devicesFailed", s.devicesFailed())
        .put("devicesPending", s.devicesPending())
        .put("devicesHeld", s.devicesHeld());
  }

  /** A recipient in the follow-up list; {@code heldUntil} and {@code heldReason} only when held. */
  static JsonObject recipient(InboxStore.Recipient r, RecipientState state, boolean held) {
    return new JsonObject()
        .put(
            "employee", new JsonObject().put("id", r.employeeId().toString()).put("name", r.name()))
        .put("unitName", r.unitName())
        .put("state", state.name())
        .put("deliveredAt", Times.format(r.deliveredAt()))
        .put("heldUntil", held ? Times.format(r.reachableAt()) : null)
        .put("heldReason", held ? r.heldReason() : null)
        .put("readAt", Times.format(r.readAt()))
        .put("acknowledgedAt", Times.format(r.acknowledgedAt()));
  }

  /** The follow-up list's cursor: the last recipient's name and id. */
  static JsonObject recipientPosition(InboxStore.Recipient r) {
    return new JsonObject().put("name", r.name()).put("id", r.employeeId().toString());
  }

  /** An inbox entry as its owner reads it at {@code now}: the note in their language and zone. */
  static JsonObject entry(InboxStore.Entry e, Instant now) {
    Language language = Language.of(e.ownerLocale());
    return new JsonObject()
        .put("messageId", e.messageId().toString())
        .put("title", e.title())
        .put("body", e.body())
        .put("category", e.category())
        .put("priority", e.priority())
        .put("requiresAck", e.requiresAck())
        .put("sender", Notices.sender(e.senderId(), e.senderName(), language))
        .put("sentAt", Times.format(e.sendAt()))
        .put("visibleAt", Times.format(e.visibleAt()))
        .put("deliveredAt", Times.format(e.deliveredAt()))
        .put("readAt", Times.format(e.readAt()))
        .put("acknowledgedAt", Times.format(e.acknowledgedAt()))
        .put("expiresAt", Times.format(e.expiresAt()))
        .put("heldUntil", e.heldReason() == null ? null : Times.format(e.reachableAt()))
        .put("heldNote", e.heldReason() == null ? null : heldNote(e, now).in(language));
  }

  /**
   * "Skickat måndag 7 december kl. 21:40, utanför din arbetstid: inget svar väntas före tisdag 8
   * december kl. 07:00."
   */
  private static Phrase heldNote(InboxStore.Entry e, Instant now) {
    OffsetDateTime until = e.reachableAt();
    return Texts.heldNote(
        e.heldReason(),
        e.sendAt().toInstant(),
        until == null ? null : until.toInstant(),
        ZoneId.of(e.ownerZone()),
        now);
  }
}
