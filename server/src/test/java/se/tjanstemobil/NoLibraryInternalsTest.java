package se.tjanstemobil;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.TestServer;

/**
 * The server uses only the public API of its libraries: no class of a library's {@code impl} or
 * {@code internal} package (Vert.x, Netty, Firebase, Google's clients...), imported or named
 * inline. Those change without notice between patch releases, and an upgrade should not break the
 * server where nothing promised it would keep working.
 */
class NoLibraryInternalsTest {

  private static final Pattern INTERNAL =
      Pattern.compile("\\b(?:io|com|org|net)\\.[\\w.]*\\.(?:impl|internal)\\.[\\w.]*[A-Z]\\w*");

  @Test
  void theServerNamesNoClassOfALibrarysInternalPackage() throws IOException {
    Path main = TestServer.projectRoot().resolve("server/src/main/java");
    List<String> uses;
    try (Stream<Path> files = Files.walk(main)) {
      uses =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .sorted()
              .flatMap(f -> internalsNamedIn(main, f))
              .toList();
    }
    assertEquals(List.of(), uses);
  }

  private static Stream<String> internalsNamedIn(Path root, Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return Stream.iterate(0, i -> i < lines.size(), i -> i + 1)
          .filter(i -> INTERNAL.matcher(lines.get(i)).find())
          .map(i -> root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
