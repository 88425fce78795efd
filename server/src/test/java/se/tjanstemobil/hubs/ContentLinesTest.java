package se.tjanstemobil.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * RFC 5545 folding by octets: the limits exactly, and characters of 2, 3 and 4 octets at the edge.
 */
class ContentLinesTest {

  private static String unfold(String folded) {
    return folded.replace("\r\n ", "");
  }

  private static void assertFoldedWell(String unfolded) {
    String folded = ContentLines.fold(unfolded);
    for (String line : folded.split("\r\n", -1)) {
      assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, line);
      assertTrue(
          line.isEmpty() || !Character.isHighSurrogate(line.charAt(line.length() - 1)),
          "a line ends inside a character: " + line);
    }
    assertEquals(unfolded, unfold(folded));
  }

  @Test
  void aLineOf75OctetsStaysAndOneOf76IsFolded() {
    String exact = "SUMMARY:" + "a".repeat(67);
    assertEquals(exact + "\r\n", ContentLines.fold(exact + "\r\n"));
    String over = exact + "b";
    assertEquals(exact + "\r\n b\r\n", ContentLines.fold(over + "\r\n"));
  }

  @Test
  void multiOctetCharactersAreNeverSplit() {
    // 74 octets, then å (2 octets) would make 76: it goes to the next line whole.
    String line = "SUMMARY:" + "a".repeat(66) + "åäö";
    assertEquals("SUMMARY:" + "a".repeat(66) + "\r\n åäö\r\n", ContentLines.fold(line + "\r\n"));
    assertFoldedWell(
        "DESCRIPTION:"
            + "Överenskommelse på Åre östra våning två ".repeat(12)
            + "\r\nEND:VEVENT\r\n");
    assertFoldedWell("SUMMARY:" + "€".repeat(80) + "\r\n");
    assertFoldedWell("SUMMARY:" + "a".repeat(65) + "\uD83D\uDE00".repeat(30) + "\r\n");
    assertFoldedWell("SUMMARY:Łukasz Čáp Šŋ " + "ŋ".repeat(90) + "\r\n");
  }

  @Test
  void continuationLinesCarryAtMost74OctetsAfterTheirSpace() {
    String folded = ContentLines.fold("X:" + "a".repeat(300) + "\r\n");
    // -1 keeps the empty string after the last CRLF: the last line of text is lines.length - 2.
    String[] lines = folded.split("\r\n", -1);
    assertEquals("", lines[lines.length - 1]);
    assertEquals(75, lines[0].length());
    for (int i = 1; i < lines.length - 2; i++) {
      assertEquals(75, lines[i].length());
      assertTrue(lines[i].startsWith(" "));
    }
  }
}
