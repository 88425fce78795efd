package se.tjanstemobil.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LanguageTest {

  @Test
  void acceptLanguagePicksTheBestOfOursAndSwedishOtherwise() {
    assertEquals(Language.SV, Language.fromAcceptLanguage(null));
    assertEquals(Language.SV, Language.fromAcceptLanguage(""));
    assertEquals(Language.EN, Language.fromAcceptLanguage("en-US,en;q=0.9"));
    assertEquals(Language.SV, Language.fromAcceptLanguage("sv-SE,sv;q=0.9,en;q=0.8"));
    assertEquals(Language.EN, Language.fromAcceptLanguage("de-DE,en;q=0.5,sv;q=0.1"));
    assertEquals(Language.SV, Language.fromAcceptLanguage("de-DE,fr;q=0.5"));
    assertEquals(Language.SV, Language.fromAcceptLanguage("en;q=nonsense,,;"));
  }

  @Test
  void aStoredLocaleIsSwedishUnlessItIsEnglish() {
    assertEquals(Language.EN, Language.of("en"));
    assertEquals(Language.EN, Language.of("en-GB"));
    assertEquals(Language.SV, Language.of("sv"));
    assertEquals(Language.SV, Language.of(null));
    assertEquals(Language.SV, Language.of("fi"));
  }
}
