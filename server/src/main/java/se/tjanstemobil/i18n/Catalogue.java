package se.tjanstemobil.i18n;

import java.text.MessageFormat;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one catalogue of every text the server writes for a person, and of the console's texts: one
 * ResourceBundle pair per feature or kind under {@code i18n/} ({@code hubs_sv.properties}, {@code
 * hubs_en.properties}, UTF-8), whose keys start with the bundle's name ({@code hubs.}); split so
 * that each feature keeps its texts beside nobody else's. Read without fallback between the two
 * languages, so a key missing in one is found by CatalogueTest, not hidden. Patterns are {@link
 * MessageFormat}s: {0}, {1} are the arguments, a literal apostrophe is written twice.
 */
public final class Catalogue {

  private static final Logger log = LoggerFactory.getLogger(Catalogue.class);

  /** The bundles; a key's first segment names its bundle. */
  public static final List<String> BUNDLES =
      List.of(
          "problem",
          "validation",
          "label",
          "console",
          "messaging",
          "availability",
          "devices",
          "org",
          "privacy",
          "reports",
          "hubs",
          "agreements",
          "auth",
          "audit");

  private static final Map<Language, Map<String, ResourceBundle>> LOADED =
      new EnumMap<>(Language.class);

  static {
    ResourceBundle.Control exact =
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    for (Language language : Language.values()) {
      Map<String, ResourceBundle> bundles = new LinkedHashMap<>();
      for (String name : BUNDLES) {
        try {
          bundles.put(
              name,
              ResourceBundle.getBundle(
                  "i18n." + name, Locale.forLanguageTag(language.code()), exact));
        } catch (MissingResourceException none) {
          // A feature without texts yet; CatalogueTest names a bundle present in one language only.
        }
      }
      LOADED.put(language, bundles);
    }
  }

  private Catalogue() {}

  /** The keys of one language (for the completeness test). */
  public static Set<String> keys(Language language) {
    Set<String> keys = new TreeSet<>();
    LOADED.get(language).values().forEach(b -> keys.addAll(b.keySet()));
    return keys;
  }

  /** The bundles present in one language. */
  public static Set<String> bundles(Language language) {
    return LOADED.get(language).keySet();
  }

  /** The keys of one bundle in one language (empty when it is absent). */
  public static Set<String> keys(Language language, String bundle) {
    ResourceBundle b = LOADED.get(language).get(bundle);
    return b == null ? Set.of() : new TreeSet<>(b.keySet());
  }

  /** The raw pattern of a key, or null when that language lacks it. */
  public static String pattern(Language language, String key) {
    int dot = key.indexOf('.');
    ResourceBundle bundle = dot < 0 ? null : LOADED.get(language).get(key.substring(0, dot));
    return bundle != null && bundle.containsKey(key) ? bundle.getString(key) : null;
  }

  static String format(Language language, String key, List<Object> args) {
    String pattern = pattern(language, key);
    if (pattern == null) {
      // A defect CatalogueTest catches; in production the other language beats a bare key.
      log.warn("text {} has no {} form", key, language);
      pattern = pattern(language == Language.SV ? Language.EN : Language.SV, key);
      if (pattern == null) {
        return key;
      }
    }
    Object[] values = new Object[args.size()];
    for (int i = 0; i < values.length; i++) {
      Object arg = args.get(i);
      values[i] = arg instanceof Phrase phrase ? phrase.in(language) : arg;
    }
    return new MessageFormat(pattern, language.locale()).format(values);
  }
}
