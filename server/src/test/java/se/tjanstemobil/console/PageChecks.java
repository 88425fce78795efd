package se.tjanstemobil.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import se.tjanstemobil.i18n.Catalogue;
import se.tjanstemobil.i18n.Language;

/**
 * The quality bars every page of the console is held to, checked in the browser: no {@code null},
 * {@code undefined}, {@code [object}, UUID or ISO timestamp in what a person reads; every text the
 * page asked for in its language; no sentence of the other language; no horizontal scroll (375 px
 * and 1366 px) and a sane layout on a laptop; no WCAG 2.1 AA violation axe-core finds; and every
 * control reached by the keyboard with a visible focus ring of at least 3:1. Each check returns
 * what it found wrong, so a test lists every fault of every page at once.
 */
final class PageChecks {

  private static final Pattern WORDS_THAT_LEAK =
      Pattern.compile("\\bnull\\b|\\bundefined\\b|\\[object|\\bNaN\\b|Invalid Date");
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern ISO_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d");
  private static final Pattern CODE = Pattern.compile("\\b[A-Z]{2,}_[A-Z_]+\\b");

  private final ConsoleBrowser browser;

  PageChecks(ConsoleBrowser browser) {
    this.browser = browser;
  }

  /**
   * The console's catalogue as GET /console/texts serves it: its own texts (console_*) and the
   * codes' labels (label_*) in both languages, each as the template the console fills in.
   */
  static JsonObject catalogue() {
    return CATALOGUE;
  }

  private static final JsonObject CATALOGUE = read();

  private static JsonObject read() {
    JsonObject texts = new JsonObject();
    JsonObject labels = new JsonObject();
    JsonObject values = new JsonObject();
    for (Language language : Language.values()) {
      JsonArray keys = new JsonArray();
      JsonArray all = new JsonArray();
      JsonObject tables = new JsonObject();
      for (String key : Catalogue.keys(language, "console")) {
        keys.add(key.substring("console.".length()));
        all.add(ConsoleTexts.template(Catalogue.pattern(language, key)));
      }
      for (String key : Catalogue.keys(language, "label")) {
        String[] parts = key.split("\\.", 3);
        String label = ConsoleTexts.template(Catalogue.pattern(language, key));
        if (!tables.containsKey(parts[1])) {
          tables.put(parts[1], new JsonObject());
        }
        tables.getJsonObject(parts[1]).put(parts[2], label);
        all.add(label);
      }
      texts.put(language.code(), keys);
      labels.put(language.code(), tables);
      values.put(language.code(), all);
    }
    return new JsonObject().put("texts", texts).put("labels", labels).put("values", values);
  }

  /** Texts, language and leaks, in the page's current language. */
  List<String> texts(String page) {
    List<String> faults = new ArrayList<>();
    String text = String.valueOf(browser.js("return document.body.innerText"));
    String lang = String.valueOf(browser.js("return document.documentElement.lang"));
    for (Pattern p : List.of(WORDS_THAT_LEAK, UUID, ISO_TIME, CODE)) {
      Matcher m = p.matcher(text);
      if (m.find()) {
        faults.add(page + " [" + lang + "]: shows \"" + around(text, m.start(), m.end()) + "\"");
      }
    }
    Object missing = browser.js("return Array.from(window.tjmMissingTexts || [])");
    if (missing instanceof List<?> list && !list.isEmpty()) {
      faults.add(page + " [" + lang + "]: texts missing from the catalogue: " + list);
    }
    for (String code : codesWithLabels(lang)) {
      if (Pattern.compile("\\b" + code + "\\b").matcher(text).find()) {
        faults.add(page + " [" + lang + "]: shows the code " + code + " where a label exists");
      }
    }
    String other = lang.equals("sv") ? "en" : "sv";
    for (String sentence : sentences(other, lang)) {
      if (text.contains(sentence)) {
        faults.add(page + " [" + lang + "]: a text of the other language: \"" + sentence + "\"");
      }
    }
    return faults;
  }

  /**
   * The other language's texts that could not be this language's: those of two words or more that
   * the two catalogues do not share (placeholders cut the text into its literal pieces).
   */
  private List<String> sentences(String of, String not) {
    JsonObject values = catalogue().getJsonObject("values");
    List<String> mine = values.getJsonArray(not).stream().map(String::valueOf).toList();
    List<String> out = new ArrayList<>();
    for (Object o : values.getJsonArray(of)) {
      for (String piece : String.valueOf(o).split("\\{\\w+\\}", -1)) {
        String s = piece.strip();
        if (s.length() >= 10 && s.contains(" ") && mine.stream().noneMatch(m -> m.contains(s))) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /** The codes (MANAGER, DOCKING_STATION, BOOKED) whose label differs from the code itself. */
  private List<String> codesWithLabels(String lang) {
    JsonObject tables = catalogue().getJsonObject("labels").getJsonObject(lang);
    List<String> out = new ArrayList<>();
    for (String table : tables.fieldNames()) {
      JsonObject labels = tables.getJsonObject(table);
      for (String code : labels.fieldNames()) {
        if (code.matches("[A-Z][A-Z_]{2,}") && !code.equals(labels.getString(code))) {
          out.add(code);
        }
      }
    }
    return out;
  }

  private static String around(String text, int start, int end) {
    return text.substring(Math.max(0, start - 40), Math.min(text.length(), end + 40))
        .replace('\n', ' ');
  }

  /** No horizontal scroll at the window's current width; on a laptop, the frame in one piece. */
  List<String> layout(String page, boolean laptop) {
    List<String> faults = new ArrayList<>();
    JsonObject m =
        new JsonObject(
            String.valueOf(
                browser.js(
                    "const d = document.documentElement, main = document.querySelector('main'),"
                        + " top = document.querySelector('.top');"
                        + " const wide = [...document.querySelectorAll('main *')].filter(e =>"
                        + "   e.getBoundingClientRect().right > window.innerWidth + 1 && e.getClientRects().length"
                        + "   && !e.closest('.sr-only')).slice(0, 3).map(e => e.tagName + '.' + e.className + '#' + e.id);"
                        + " return JSON.stringify({scroll: d.scrollWidth, width: window.innerWidth,"
                        + " main: main.getBoundingClientRect().width, top: top.getBoundingClientRect().height, wide});")));
    int width = m.getInteger("width");
    if (m.getInteger("scroll") > width) {
      faults.add(
          page
              + " at "
              + width
              + " px: scrolls sideways ("
              + m.getInteger("scroll")
              + " px wide; beyond the edge: "
              + m.getJsonArray("wide")
              + ")");
    }
    if (laptop) {
      if (m.getDouble("main") < Math.min(1100, width) - 40) {
        faults.add(
            page + " at " + width + " px: the content is " + m.getDouble("main") + " px wide");
      }
      if (m.getDouble("top") > 110) {
        faults.add(page + " at " + width + " px: the header is " + m.getDouble("top") + " px high");
      }
    }
    return faults;
  }

  /** axe-core's WCAG 2.1 A and AA rules over the whole document. */
  List<String> accessibility(String page) {
    if (!Boolean.TRUE.equals(browser.js("return typeof window.axe === 'object'"))) {
      browser.js(AxeCore.source() + "\n;return true;");
    }
    Object json =
        browser.asyncJs(
            "const done = arguments[arguments.length - 1];"
                + " axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},"
                + " resultTypes: ['violations']})"
                + ".then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, help: v.help,"
                + "   nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' '))})))))"
                + ".catch(e => done(JSON.stringify([{id: 'axe-error', help: String(e), nodes: []}])));");
    List<String> faults = new ArrayList<>();
    for (Object o : new JsonArray(String.valueOf(json))) {
      JsonObject v = (JsonObject) o;
      faults.add(
          page
              + ": axe "
              + v.getString("id")
              + " ("
              + v.getString("help")
              + ") "
              + v.getJsonArray("nodes"));
    }
    return faults;
  }

  /**
   * Tabs through the page from the top: every visible control of the header and the page is
   * reached, and each shows a focus ring with at least 3:1 contrast against what is around it.
   */
  List<String> keyboard(String page) {
    Number count =
        (Number)
            browser.js(
                "const all = [...document.querySelectorAll('header a[href], header button, main a[href], main button,"
                    + " main input, main select, main textarea, main summary')]"
                    + "  .filter(e => !e.disabled && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden');"
                    + " document.querySelectorAll('[data-kbd]').forEach(e => e.removeAttribute('data-kbd'));"
                    + " all.forEach((e, i) => e.setAttribute('data-kbd', i));"
                    + " document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);"
                    + " return all.length;");
    int n = count.intValue();
    List<String> faults = new ArrayList<>();
    java.util.Set<Integer> reached = new java.util.HashSet<>();
    // Keys go to whatever has focus, as a person's do (Actions, not an element's sendKeys, which
    // would take a file input's keys for a file name).
    Runnable tab = () -> new Actions(browser.driver).sendKeys(Keys.TAB).perform();
    browser.js("document.querySelector('.skip').focus()");
    tab.run();
    for (int i = 0; i < 3 * n + 20 && reached.size() < n; i++) {
      JsonObject f =
          new JsonObject(
              String.valueOf(
                  browser.js(
                      "const e = document.activeElement; if (!e || e === document.body) return '{}';"
                          + " const s = getComputedStyle(e);"
                          + " const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);"
                          + " const lum = c => { const v = rgb(c).slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });"
                          + "   return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };"
                          + " let p = e.parentElement, bg = 'rgb(255,255,255)';"
                          + " while (p) { const b = getComputedStyle(p).backgroundColor; const a = rgb(b);"
                          + "   if (a.length === 3 || (a.length === 4 && a[3] > 0.5)) { bg = b; break; } p = p.parentElement; }"
                          + " const l1 = lum(s.outlineColor), l2 = lum(bg);"
                          + " const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);"
                          + " return JSON.stringify({k: e.getAttribute('data-kbd'), what: e.tagName + ' ' + (e.id || e.textContent.trim().slice(0, 30)),"
                          + "   style: s.outlineStyle, width: parseFloat(s.outlineWidth), ratio});")));
      String k = f.getString("k");
      if (k != null) {
        int index = Integer.parseInt(k);
        if (reached.add(index)) {
          if ("none".equals(f.getString("style")) || f.getDouble("width") < 2) {
            faults.add(page + ": no visible focus ring on " + f.getString("what"));
          } else if (f.getDouble("ratio") < 3) {
            faults.add(
                page
                    + ": the focus ring on "
                    + f.getString("what")
                    + " has contrast "
                    + Math.round(f.getDouble("ratio") * 100) / 100.0
                    + ":1");
          }
        }
      }
      tab.run();
    }
    if (reached.size() < n) {
      Object missed =
          browser.js(
              "return [...document.querySelectorAll('[data-kbd]')].filter(e => !arguments[0].includes(Number(e.getAttribute('data-kbd'))))"
                  + ".slice(0, 5).map(e => e.tagName + ' ' + (e.id || e.textContent.trim().slice(0, 30)))",
              new ArrayList<>(reached));
      faults.add(page + ": not reached by the keyboard: " + missed);
    }
    return faults;
  }
}
