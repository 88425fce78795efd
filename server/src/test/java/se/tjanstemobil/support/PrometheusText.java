package se.tjanstemobil.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of a /metrics page (the Prometheus text format). */
public final class PrometheusText {

  private PrometheusText() {}

  /**
   * The values of every sample of a metric whose labels contain all the given label pairs, in page
   * order.
   */
  public static List<Double> values(String text, String metric, String... labels) {
    Matcher m =
        Pattern.compile(
                "^" + Pattern.quote(metric) + "(?:\\{([^}]*)\\})? (\\S+)$", Pattern.MULTILINE)
            .matcher(text);
    List<Double> values = new ArrayList<>();
    while (m.find()) {
      String found = m.group(1) == null ? "" : m.group(1);
      boolean all = true;
      for (String label : labels) {
        all &= found.contains(label);
      }
      if (all) {
        values.add(Double.parseDouble(m.group(2)));
      }
    }
    return values;
  }

  public static double sum(String text, String metric, String... labels) {
    return values(text, metric, labels).stream().mapToDouble(Double::doubleValue).sum();
  }

  public static double max(String text, String metric, String... labels) {
    return values(text, metric, labels).stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }
}
