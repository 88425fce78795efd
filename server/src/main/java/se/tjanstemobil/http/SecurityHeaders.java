package se.tjanstemobil.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

/**
 * Headers every answer carries, set when the request's head arrives, before any handler, so no
 * answer leaves without them (errors and refusals included): browsers do not guess content types,
 * and nothing under /api (all of it personal data: my profile, inboxes, units, reports, exports,
 * bookings) is kept by a cache. A handler may still name its own caching.
 */
final class SecurityHeaders {

  private SecurityHeaders() {}

  static void apply(HttpServerRequest request) {
    MultiMap headers = request.response().headers();
    headers.set("X-Content-Type-Options", "nosniff");
    if (request.path() != null && request.path().startsWith("/api/")) {
      headers.set("Cache-Control", "no-store");
    }
  }

  /**
   * The docs page: its own scripts and styles only (Swagger UI sets inline styles), never framed.
   */
  static void docsPage(MultiMap headers) {
    headers.set(
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
  }
}
