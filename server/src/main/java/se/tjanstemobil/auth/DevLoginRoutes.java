package se.tjanstemobil.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.UUID;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Text;

/** The dev issuer's routes: log in as any active employee, and its public keys. */
public final class DevLoginRoutes {

  private final DevIssuer issuer;
  private final PrincipalLoader principals;

  public DevLoginRoutes(DevIssuer issuer, PrincipalLoader principals) {
    this.issuer = issuer;
    this.principals = principals;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("devLogin").addHandler(Responses.handle(this::login));
    builder
        .getRoute("getJwks")
        .addHandler(
            Responses.handle(
                rc ->
                    Future.succeededFuture(
                        issuer == null
                            ? Reply.ok(new JsonObject().put("keys", new JsonArray()))
                            : Reply.ok(issuer.jwks()))));
  }

  private Future<Reply> login(RoutingContext rc) {
    if (issuer == null) {
      return Future.failedFuture(Problem.notFound(Text.of("auth.devLogin.off")));
    }
    JsonObject body = Validated.body(rc);
    String employeeId = body.getString("employeeId");
    String externalId = body.getString("externalId");
    if ((employeeId == null) == (externalId == null)) {
      return Future.failedFuture(Problem.badRequest("body", Text.of("auth.devLogin.oneOf")));
    }
    Future<Principal> who =
        employeeId != null
            ? principals.byId(UUID.fromString(employeeId))
            : principals.byExternalId(externalId);
    return who.map(
        p -> {
          if (p == null) {
            throw Problem.notFound(
                Text.of("auth.devLogin.noEmployee", employeeId != null ? employeeId : externalId));
          }
          DevIssuer.IssuedToken token = issuer.issue(p.externalId());
          return Reply.ok(
              new JsonObject()
                  .put("accessToken", token.token())
                  .put("tokenType", "Bearer")
                  .put("expiresIn", token.expiresIn())
                  .put("employeeId", p.id().toString()));
        });
  }
}
