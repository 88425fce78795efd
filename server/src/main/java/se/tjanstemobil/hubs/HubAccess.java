package se.tjanstemobil.hubs;

import java.util.UUID;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.i18n.Text;

/** Who runs which hub: ADMIN every hub, HUB_ADMIN the hubs they are granted. */
final class HubAccess {

  private HubAccess() {}

  static boolean manages(Principal who, UUID hubId) {
    return who.has(Role.ADMIN) || who.scopes(Role.HUB_ADMIN).contains(hubId);
  }

  static void requireManages(Principal who, UUID hubId, String hubName) {
    if (!manages(who, hubId)) {
      throw Problem.forbidden(Text.of("hubs.access.notAdministrator", hubName));
    }
  }

  /** Occupancy is also HR's, for decisions about premises. */
  static void requireSeesOccupancy(Principal who, UUID hubId, String hubName) {
    if (!manages(who, hubId) && !who.has(Role.HR)) {
      throw Problem.forbidden(Text.of("hubs.access.occupancy", hubName));
    }
  }
}
