package se.tjanstemobil.i18n;

import java.util.Arrays;
import java.util.List;

/**
 * A text for a person, by its key in the catalogue and its arguments, written out in the reader's
 * language only when it is read ({@link #in(Language)}): a problem, a notice or a document carries
 * a Text, not a sentence. Arguments are plain values (names, numbers, counts) or phrases that are
 * themselves written in the reader's language: another Text, a time as words ({@link Words}) or a
 * code's label ({@link #label}).
 */
public record Text(String key, List<Object> args) implements Phrase {

  public Text {
    // A missing value would be written as "null" in a sentence: refuse it where it is made.
    for (Object arg : args) {
      if (arg == null) {
        throw new IllegalArgumentException("a null argument for " + key);
      }
    }
    args = List.copyOf(args);
  }

  public static Text of(String key, Object... args) {
    return new Text(key, Arrays.asList(args));
  }

  /**
   * The label of a code the API returns ("category", "SHIFT_CHANGE"): key {@code
   * label.<kind>.<code>}.
   */
  public static Text label(String kind, String code) {
    return of("label." + kind + "." + code);
  }

  @Override
  public String in(Language language) {
    return Catalogue.format(language, key, args);
  }
}
