package se.tjanstemobil.agreements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.i18n.Catalogue;
import se.tjanstemobil.i18n.Language;

/**
 * The codes the agreements feature names in its sentences and documents have their texts in both
 * languages (their keys are built from the code, so CatalogueTest cannot see them in the code), and
 * its days read as words.
 */
class AgreementTextsTest {

  @Test
  void everyStatusActionAndChecklistItemHasItsWordsInBothLanguages() {
    for (Language language : Language.values()) {
      for (AgreementStatus s : AgreementStatus.values()) {
        assertNotNull(
            Catalogue.pattern(language, AgreementTexts.status(s).key()), s + " " + language);
      }
      for (AgreementStatus.Action a : AgreementStatus.Action.values()) {
        assertNotNull(
            Catalogue.pattern(language, AgreementTexts.notAllowed(a).key()), a + " " + language);
      }
      for (String item : Draft.CHECKLIST) {
        assertNotNull(
            Catalogue.pattern(language, AgreementTexts.checklistItem(item).key()),
            item + " " + language);
        assertNotNull(
            Catalogue.pattern(language, "agreements.document." + item), item + " " + language);
      }
    }
  }

  @Test
  void aDayReadsAsWordsWithTheYearWhenItIsAnotherAndAlwaysInTheDocument() {
    LocalDate today = LocalDate.of(2026, 12, 1);
    assertEquals(
        "onsdag 3 mars 2027", AgreementTexts.day(LocalDate.of(2027, 3, 3), today).in(Language.SV));
    assertEquals(
        "Thursday 3 December",
        AgreementTexts.day(LocalDate.of(2026, 12, 3), today).in(Language.EN));
    assertEquals("3 mars 2027", AgreementTexts.filedDay(LocalDate.of(2027, 3, 3)).in(Language.SV));
    assertEquals("3 March 2027", AgreementTexts.filedDay(LocalDate.of(2027, 3, 3)).in(Language.EN));
  }
}
