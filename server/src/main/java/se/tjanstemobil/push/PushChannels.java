package se.tjanstemobil.push;

import java.util.Locale;

/**
 * How a push presents itself on the phone. Android: one notification channel per category, and one
 * for urgent messages, so the employee can silence categories in the phone's settings. iOS: URGENT
 * is `time-sensitive` (breaks through Focus), SOCIAL is `passive` (shown without sound or lighting
 * up the screen), everything else `active`.
 */
public final class PushChannels {

  private PushChannels() {}

  public static String androidChannel(String category, boolean urgent) {
    return urgent ? "tjm_urgent" : "tjm_" + category.toLowerCase(Locale.ROOT);
  }

  public static String iosInterruptionLevel(String category, boolean urgent) {
    return urgent ? "time-sensitive" : "SOCIAL".equals(category) ? "passive" : "active";
  }
}
