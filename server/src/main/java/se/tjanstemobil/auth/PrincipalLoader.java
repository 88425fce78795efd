package se.tjanstemobil.auth;

import io.vertx.core.Future;
import java.util.UUID;

/** How authentication finds the employee a token names; the organisation feature implements it. */
public interface PrincipalLoader {

  /** The active employee with this external id, or null when none (unknown or left). */
  Future<Principal> byExternalId(String externalId);

  /** The active employee with this id, or null when none (unknown or left). */
  Future<Principal> byId(UUID id);

  /**
   * Whether this external id may act as a first administrator: no active employee holds ADMIN yet
   * (an empty database), and the id is not a leaver's.
   */
  Future<Boolean> mayBootstrap(String externalId);
}
