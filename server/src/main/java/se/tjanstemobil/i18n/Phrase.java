package se.tjanstemobil.i18n;

/** Something written out in the reader's language: a catalogue text, a time as words. */
@FunctionalInterface
public interface Phrase {
  String in(Language language);
}
