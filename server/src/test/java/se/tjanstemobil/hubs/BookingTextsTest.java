package se.tjanstemobil.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.i18n.Catalogue;
import se.tjanstemobil.i18n.Language;

/**
 * The codes the hubs feature names in its sentences and documents have their texts in both
 * languages (their keys are built from the code, so CatalogueTest cannot see them in the code).
 */
class BookingTextsTest {

  @Test
  void everyStatusAndKindHasItsWordsInBothLanguages() {
    for (Language language : Language.values()) {
      for (BookingStatus s : BookingStatus.values()) {
        assertNotNull(
            Catalogue.pattern(language, BookingTexts.status(s.name()).key()), s + " " + language);
      }
      for (WaitlistStatus s : WaitlistStatus.values()) {
        assertNotNull(
            Catalogue.pattern(language, BookingTexts.waitlistStatus(s).key()), s + " " + language);
      }
      for (String kind : List.of("DESK", "ROOM", "PHONE_BOOTH")) {
        assertNotNull(
            Catalogue.pattern(language, BookingTexts.kind(kind).key()), kind + " " + language);
      }
    }
  }

  @Test
  void theOccupancyCsvIsHeadedInTheReadersLanguage() {
    JsonObject none = new JsonObject().put("days", new JsonArray());
    assertEquals(
        "Datum,Resurs,Typ,Öppet (timmar),Bokat (timmar),Beläggning,Bokningar,Incheckade,"
            + "Uteblivna,Avbokade,Väntelista\r\n",
        Occupancy.csv(none, Language.SV));
    String english = Occupancy.csv(none, Language.EN);
    assertFalse(english.contains("hubs."), english);
    assertEquals(11, english.split(",").length, english);
  }
}
