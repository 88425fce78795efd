package se.tjanstemobil.hubs;

import java.util.UUID;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.http.Problem;

/** Who runs which hub: ADMIN every hub, HUB_ADMIN the hubs they are granted. */
final class HubAccess {

  private HubAccess() {}

  static boolean manages(Principal who, UUID hubId) {
    return who.has(Role.ADMIN) || who.scopes(Role.HUB_ADMIN).contains(hubId);
  }

  static void requireManages(Principal who, UUID hubId, String hubName) {
    if (!manages(who, hubId)) {
      throw Problem.forbidden(
          "You do not administer " + hubName + "; hub administrators manage their own hubs");
    }
  }

  /** Occupancy is also HR's, for decisions about premises. */
  static void requireSeesOccupancy(Principal who, UUID hubId, String hubName) {
    if (!manages(who, hubId) && !who.has(Role.HR)) {
      throw Problem.forbidden(
          "The occupancy of " + hubName + " is for its hub administrators, HR and admins");
    }
  }
}
