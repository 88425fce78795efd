package se.tjanstemobil.auth;

import java.util.List;
import java.util.UUID;

/**
 * The employee behind a verified token, loaded fresh for each request (a leaver loses access at
 * once).
 */
public record Principal(
    UUID id,
    String externalId,
    String name,
    String email,
    String locale,
    String timeZone,
    UUID unitId,
    String unitName,
    List<Grant> grants) {

  public record Grant(Role role, UUID scopeId, String scopeName) {}

  public boolean has(Role role) {
    return grants.stream().anyMatch(g -> g.role() == role);
  }

  public boolean hasAny(Role... roles) {
    for (Role r : roles) {
      if (has(r)) {
        return true;
      }
    }
    return false;
  }

  /** Scope ids of the grants of one role (units for MANAGER, hubs for HUB_ADMIN). */
  public List<UUID> scopes(Role role) {
    return grants.stream()
        .filter(g -> g.role() == role && g.scopeId() != null)
        .map(Grant::scopeId)
        .toList();
  }
}
