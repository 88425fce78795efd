package se.tjanstemobil.auth;

import java.util.Arrays;
import java.util.stream.Collectors;
import se.tjanstemobil.i18n.Phrase;
import se.tjanstemobil.i18n.Text;

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

  /** The role as a person reads it ("Chef", "Manager"). */
  public Text label() {
    return Text.label("role", name());
  }

  /** Several roles' labels, one after the other: "HR, Administratör". */
  public static Phrase labels(Role... roles) {
    return language ->
        Arrays.stream(roles).map(r -> r.label().in(language)).collect(Collectors.joining(", "));
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
