package se.tjanstemobil.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.ReaderLanguage;
import se.tjanstemobil.http.RequestLogHandler;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Text;

/**
 * Authenticates requests to operations the contract secures (those without `security: []`), before
 * the body is read and the request validated: a caller without a valid token learns nothing about
 * the shape of the API, and cannot make the server read a body. Puts the {@link Principal} on the
 * routing context.
 */
public final class AuthHandler implements Handler<RoutingContext> {

  private static final String PRINCIPAL_KEY = "principal";
  private static final String FIRST_ADMIN_KEY = "firstAdmin";

  /**
   * The one operation a first administrator may call before being one: the import that makes them
   * one.
   */
  private static final String BOOTSTRAP_OPERATION = "importOrganisation";

  private final OpenAPIContract contract;
  private final TokenVerifier verifier;
  private final PrincipalLoader principals;
  private final Set<String> bootstrapAdmins;

  /**
   * @param bootstrapAdmins auth.bootstrapAdmins: external ids that may import the organisation
   *     while nobody is an administrator yet (an empty production database)
   */
  public AuthHandler(
      OpenAPIContract contract,
      TokenVerifier verifier,
      PrincipalLoader principals,
      Set<String> bootstrapAdmins) {
    this.contract = contract;
    this.verifier = verifier;
    this.principals = principals;
    this.bootstrapAdmins = Set.copyOf(bootstrapAdmins);
  }

  @Override
  public void handle(RoutingContext rc) {
    Operation operation = contract.findOperation(rc.normalizedPath(), rc.request().method());
    if (operation == null || operation.getSecurityRequirements().isEmpty()) {
      rc.next();
      return;
    }
    String token = bearerToken(rc);
    if (token == null) {
      rc.fail(Problem.unauthorized(Text.of("auth.token.required")));
      return;
    }
    // Nothing of the body is read while the caller is unknown: the body handler resumes.
    rc.request().pause();
    verifier
        .verify(token)
        .compose(externalId -> principal(rc, operation, externalId))
        .onSuccess(principal -> admit(rc, principal))
        .onFailure(rc::fail);
  }

  /** The token of the Authorization header, or null when there is none. */
  private static String bearerToken(RoutingContext rc) {
    String header = rc.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      return null;
    }
    return header.substring(7).trim();
  }

  /** The employee the token names (null: none active), or a first administrator. */
  private Future<Principal> principal(RoutingContext rc, Operation operation, String externalId) {
    return principals
        .byExternalId(externalId)
        .compose(
            found ->
                bootstrapping(operation, externalId, found)
                    ? principals
                        .mayBootstrap(externalId)
                        .map(may -> may ? firstAdmin(rc, externalId, found) : found)
                    : Future.succeededFuture(found));
  }

  private static void admit(RoutingContext rc, Principal principal) {
    if (principal == null) {
      rc.fail(Problem.unauthorized(Text.of("auth.token.noEmployee")));
      return;
    }
    rc.put(PRINCIPAL_KEY, principal);
    if (principal.locale() != null) {
      ReaderLanguage.set(rc, Language.of(principal.locale()));
    }
    rc.put(
        RequestLogHandler.ACTOR_KEY,
        principal.id() == null ? "first-admin:" + principal.externalId() : principal.id());
    rc.next();
  }

  private boolean bootstrapping(Operation operation, String externalId, Principal found) {
    return BOOTSTRAP_OPERATION.equals(operation.getOperationId())
        && bootstrapAdmins.contains(externalId)
        && (found == null || !found.has(Role.ADMIN));
  }

  /**
   * The caller as a first administrator, for this one request: an ADMIN grant that the import then
   * makes real.
   */
  private static Principal firstAdmin(RoutingContext rc, String externalId, Principal found) {
    rc.put(FIRST_ADMIN_KEY, true);
    List<Principal.Grant> grants = new ArrayList<>(found == null ? List.of() : found.grants());
    grants.add(new Principal.Grant(Role.ADMIN, null, null));
    return found == null
        ? new Principal(
            null, externalId, externalId, null, null, null, null, null, List.copyOf(grants))
        : new Principal(
            found.id(),
            found.externalId(),
            found.name(),
            found.email(),
            found.locale(),
            found.timeZone(),
            found.unitId(),
            found.unitName(),
            List.copyOf(grants));
  }

  /** Whether the caller acts as a first administrator (auth.bootstrapAdmins) in this request. */
  public static boolean isFirstAdmin(RoutingContext rc) {
    return Boolean.TRUE.equals(rc.get(FIRST_ADMIN_KEY));
  }

  /** The authenticated employee of a request to a secured operation. */
  public static Principal principal(RoutingContext rc) {
    Principal p = rc.get(PRINCIPAL_KEY);
    if (p == null) {
      throw Problem.unauthorized(Text.of("auth.token.required"));
    }
    return p;
  }

  /**
   * Whether the request comes from an authenticated employee holding the role (anonymous: false).
   */
  public static boolean holds(RoutingContext rc, Role role) {
    Principal p = rc.get(PRINCIPAL_KEY);
    return p != null && p.has(role);
  }

  /** Fails with 403 unless the caller holds one of the roles. */
  public static Principal requireAny(RoutingContext rc, Role... roles) {
    Principal p = principal(rc);
    if (!p.hasAny(roles)) {
      throw Problem.forbidden(
          roles.length == 1
              ? Text.of("auth.role.required", roles[0].label())
              : Text.of("auth.role.requiredAny", Role.labels(roles)));
    }
    return p;
  }
}
