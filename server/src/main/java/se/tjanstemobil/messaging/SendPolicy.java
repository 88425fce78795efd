package se.tjanstemobil.messaging;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Text;

/**
 * Who may send what to whom, and when: the rules of a send that need no database (the contract has
 * checked the shapes; the units, employees and hubs named are looked up afterwards). Each refusal
 * is the {@link Problem} the API answers.
 */
final class SendPolicy {

  /**
   * A send the rules allow.
   *
   * @param withinManagedUnits the units and employees named must be in the sender's managed units
   *     (a manager, or anyone sending URGENT on a manager's right)
   * @param sendAt when it goes (now when not given or a few minutes past)
   */
  record Decision(
      Audience audience,
      boolean urgent,
      boolean withinManagedUnits,
      OffsetDateTime sendAt,
      OffsetDateTime expiresAt) {}

  /** How long ago a sendAt may lie and still mean "now" (clocks of phones and consoles drift). */
  static final int PAST_TOLERANCE_MINUTES = 5;

  private final MessageSending.UrgentPolicy urgentPolicy;

  SendPolicy(MessageSending.UrgentPolicy urgentPolicy) {
    this.urgentPolicy = urgentPolicy;
  }

  Decision check(Principal sender, JsonObject body, OffsetDateTime now) {
    boolean broadcaster = sender.hasAny(Role.COMMUNICATOR, Role.CRISIS_LEAD);
    Audience audience = Audience.parse(body.getJsonObject("audience"));
    checkAudience(sender, broadcaster, audience);
    boolean urgent = "URGENT".equals(body.getString("priority"));
    if (urgent) {
      checkUrgent(sender, body, audience);
    }
    // A communicator's URGENT without crisis lead goes on the manager's right: own units only.
    boolean onManagersRight = urgent && !sender.has(Role.CRISIS_LEAD);
    OffsetDateTime utcNow = now.withOffsetSameInstant(ZoneOffset.UTC);
    OffsetDateTime given = Validated.time(body.getString("sendAt"), "sendAt");
    OffsetDateTime sendAt = given == null ? utcNow : given;
    OffsetDateTime expiresAt = Validated.time(body.getString("expiresAt"), "expiresAt");
    if (sendAt.isBefore(utcNow.minusMinutes(PAST_TOLERANCE_MINUTES))) {
      throw Problem.rule("send-at-in-the-past", Text.of("messaging.send.sendAtPast"));
    }
    if (sendAt.isBefore(utcNow)) {
      sendAt = utcNow;
    }
    if (expiresAt != null && !expiresAt.isAfter(sendAt)) {
      throw Problem.badRequest("expiresAt", Text.of("messaging.send.expiresBeforeSend"));
    }
    return new Decision(audience, urgent, !broadcaster || onManagersRight, sendAt, expiresAt);
  }

  private static void checkAudience(Principal sender, boolean broadcaster, Audience audience) {
    boolean hubAdmin = sender.has(Role.HUB_ADMIN);
    if (!broadcaster && !sender.has(Role.MANAGER) && !hubAdmin) {
      throw Problem.forbidden(Text.of("messaging.send.notASender"));
    }
    if (audience.isEmpty()) {
      throw Problem.badRequest("audience", Text.of("messaging.send.audienceEmpty"));
    }
    if ((audience.everyone() || !audience.roles().isEmpty()) && !broadcaster) {
      throw Problem.forbidden(Text.of("messaging.send.everyoneOrRole"));
    }
    if (!broadcaster
        && !sender.has(Role.MANAGER)
        && (!audience.units().isEmpty() || !audience.employees().isEmpty())) {
      throw Problem.forbidden(Text.of("messaging.send.hubAdminsToHubs"));
    }
    if (!broadcaster) {
      for (Audience.HubPick h : audience.hubs()) {
        if (!sender.scopes(Role.HUB_ADMIN).contains(h.id())) {
          throw Problem.forbidden(Text.of("messaging.send.notYourHub"));
        }
      }
    }
  }

  // URGENT breaks through availability: crisis leads to anyone; managers only to their own units,
  // and only where policy allows it; a written reason always.
  private void checkUrgent(Principal sender, JsonObject body, Audience audience) {
    if (!sender.has(Role.CRISIS_LEAD)
        && !(sender.has(Role.MANAGER) && urgentPolicy.managersMaySend())) {
      throw Problem.forbidden(
          urgentPolicy.managersMaySend()
              ? Text.of("messaging.urgent.crisisLeadsAndManagers")
              : Text.of("messaging.urgent.crisisLeadsOnly"));
    }
    String reason = body.getString("urgentReason");
    if (reason == null || reason.isBlank()) {
      throw Problem.badRequest("urgentReason", Text.of("messaging.urgent.reasonMissing"));
    }
    if (!sender.has(Role.CRISIS_LEAD)
        && (audience.everyone() || !audience.roles().isEmpty() || !audience.hubs().isEmpty())) {
      throw Problem.forbidden(Text.of("messaging.urgent.ownUnitsOnly"));
    }
  }
}
