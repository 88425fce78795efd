package se.tjanstemobil.auth;

import io.vertx.core.Future;
import java.security.PublicKey;

/**
 * Where the public key that verifies a token comes from: the dev issuer, or the identity provider's
 * JWKS.
 */
public interface KeySource {

  /** The key with this id, or a failed future with a {@link se.tjanstemobil.http.Problem} 401. */
  Future<PublicKey> key(String kid);

  /** Whether this source knows the key id without asking anyone. */
  boolean knows(String kid);
}
