package se.tjanstemobil.http;

import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** CSV downloads (RFC 4180) of reports, for spreadsheets: `Accept: text/csv` asks for one. */
public final class Csv {

  public static final String CONTENT_TYPE = "text/csv; charset=utf-8";

  private Csv() {}

  public static boolean wanted(RoutingContext rc) {
    String accept = rc.request().getHeader("Accept");
    return accept != null && accept.contains("text/csv");
  }

  /** One line of fields, quoted where needed, ended with CRLF. */
  public static String line(List<?> fields) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Object f = fields.get(i);
      out.append(f instanceof String s ? quote(s) : f == null ? "" : String.valueOf(f));
    }
    return out.append("\r\n").toString();
  }

  // A field with a comma, quote or line break is quoted, quotes doubled; a leading = + - @ is
  // prefixed so a spreadsheet does not run it as a formula.
  public static String quote(String s) {
    String v =
        s != null && !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0
            ? "'" + s
            : s == null ? "" : s;
    boolean special = v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r");
    return special ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }
}
