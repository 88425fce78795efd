package se.tjanstemobil.console;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import se.tjanstemobil.config.AppConfig;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Text;

/**
 * The web console at /console: static files from the jar (nothing from a CDN; a strict content
 * security policy says so to the browser), and the sign-in settings it reads first. Everything else
 * it does goes through the public API with the signed-in person's token. It imports no feature: the
 * demo people it offers for dev login are handed in by the composition root.
 */
public final class ConsoleRoutes {

  /** The identity provider for the console's authorization code flow with PKCE; all empty: none. */
  public record Oidc(
      String authorizationEndpoint, String tokenEndpoint, String clientId, String scope) {
    boolean configured() {
      return !authorizationEndpoint.isBlank() && !tokenEndpoint.isBlank() && !clientId.isBlank();
    }
  }

  /** A person the console offers to sign in as with dev login (the demo organisation's). */
  public record DemoLogin(String externalId, String name, String role) {}

  private static final Pattern ASSET = Pattern.compile("[a-z0-9-]{1,40}\\.(js|css|svg)");
  private static final Map<String, String> TYPES =
      Map.of(
          "js",
          "text/javascript; charset=utf-8",
          "css",
          "text/css; charset=utf-8",
          "svg",
          "image/svg+xml");

  private final boolean devLogin;
  private final Oidc oidc;
  private final List<DemoLogin> demoLogins;
  private final JsonObject organisation;
  private final String policy;
  private final ConsoleTexts texts = new ConsoleTexts();

  /**
   * @param demoLogins the people offered for dev login (shown only when it is enabled)
   */
  public ConsoleRoutes(AppConfig config, List<DemoLogin> demoLogins) {
    Settings settings = Settings.from(config);
    this.devLogin = settings.devLogin();
    this.oidc = settings.oidc();
    this.demoLogins = List.copyOf(demoLogins);
    this.organisation =
        new JsonObject()
            .put("timeZone", settings.organisationZone())
            .put("locale", settings.organisationLocale());
    String tokenOrigin = oidc.configured() ? " " + origin(oidc.tokenEndpoint()) : "";
    this.policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
            + "connect-src 'self'"
            + tokenOrigin
            + "; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
  }

  public void mount(RouterBuilder builder) {
    builder
        .getRoute("getConsole")
        .addHandler(rc -> file(rc, "console/index.html", "text/html; charset=utf-8"));
    builder.getRoute("getConsoleAsset").addHandler(this::asset);
    builder.getRoute("getConsoleTexts").addHandler(texts::handle);
    builder
        .getRoute("getAuthConfig")
        .addHandler(Responses.handle(rc -> Future.succeededFuture(Reply.ok(config()))));
  }

  private JsonObject config() {
    JsonArray people = new JsonArray();
    if (devLogin) {
      demoLogins.forEach(
          p ->
              people.add(
                  new JsonObject()
                      .put("externalId", p.externalId())
                      .put("name", p.name())
                      .put("role", p.role())));
    }
    return new JsonObject()
        .put("devLogin", devLogin)
        .put("people", people)
        .put("organisation", organisation.copy())
        .put(
            "oidc",
            oidc.configured()
                ? new JsonObject()
                    .put("authorizationEndpoint", oidc.authorizationEndpoint())
                    .put("tokenEndpoint", oidc.tokenEndpoint())
                    .put("clientId", oidc.clientId())
                    .put("scope", oidc.scope())
                : null);
  }

  private void asset(RoutingContext rc) {
    String asset = Validated.path(rc, "asset");
    if (asset == null
        || !ASSET.matcher(asset).matches()
        || getClass().getClassLoader().getResource("console/" + asset) == null) {
      rc.fail(Problem.notFound(Text.of("console.server.noSuchFile")));
      return;
    }
    file(rc, "console/" + asset, TYPES.get(asset.substring(asset.lastIndexOf('.') + 1)));
  }

  private void file(RoutingContext rc, String resource, String type) {
    rc.response()
        .putHeader("Content-Type", type)
        .putHeader("Cache-Control", "no-cache")
        .putHeader("Content-Security-Policy", policy)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .sendFile(resource);
  }

  private static String origin(String url) {
    URI u = URI.create(url);
    return u.getScheme() + "://" + u.getAuthority();
  }
}
