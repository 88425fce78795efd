package se.tjanstemobil.http;

import io.vertx.ext.web.RoutingContext;
import se.tjanstemobil.i18n.Language;

/**
 * The language the person behind a request reads: their own once they are signed in (set by the
 * authentication handler), before that the request's Accept-Language, Swedish by default.
 */
public final class ReaderLanguage {

  private static final String KEY = "readerLanguage";

  private ReaderLanguage() {}

  public static void set(RoutingContext rc, Language language) {
    rc.put(KEY, language);
  }

  public static Language of(RoutingContext rc) {
    Language known = rc.get(KEY);
    return known != null
        ? known
        : Language.fromAcceptLanguage(rc.request().getHeader("Accept-Language"));
  }
}
