package se.tjanstemobil.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Catalogue;
import se.tjanstemobil.i18n.Language;

/**
 * GET /console/texts/{language}: the console's texts from the server's one catalogue, so the
 * console keeps no second copy: its own texts (console_*), the label of every code the API returns
 * (label_*) and each problem type's title (problem_*). Each is sent as a template whose {0}, {1}
 * the console fills in (MessageFormat's quoting already undone), in the order of the catalogue's
 * files, since the console lists some codes in that order. The texts change only with the jar: the
 * answer carries an ETag and is revalidated, not fetched again.
 */
final class ConsoleTexts {

  private record Answer(Buffer body, String etag) {}

  private final Map<Language, Answer> answers = new EnumMap<>(Language.class);

  ConsoleTexts() {
    for (Language language : Language.values()) {
      JsonObject texts = new JsonObject();
      for (String bundle : List.of("console", "label")) {
        for (String key : keysInFileOrder(bundle, language)) {
          texts.put(key, template(Catalogue.pattern(language, key)));
        }
      }
      for (String key : Catalogue.keys(language, "problem")) {
        if (key.endsWith(".title")) {
          texts.put(key, template(Catalogue.pattern(language, key)));
        }
      }
      Buffer body =
          Buffer.buffer(
              new JsonObject().put("language", language.code()).put("texts", texts).encode());
      answers.put(language, new Answer(body, etag(body)));
    }
  }

  void handle(RoutingContext rc) {
    Language language = Language.of(Validated.path(rc, "language"));
    Answer answer = answers.get(language);
    rc.response()
        .putHeader("ETag", answer.etag())
        .putHeader("Cache-Control", "public, no-cache")
        .putHeader("Content-Language", language.code());
    if (answer.etag().equals(rc.request().getHeader("If-None-Match"))) {
      rc.response().setStatusCode(304).end();
      return;
    }
    rc.response().putHeader("Content-Type", "application/json").end(answer.body());
  }

  /**
   * A pattern with its arguments left as the slots "{0}", "{1}" and its quoting resolved (a doubled
   * apostrophe is one): what the console's t() fills in.
   */
  static String template(String pattern) {
    MessageFormat format = new MessageFormat(pattern);
    Object[] slots = new Object[format.getFormatsByArgumentIndex().length];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = "{" + i + "}";
    }
    return format.format(slots);
  }

  /** A bundle's keys in the order its file lists them (ResourceBundle forgets the order). */
  private static List<String> keysInFileOrder(String bundle, Language language) {
    List<String> keys = new ArrayList<>();
    Properties ordered =
        new Properties() {
          @Override
          public synchronized Object put(Object key, Object value) {
            keys.add((String) key);
            return super.put(key, value);
          }
        };
    String file = "i18n/" + bundle + "_" + language.code() + ".properties";
    try (InputStream in = ConsoleTexts.class.getClassLoader().getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("no " + file + " in the jar");
      }
      ordered.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return keys;
  }

  private static String etag(Buffer body) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(body.getBytes());
      return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
