package se.tjanstemobil.i18n;

import java.text.MessageFormat;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one catalogue of every text the server writes for a person: {@code i18n/texts_sv.properties}
 * and {@code i18n/texts_en.properties} (UTF-8), read as ResourceBundles without fallback between
 * the two, so a key missing in one language is found by CatalogueTest, not hidden. Patterns are
 * {@link MessageFormat}s: {0}, {1} are the arguments, a literal apostrophe is written twice.
 */
public final class Catalogue {

  private static final Logger log = LoggerFactory.getLogger(Catalogue.class);
  private static final String BUNDLE = "i18n.texts";

  private static final Map<Language, ResourceBundle> BUNDLES = new EnumMap<>(Language.class);

  static {
    ResourceBundle.Control exact =
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    for (Language language : Language.values()) {
      BUNDLES.put(
          language,
          ResourceBundle.getBundle(BUNDLE, Locale.forLanguageTag(language.code()), exact));
    }
  }

  private Catalogue() {}

  /** The keys of one language (for the completeness test). */
  public static Set<String> keys(Language language) {
    return BUNDLES.get(language).keySet();
  }

  /** The raw pattern of a key, or null when that language lacks it. */
  public static String pattern(Language language, String key) {
    try {
      return BUNDLES.get(language).getString(key);
    } catch (MissingResourceException missing) {
      return null;
    }
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
