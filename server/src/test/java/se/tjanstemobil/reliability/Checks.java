package se.tjanstemobil.reliability;

import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reliability scenario checked: each check printed as it is made, a verdict at the end. The
 * scripts in scripts/reliability print it; the tests in the suite assert it.
 */
public final class Checks {

  private final String scenario;
  private final List<String> failures = new ArrayList<>();
  private int count;

  public Checks(String scenario) {
    this.scenario = scenario;
    System.out.println("== " + scenario);
  }

  /** Something measured along the way, for the reader (no verdict of its own). */
  @FormatMethod
  public void note(@FormatString String format, Object... args) {
    System.out.println("   .... " + String.format(format, args));
  }

  public void check(String what, boolean ok, String detail) {
    count++;
    System.out.println(
        "   "
            + (ok ? "PASS" : "FAIL")
            + "  "
            + what
            + (detail.isEmpty() ? "" : " (" + detail + ")"));
    if (!ok) {
      failures.add(what + (detail.isEmpty() ? "" : " (" + detail + ")"));
    }
  }

  public boolean passed() {
    return failures.isEmpty() && count > 0;
  }

  /** Prints the verdict line; returns the process exit code for a script. */
  public int verdict() {
    System.out.println(
        "VERDICT "
            + scenario
            + ": "
            + (passed() ? "PASS" : "FAIL")
            + " ("
            + (count - failures.size())
            + " of "
            + count
            + " checks passed)");
    return passed() ? 0 : 1;
  }

  /** For the test suite: fails with every failed check. */
  public void assertPassed() {
    verdict();
    if (!passed()) {
      throw new AssertionError(scenario + " failed: " + String.join("; ", failures));
    }
  }
}
