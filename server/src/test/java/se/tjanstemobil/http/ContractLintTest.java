package se.tjanstemobil.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.TestServer;

/**
 * The contract passes an OpenAPI linter nobody on the project wrote: Redocly CLI with its
 * recommended rules (mobile-api-docs/redocly.yaml), with no error. The CLI's version is pinned in
 * mobile-api-docs/package.json and package-lock.json; {@code npm ci} installs it there when the
 * lock file changed since the last install (a stamp in node_modules), so a fresh clone needs only
 * Node.js and npm.
 */
class ContractLintTest {

  private static final Path DOCS = TestServer.projectRoot().resolve("mobile-api-docs");
  private static final Path STAMP = DOCS.resolve("node_modules/.installed-from-lock");

  /** The oldest Node.js the pinned Redocly CLI runs on (its package's engines field). */
  private static final int[] NODE_AT_LEAST = {20, 19};

  @Test
  void theContractPassesRedoclysRecommendedRulesWithoutAnError() throws Exception {
    requireNode();
    installPinnedCli();
    Result lint =
        run(
            List.of(
                "node",
                "node_modules/@redocly/cli/bin/cli.js",
                "lint",
                "openapi.yaml",
                "--format=stylish"),
            5);
    assertEquals(
        0,
        lint.exit(),
        "redocly lint found errors in mobile-api-docs/openapi.yaml:\n" + lint.output());
    Matcher errors = Pattern.compile("(\\d+) errors?").matcher(lint.output());
    if (errors.find()) {
      assertEquals("0", errors.group(1), lint.output());
    }
  }

  private static void requireNode() throws InterruptedException {
    Result version;
    try {
      version = run(List.of("node", "--version"), 1);
      run(List.of("npm", "--version"), 1);
    } catch (IOException e) {
      fail(
          "The contract lint needs Node.js "
              + NODE_AT_LEAST[0]
              + "."
              + NODE_AT_LEAST[1]
              + " or later and npm on the PATH"
              + " (Debian: apt-get install nodejs npm); none was found: "
              + e.getMessage());
      return;
    }
    Matcher m = Pattern.compile("v(\\d+)\\.(\\d+)").matcher(version.output());
    if (!m.find()
        || Integer.parseInt(m.group(1)) < NODE_AT_LEAST[0]
        || (Integer.parseInt(m.group(1)) == NODE_AT_LEAST[0]
            && Integer.parseInt(m.group(2)) < NODE_AT_LEAST[1])) {
      fail(
          "The contract lint needs Node.js "
              + NODE_AT_LEAST[0]
              + "."
              + NODE_AT_LEAST[1]
              + " or later; this one is "
              + version.output().trim());
    }
  }

  /**
   * npm ci when the lock file is not the one node_modules was installed from; npm's own cache makes
   * it quick.
   */
  private static void installPinnedCli() throws IOException, InterruptedException {
    String lock = sha256(Files.readAllBytes(DOCS.resolve("package-lock.json")));
    if (Files.exists(STAMP)
        && Files.readString(STAMP).trim().equals(lock)
        && Files.exists(DOCS.resolve("node_modules/@redocly/cli/bin/cli.js"))) {
      return;
    }
    Result ci = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 10);
    assertEquals(0, ci.exit(), "npm ci in mobile-api-docs failed:\n" + ci.output());
    Files.writeString(STAMP, lock);
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command, int minutes)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("contract-lint", ".log");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(new ArrayList<>(command))
              .directory(DOCS.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().put("REDOCLY_TELEMETRY", "off");
      pb.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
      pb.environment().put("NO_COLOR", "1");
      Process p = pb.start();
      if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        fail(
            String.join(" ", command)
                + " did not finish within "
                + minutes
                + " minutes:\n"
                + Files.readString(log));
      }
      return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
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
