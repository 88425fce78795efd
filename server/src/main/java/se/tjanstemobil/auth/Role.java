package se.tjanstemobil.auth;

/** The roles an employee can be granted; the scope type says what the grant covers. */
public enum Role {
  MANAGER(ScopeType.UNIT),
  HUB_ADMIN(ScopeType.HUB),
  COMMUNICATOR(ScopeType.ORGANISATION),
  CRISIS_LEAD(ScopeType.ORGANISATION),
  HR(ScopeType.ORGANISATION),
  ADMIN(ScopeType.ORGANISATION);

  public enum ScopeType {
    UNIT,
    HUB,
    ORGANISATION
  }

  private final ScopeType scopeType;

  Role(ScopeType scopeType) {
    this.scopeType = scopeType;
  }

  public ScopeType scopeType() {
    return scopeType;
  }

  public static Role parse(String s) {
    for (Role r : values()) {
      if (r.name().equals(s)) {
        return r;
      }
    }
    return null;
  }
}
