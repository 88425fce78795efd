package se.tjanstemobil.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import se.tjanstemobil.support.TestServer;

/**
 * axe-core, Deque's accessibility engine, as the browser tests inject it into the console's pages.
 * Its version is pinned in server/src/test/console/package.json and package-lock.json; {@code npm
 * ci} installs it there when the lock file changed since the last install (a stamp in
 * node_modules), as ContractLintTest does for Redocly CLI, so a fresh clone needs only Node.js and
 * npm.
 */
final class AxeCore {

  private static final Path DIR =
      TestServer.projectRoot().resolve("server/src/test/console").toAbsolutePath();
  private static final Path STAMP = DIR.resolve("node_modules/.installed-from-lock");
  private static final Path SCRIPT = DIR.resolve("node_modules/axe-core/axe.min.js");
  private static String source;

  private AxeCore() {}

  /** The engine's source, installed first when needed. */
  static synchronized String source() {
    if (source == null) {
      try {
        install();
        source = Files.readString(SCRIPT, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return source;
  }

  private static void install() throws IOException, InterruptedException {
    String lock = sha256(Files.readAllBytes(DIR.resolve("package-lock.json")));
    if (Files.exists(STAMP)
        && Files.readString(STAMP).trim().equals(lock)
        && Files.exists(SCRIPT)) {
      return;
    }
    Path log = Files.createTempFile("axe-install", ".log");
    try {
      Process p;
      try {
        p =
            new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund"))
                .directory(DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
      } catch (IOException e) {
        fail(
            "The console's accessibility check installs axe-core with npm, which is not on the PATH"
                + " (Debian: apt-get install nodejs npm): "
                + e.getMessage());
        return;
      }
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        fail("npm ci in server/src/test/console took over 5 minutes:\n" + Files.readString(log));
      }
      assertEquals(
          0, p.exitValue(), "npm ci in server/src/test/console failed:\n" + Files.readString(log));
      Files.writeString(STAMP, lock);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
