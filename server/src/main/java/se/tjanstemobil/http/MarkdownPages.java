package se.tjanstemobil.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Link;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The markdown packaged beside the contract (the app developers' guide, the error catalogue, the
 * push format) as pages under /docs: rendered once per file, links between them pointed at their
 * pages.
 */
final class MarkdownPages {

  /** Where each packaged file is served; the markdown links to them by file name. */
  static final Map<String, String> PAGES =
      Map.of(
          "openapi.yaml",
          "/openapi.yaml",
          "README.md",
          "/docs/guide",
          "errors.md",
          "/docs/errors",
          "push.md",
          "/docs/push");

  /**
   * The style of these pages, served as /docs/docs-pages.css (no inline style, so a strict CSP
   * holds).
   */
  static final String STYLE =
      """
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 0 auto; padding: 0 1rem 3rem; color: #1b1b1b; }
    nav.docs-nav { padding: .75rem 1rem; border-bottom: 1px solid #ddd; font: 15px system-ui, sans-serif; }
    nav.docs-nav a { margin-right: 1.25rem; }
    table { border-collapse: collapse; margin: 1rem 0; }
    th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
    code { background: #f3f3f3; padding: 0 .2rem; }
    pre { background: #f3f3f3; padding: .75rem; overflow-x: auto; }
    """;

  static final String NAV =
      "<nav class=\"docs-nav\"><a href=\"/docs\">API reference</a><a href=\"/docs/guide\">Guide for app"
          + " developers</a><a href=\"/docs/errors\">Error catalogue</a><a href=\"/docs/push\">Push payloads</a>"
          + "<a href=\"/openapi.yaml\">openapi.yaml</a></nav>";

  private final Parser parser;
  private final HtmlRenderer renderer;
  private final Map<String, Future<String>> rendered = new ConcurrentHashMap<>();

  MarkdownPages() {
    List<Extension> extensions = List.of(TablesExtension.create());
    parser = Parser.builder().extensions(extensions).build();
    renderer =
        HtmlRenderer.builder()
            .extensions(extensions)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .attributeProviderFactory(
                context ->
                    (node, tag, attributes) -> {
                      if (node instanceof Link && attributes.containsKey("href")) {
                        String href = attributes.get("href");
                        int hash = href.indexOf('#');
                        String file = hash < 0 ? href : href.substring(0, hash);
                        if (PAGES.containsKey(file)) {
                          attributes.put(
                              "href", PAGES.get(file) + (hash < 0 ? "" : href.substring(hash)));
                        }
                      }
                    })
            .build();
  }

  /**
   * The page of a packaged markdown file (under contract/ in the jar), rendered the first time it
   * is asked for.
   */
  Future<String> page(Vertx vertx, String file, String title) {
    Future<String> page =
        rendered.computeIfAbsent(
            file,
            f ->
                vertx
                    .fileSystem()
                    .readFile("contract/" + f)
                    .map(markdown -> html(title, markdown.toString())));
    return page.onFailure(e -> rendered.remove(file, page));
  }

  private String html(String title, String markdown) {
    return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
        + title
        + " - Tjänstemobil API</title>\n"
        + "<link rel=\"stylesheet\" href=\"/docs/docs-pages.css\">\n</head>\n<body>\n"
        + NAV
        + "\n<main>\n"
        + renderer.render(parser.parse(markdown))
        + "</main>\n</body>\n</html>\n";
  }
}
