package se.tjanstemobil.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import se.tjanstemobil.i18n.Text;

/**
 * Health, the contract and its rendered page: the routes operators and app developers use (metrics:
 * MetricsEndpoint).
 */
public final class OperationsRoutes {

  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
  private static final Pattern ASSET =
      Pattern.compile("[A-Za-z0-9._-]{1,80}\\.(js|css|png|map|html)");
  private static final Map<String, String> TYPES =
      Map.of(
          "js",
          "text/javascript; charset=utf-8",
          "css",
          "text/css; charset=utf-8",
          "png",
          "image/png",
          "map",
          "application/json",
          "html",
          "text/html; charset=utf-8");
  private static final String DOCS_PAGE =
      """
    <!doctype html>
    <html lang="en">
    <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Tjänstemobil API</title>
      <link rel="stylesheet" href="/docs/swagger-ui.css">
      <link rel="stylesheet" href="/docs/docs-pages.css">
    </head>
    <body>
      %s
      <div id="swagger-ui"></div>
      <script src="/docs/swagger-ui-bundle.js"></script>
      <script src="/docs/docs-init.js"></script>
    </body>
    </html>
    """
          .formatted(MarkdownPages.NAV);
  private static final String DOCS_INIT =
      """
    window.ui = SwaggerUIBundle({ url: '/openapi.yaml', dom_id: '#swagger-ui', deepLinking: true,
      persistAuthorization: false, tryItOutEnabled: true });
    """;

  private final Pool pool;
  private final Readiness readiness;
  private final String swaggerUiVersion;
  private final MarkdownPages pages = new MarkdownPages();

  public OperationsRoutes(Pool pool, Readiness readiness, String swaggerUiVersion) {
    this.pool = pool;
    this.readiness = readiness;
    this.swaggerUiVersion = swaggerUiVersion;
  }

  public void mount(RouterBuilder builder) {
    builder
        .getRoute("healthLive")
        .addHandler(
            rc -> Responses.write(rc, Responses.Reply.ok(new JsonObject().put("status", "UP"))));
    builder.getRoute("healthReady").addHandler(this::ready);
    builder
        .getRoute("getContract")
        .addHandler(
            rc ->
                rc.response()
                    .putHeader("Content-Type", "application/yaml; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache")
                    .sendFile("contract/openapi.yaml"));
    builder
        .getRoute("getDocs")
        .addHandler(
            rc -> {
              SecurityHeaders.docsPage(rc.response().headers());
              rc.response().putHeader("Content-Type", "text/html; charset=utf-8").end(DOCS_PAGE);
            });
    builder.getRoute("getDocsAsset").addHandler(this::asset);
    builder
        .getRoute("getDocsGuide")
        .addHandler(rc -> markdown(rc, "README.md", "A guide for app developers"));
    builder
        .getRoute("getDocsErrors")
        .addHandler(rc -> markdown(rc, "errors.md", "Error catalogue"));
    builder.getRoute("getDocsPush").addHandler(rc -> markdown(rc, "push.md", "Push payloads"));
  }

  private void markdown(RoutingContext rc, String file, String title) {
    pages
        .page(rc.vertx(), file, title)
        .onSuccess(
            html ->
                rc.response()
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache")
                    .end(html))
        .onFailure(rc::fail);
  }

  private void ready(RoutingContext rc) {
    if (readiness.isStopping() || !readiness.migrated()) {
      notReady(
          rc,
          Text.of(
              readiness.isStopping()
                  ? "problem.not-ready.stopping"
                  : "problem.not-ready.migrating"),
          new JsonObject().put("migrations", readiness.migrated() ? "UP" : "DOWN"));
      return;
    }
    pool.query("SELECT 1")
        .execute()
        .onSuccess(
            r ->
                Responses.write(
                    rc,
                    Responses.Reply.ok(
                        new JsonObject()
                            .put("status", "UP")
                            .put(
                                "checks",
                                new JsonObject().put("database", "UP").put("migrations", "UP")))))
        .onFailure(
            e ->
                notReady(
                    rc,
                    Text.of("problem.not-ready.database"),
                    new JsonObject().put("database", "DOWN").put("migrations", "UP")));
  }

  private static void notReady(RoutingContext rc, Text detail, JsonObject checks) {
    Problem p =
        new Problem(503, "not-ready", detail, List.of(), new JsonObject().put("checks", checks));
    Responses.problem(rc, p);
  }

  private void asset(RoutingContext rc) {
    String asset = Validated.path(rc, "asset");
    if (asset == null || !ASSET.matcher(asset).matches()) {
      rc.fail(Problem.notFound(Text.of("problem.not-found.file")));
      return;
    }
    if (asset.equals("docs-init.js")) {
      rc.response().putHeader("Content-Type", TYPES.get("js")).end(DOCS_INIT);
      return;
    }
    if (asset.equals("docs-pages.css")) {
      rc.response().putHeader("Content-Type", TYPES.get("css")).end(MarkdownPages.STYLE);
      return;
    }
    String resource = WEBJAR + swaggerUiVersion + "/" + asset;
    if (getClass().getClassLoader().getResource(resource) == null) {
      rc.fail(Problem.notFound(Text.of("problem.not-found.file")));
      return;
    }
    String ext = asset.substring(asset.lastIndexOf('.') + 1);
    rc.response()
        .putHeader("Content-Type", TYPES.get(ext))
        .putHeader("Cache-Control", "public, max-age=86400")
        .sendFile(resource);
  }
}
