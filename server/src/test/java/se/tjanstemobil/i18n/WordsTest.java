package se.tjanstemobil.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Times in sentences, in the reader's zone, across the nights the clocks change. */
class WordsTest {

  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  @Test
  void aMomentReadsLikeASentenceInBothLanguages() {
    Instant at = Instant.parse("2026-12-08T06:45:00Z"); // 07:45 in Stockholm (CET)
    assertEquals("tisdag 8 december kl. 07:45", Words.at(at, STOCKHOLM, NOW).in(Language.SV));
    assertEquals("Tuesday 8 December at 07:45", Words.at(at, STOCKHOLM, NOW).in(Language.EN));
  }

  @Test
  void anotherYearCarriesItsYear() {
    Instant at = Instant.parse("2027-01-04T07:00:00Z");
    assertEquals("måndag 4 januari 2027 kl. 08:00", Words.at(at, STOCKHOLM, NOW).in(Language.SV));
    assertEquals(
        "måndag 4 januari 2027",
        Words.day(LocalDate.of(2027, 1, 4), STOCKHOLM, NOW).in(Language.SV));
  }

  @Test
  void theNightTheClocksGoBackANightShiftReadsInLocalTime() {
    // 25 October 2026: 03:00 CEST becomes 02:00 CET. A shift 22:00-07:00 local is ten hours long.
    Instant start = Instant.parse("2026-10-24T20:00:00Z"); // 22:00 CEST
    Instant end = Instant.parse("2026-10-25T06:00:00Z"); // 07:00 CET
    assertEquals(
        "lördag 24 oktober kl. 22:00 – söndag 25 oktober kl. 07:00",
        Words.span(start, end, STOCKHOLM, NOW).in(Language.SV));
  }

  @Test
  void theNightTheClocksGoForwardADayShiftOnOneDayIsOneSpan() {
    // 29 March 2026: 02:00 CET becomes 03:00 CEST.
    Instant start = Instant.parse("2026-03-29T06:00:00Z"); // 08:00 CEST
    Instant end = Instant.parse("2026-03-29T14:00:00Z"); // 16:00 CEST
    assertEquals(
        "Sunday 29 March 08:00–16:00", Words.span(start, end, STOCKHOLM, NOW).in(Language.EN));
    assertEquals(
        "söndag 29 mars kl. 08:00–16:00", Words.span(start, end, STOCKHOLM, NOW).in(Language.SV));
  }
}
