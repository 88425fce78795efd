package se.tjanstemobil.auth;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.RequestLogHandler;

/**
 * Authenticates requests to operations the contract secures (those without `security: []`),
 * before the body is read and the request validated: a caller without a valid token learns
 * nothing about the shape of the API, and cannot make the server read a body. Puts the
 * {@link Principal} on the routing context.
 */
public final class AuthHandler implements Handler<RoutingContext> {

  private static final String PRINCIPAL_KEY = "principal";

  private final OpenAPIContract contract;
  private final TokenVerifier verifier;
  private final PrincipalLoader principals;

  public AuthHandler(OpenAPIContract contract, TokenVerifier verifier, PrincipalLoader principals) {
    this.contract = contract;
    this.verifier = verifier;
    this.principals = principals;
  }

  @Override
  public void handle(RoutingContext rc) {
    Operation operation = contract.findOperation(rc.normalizedPath(), rc.request().method());
    if (operation == null || operation.getSecurityRequirements().isEmpty()) {
      rc.next();
      return;
    }
    String header = rc.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      rc.fail(Problem.unauthorized("A bearer token is required (Authorization: Bearer <token>)"));
      return;
    }
    // Nothing of the body is read while the caller is unknown: the body handler resumes.
    rc.request().pause();
    verifier.verify(header.substring(7).trim())
      .compose(principals::byExternalId)
      .onSuccess(principal -> {
        if (principal == null) {
          rc.fail(Problem.unauthorized("The token names no active employee"));
          return;
        }
        rc.put(PRINCIPAL_KEY, principal);
        rc.put(RequestLogHandler.ACTOR_KEY, principal.id());
        rc.next();
      })
      .onFailure(rc::fail);
  }

  /** The authenticated employee of a request to a secured operation. */
  public static Principal principal(RoutingContext rc) {
    Principal p = rc.get(PRINCIPAL_KEY);
    if (p == null) {
      throw Problem.unauthorized("A bearer token is required");
    }
    return p;
  }

  /** Whether the request comes from an authenticated employee holding the role (anonymous: false). */
  public static boolean holds(RoutingContext rc, Role role) {
    Principal p = rc.get(PRINCIPAL_KEY);
    return p != null && p.has(role);
  }

  /** Fails with 403 unless the caller holds one of the roles. */
  public static Principal requireAny(RoutingContext rc, Role... roles) {
    Principal p = principal(rc);
    if (!p.hasAny(roles)) {
      throw Problem.forbidden("This needs the role " + (roles.length == 1 ? roles[0].name()
        : java.util.Arrays.toString(roles)));
    }
    return p;
  }
}
