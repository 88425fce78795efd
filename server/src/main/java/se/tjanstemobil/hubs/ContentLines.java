package se.tjanstemobil.hubs;

/**
 * Folds iCalendar content lines as RFC 5545 (3.1) says: no line longer than 75 octets without its
 * CRLF, a continuation starting with one space, and never inside a character (a multi-octet UTF-8
 * sequence such as å, ä or ö stays whole). Counting characters, as ical4j does, gives lines of up
 * to 150 octets for a Swedish text.
 */
final class ContentLines {

  static final int MAX_OCTETS = 75;
  private static final String CRLF = "\r\n";

  private ContentLines() {}

  /** The text (unfolded lines, each ending in CRLF) with every line folded. */
  static String fold(String unfolded) {
    StringBuilder out = new StringBuilder(unfolded.length() + unfolded.length() / 50);
    int start = 0;
    while (start < unfolded.length()) {
      int end = unfolded.indexOf(CRLF, start);
      if (end < 0) {
        end = unfolded.length();
      }
      foldLine(unfolded, start, end, out);
      out.append(CRLF);
      start = end + CRLF.length();
    }
    return out.toString();
  }

  private static void foldLine(String text, int from, int to, StringBuilder out) {
    int octets = 0;
    for (int i = from; i < to; ) {
      int codePoint = text.codePointAt(i);
      int chars = Character.charCount(codePoint);
      int size = utf8Length(codePoint);
      if (octets + size > MAX_OCTETS) {
        out.append(CRLF).append(' ');
        octets = 1;
      }
      out.append(text, i, i + chars);
      octets += size;
      i += chars;
    }
  }

  private static int utf8Length(int codePoint) {
    if (codePoint < 0x80) {
      return 1;
    }
    if (codePoint < 0x800) {
      return 2;
    }
    return codePoint < 0x10000 ? 3 : 4;
  }
}
