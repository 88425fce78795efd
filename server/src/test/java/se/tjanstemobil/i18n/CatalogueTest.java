package se.tjanstemobil.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Format;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every text exists in both languages, with the same arguments, and every key used exists. */
class CatalogueTest {

  private static final Pattern KEY_IN_CODE = Pattern.compile("Text\\.of\\(\\s*\"([^\"]+)\"");

  @Test
  void bothLanguagesHaveTheSameKeys() {
    Set<String> sv = new TreeSet<>(Catalogue.keys(Language.SV));
    Set<String> en = new TreeSet<>(Catalogue.keys(Language.EN));
    Set<String> onlySv = new TreeSet<>(sv);
    onlySv.removeAll(en);
    Set<String> onlyEn = new TreeSet<>(en);
    onlyEn.removeAll(sv);
    assertTrue(onlySv.isEmpty(), "keys without English: " + onlySv);
    assertTrue(onlyEn.isEmpty(), "keys without Swedish: " + onlyEn);
  }

  @Test
  void everyBundleIsInBothLanguagesAndHoldsOnlyItsOwnKeys() {
    assertEquals(Catalogue.bundles(Language.SV), Catalogue.bundles(Language.EN));
    List<String> strays = new ArrayList<>();
    for (Language language : Language.values()) {
      for (String bundle : Catalogue.bundles(language)) {
        for (String key : Catalogue.keys(language, bundle)) {
          if (!key.startsWith(bundle + ".")) {
            strays.add(bundle + "_" + language.code() + ".properties: " + key);
          }
        }
      }
    }
    assertTrue(strays.isEmpty(), "keys in another feature's file: " + strays);
  }

  @Test
  void everyPatternParsesAndBothLanguagesTakeTheSameArguments() {
    List<String> wrong = new ArrayList<>();
    for (String key : Catalogue.keys(Language.SV)) {
      String sv = Catalogue.pattern(Language.SV, key);
      String en = Catalogue.pattern(Language.EN, key);
      if (en == null) {
        continue; // reported by bothLanguagesHaveTheSameKeys
      }
      if (loneApostrophe(sv) || loneApostrophe(en)) {
        wrong.add(key + ": a single apostrophe (MessageFormat would swallow it; write it twice)");
        continue;
      }
      if (arguments(sv) != arguments(en)) {
        wrong.add(
            key + ": " + arguments(sv) + " arguments in Swedish, " + arguments(en) + " in English");
      }
      if (sv.isBlank() || en.isBlank()) {
        wrong.add(key + ": empty");
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  @Test
  void everyKeyTheCodeUsesIsInTheCatalogue() throws IOException {
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = KEY_IN_CODE.matcher(Files.readString(file));
        while (m.find()) {
          used.add(m.group(1));
        }
      }
    }
    Set<String> known = Catalogue.keys(Language.SV);
    Set<String> missing = new TreeSet<>();
    for (String key : used) {
      // A literal ending in a dot is the start of a key built from a code ("validation." +
      // keyword).
      boolean found =
          key.endsWith(".") ? known.stream().anyMatch(k -> k.startsWith(key)) : known.contains(key);
      if (!found) {
        missing.add(key);
      }
    }
    assertTrue(missing.isEmpty(), "keys used in the code but not in the catalogue: " + missing);
  }

  @Test
  void everyProblemTypeOfTheErrorCatalogueHasATitleInBothLanguages() throws IOException {
    Matcher row =
        Pattern.compile("(?m)^\\| [0-9X, ]+ \\| `([a-z0-9-]+)`")
            .matcher(Files.readString(Path.of("..", "mobile-api-docs", "errors.md")));
    Set<String> missing = new TreeSet<>();
    int types = 0;
    while (row.find()) {
      types++;
      String key = "problem." + row.group(1) + ".title";
      for (Language language : Language.values()) {
        if (Catalogue.pattern(language, key) == null) {
          missing.add(key + " (" + language + ")");
        }
      }
    }
    assertTrue(types > 50, "errors.md read: " + types + " types");
    assertTrue(missing.isEmpty(), "problem types without a title: " + missing);
  }

  @Test
  void aTextIsWrittenInTheReadersLanguageWithItsArguments() {
    assertEquals("Hittades inte", Text.of("problem.not-found.title").in(Language.SV));
    assertEquals("Not found", Text.of("problem.not-found.title").in(Language.EN));
  }

  @Test
  void aMissingValueIsRefusedWhereTheTextIsMadeNotWrittenAsNull() {
    Object nothing = null;
    assertThrowsIllegal(() -> Text.of("problem.not-found.title", nothing));
    assertFalse(Text.of("problem.not-found.title").in(Language.SV).contains("null"));
  }

  private static void assertThrowsIllegal(Runnable r) {
    try {
      r.run();
    } catch (IllegalArgumentException expected) {
      return;
    }
    throw new AssertionError("no IllegalArgumentException");
  }

  private static boolean loneApostrophe(String pattern) {
    return pattern.replace("''", "").contains("'");
  }

  private static int arguments(String pattern) {
    Format[] formats = new MessageFormat(pattern).getFormatsByArgumentIndex();
    return formats.length;
  }
}
