package se.tjanstemobil.i18n;

import java.util.List;
import java.util.Locale;

/**
 * The languages a person reads the service in: Swedish first (the default wherever nothing else is
 * known), English complete.
 */
public enum Language {
  SV(Locale.forLanguageTag("sv-SE")),
  EN(Locale.forLanguageTag("en-GB"));

  private static final List<Locale> OFFERED = List.of(Locale.forLanguageTag("sv"), Locale.ENGLISH);

  private final Locale locale;

  Language(Locale locale) {
    this.locale = locale;
  }

  public Locale locale() {
    return locale;
  }

  /** The code stored with a person and written in the API ("sv", "en"). */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A person's stored locale ("sv", "en", "en-GB"); anything else or none is Swedish. */
  public static Language of(String tag) {
    if (tag == null || tag.isBlank()) {
      return SV;
    }
    return Locale.forLanguageTag(tag.trim()).getLanguage().equals("en") ? EN : SV;
  }

  /**
   * The best of ours for an Accept-Language header (RFC 9110 weights, "*" and ranges like "en-US");
   * Swedish when the header is absent, malformed or names neither.
   */
  public static Language fromAcceptLanguage(String header) {
    if (header == null || header.isBlank()) {
      return SV;
    }
    try {
      Locale best = Locale.lookup(Locale.LanguageRange.parse(header), OFFERED);
      return best == null ? SV : of(best.toLanguageTag());
    } catch (IllegalArgumentException malformed) {
      return SV;
    }
  }
}
