package se.tjanstemobil.agreements;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Responses.Reply;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Text;

/**
 * The approved agreement as a PDF the parties can file, in the reader's language (every label and
 * sentence from the catalogue, codes as their labels, days as words with their year), made with
 * Apache PDFBox on a worker thread (it blocks). The text is set in DejaVu Sans, embedded (only the
 * glyphs used), so every name prints as the HR system holds it: Latin with Sami, Finnish, Polish,
 * Baltic and other letters (Łukasz, ŋ, č, š), Greek, Cyrillic. The standard Helvetica it replaces
 * has only Windows-1252 and printed the rest as '?'. A character DejaVu Sans has no glyph for
 * (Chinese, for one) still becomes '?'.
 */
final class AgreementDocument {

  private static final float MARGIN = 56;
  private static final Pattern TRAILING_SPACES = Pattern.compile(" +$");
  private static final String FONTS = "/net/sf/jasperreports/fonts/dejavu/";
  // Read once; each document embeds its own subset of them.
  private static final byte[] REGULAR = font("DejaVuSans.ttf");
  private static final byte[] BOLD = font("DejaVuSans-Bold.ttf");
  private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;

  private final Vertx vertx;
  private final AgreementStore store;

  AgreementDocument(Vertx vertx, AgreementStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  /**
   * The PDF in the reader's language; 409 unless the agreement was approved (it is the decision
   * that makes it a document).
   */
  Future<Reply> render(Agreement a, Language language) {
    LocalDate today = store.today();
    if (a.stored() != AgreementStatus.APPROVED && a.stored() != AgreementStatus.TERMINATED) {
      throw Problem.conflict(
          "agreement-state",
          Text.of("agreements.state.document", AgreementTexts.status(a.shown(today))));
    }
    return vertx.executeBlocking(
        () -> Reply.bytes("application/pdf", Buffer.buffer(pdf(a, language, today))));
  }

  byte[] pdf(Agreement a, Language language, LocalDate today) throws IOException {
    try (PDDocument doc = new PDDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Labels l = new Labels(language);
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle(l.of("title"));
      info.setAuthor("Tjänstemobil");
      Writer w = new Writer(doc);
      Draft t = a.terms();
      w.title(l.of("title"));
      w.line(l.of("intro"));
      w.gap();
      w.field(l.of("employee"), a.employeeName());
      w.field(l.of("unit"), a.unitName());
      w.field(l.of("decidedBy"), a.decidedByName() == null ? a.approverName() : a.decidedByName());
      w.field(l.of("decided"), a.decidedAt() == null ? null : l.day(store.date(a.decidedAt())));
      w.field(l.of("status"), AgreementTexts.status(a.shown(today)).in(language));
      w.gap();
      w.heading(l.of("periodAndScope"));
      w.field(l.of("valid"), l.day(t.validFrom()) + " – " + l.day(t.validTo()));
      w.field(
          l.of("weekdays"),
          t.weekdays().isEmpty()
              ? null
              : String.join(
                  ", ",
                  t.weekdays().stream()
                      .map(d -> DayOfWeek.valueOf(d).getDisplayName(TextStyle.FULL, l.locale()))
                      .toList()));
      w.field(
          l.of("share"), t.sharePercent() == null ? null : l.of("shareValue", t.sharePercent()));
      List<String> places = new ArrayList<>();
      t.places().forEach(o -> places.add(place((JsonObject) o, l)));
      w.field(l.of("places"), String.join("; ", places));
      w.gap();
      w.heading(l.of("work"));
      w.field(l.of("tasks"), t.tasks());
      w.field(l.of("workingHours"), t.workingHours());
      w.field(l.of("reachability"), t.reachability());
      w.field(l.of("equipment"), t.equipment());
      w.gap();
      w.heading(l.of("confirmed"));
      for (String item : Draft.CHECKLIST) {
        w.field(l.of(item), l.of(t.checklist().getBoolean(item, false) ? "yes" : "no"));
      }
      w.gap();
      w.heading(l.of("followUp"));
      w.field(l.of("reviewDate"), t.reviewDate() == null ? null : l.day(t.reviewDate()));
      w.field(l.of("noticePeriod"), l.of("noticeDays", a.noticeDays()));
      if (a.endsOn() != null) {
        w.field(
            l.of("endedEarly"),
            l.of("inForceUntil", l.day(a.endsOn()), a.terminationReason(language)));
      }
      w.field(l.of("employeeComment"), a.employeeComment());
      w.field(l.of("managerComment"), a.managerComment());
      w.gap();
      w.line(l.of("ending"));
      w.line(l.of("id", a.id()));
      w.close();
      doc.save(out);
      return out.toByteArray();
    }
  }

  /** The document's texts ({@code agreements.document.*}) and days, in one language. */
  private record Labels(Language language) {
    String of(String key, Object... args) {
      return new Text("agreements.document." + key, Arrays.asList(args)).in(language);
    }

    String day(LocalDate day) {
      return AgreementTexts.filedDay(day).in(language);
    }

    Locale locale() {
      return language.locale();
    }
  }

  private static String place(JsonObject p, Labels l) {
    String d = p.getString("description");
    String where =
        switch (p.getString("type")) {
          case "HOME" -> l.of("placeHome");
          case "HUB" -> p.getString("hubName", l.of("placeHub"));
          default -> null;
        };
    if (where == null) {
      return d;
    }
    return d == null ? where : l.of("placeDescribed", where, d);
  }

  private static byte[] font(String file) {
    try (InputStream in = AgreementDocument.class.getResourceAsStream(FONTS + file)) {
      if (in == null) {
        throw new IllegalStateException(
            "The font "
                + file
                + " is not on the class path (net.sf.jasperreports:jasperreports-fonts)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lines of text down A4 pages, wrapped to the width, a new page when one is full. */
  private static final class Writer {
    private final PDDocument doc;
    private final PDFont regular;
    private final PDFont bold;
    private PDPageContentStream stream;
    private float y;

    Writer(PDDocument doc) throws IOException {
      this.doc = doc;
      this.regular = PDType0Font.load(doc, new ByteArrayInputStream(REGULAR), true);
      this.bold = PDType0Font.load(doc, new ByteArrayInputStream(BOLD), true);
      newPage();
    }

    private void newPage() throws IOException {
      if (stream != null) {
        stream.close();
      }
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      stream = new PDPageContentStream(doc, page);
      y = PDRectangle.A4.getHeight() - MARGIN;
    }

    void title(String text) throws IOException {
      write(bold, 16, text, 0);
      y -= 6;
    }

    void heading(String text) throws IOException {
      write(bold, 12, text, 0);
    }

    void line(String text) throws IOException {
      write(regular, 10, text, 0);
    }

    void field(String label, String value) throws IOException {
      if (value == null || value.isBlank()) {
        return;
      }
      write(bold, 10, label, 0);
      write(regular, 10, value, 12);
    }

    void gap() {
      y -= 8;
    }

    private void write(PDFont font, float size, String text, float indent) throws IOException {
      for (String line : wrap(font, size, drawable(font, text), WIDTH - indent)) {
        if (y < MARGIN + size) {
          newPage();
        }
        stream.beginText();
        stream.setFont(font, size);
        stream.newLineAtOffset(MARGIN + indent, y);
        stream.showText(line);
        stream.endText();
        y -= size * 1.4f;
      }
    }

    private static String drawable(PDFont font, String text) {
      StringBuilder out = new StringBuilder();
      text.replace('\n', ' ')
          .replace('\r', ' ')
          .replace('\t', ' ')
          .codePoints()
          .forEach(
              c -> {
                String ch = new String(Character.toChars(c));
                try {
                  font.encode(ch);
                  out.append(ch);
                } catch (IOException | IllegalArgumentException e) {
                  out.append('?');
                }
              });
      return out.toString();
    }

    private static List<String> wrap(PDFont font, float size, String text, float width)
        throws IOException {
      List<String> lines = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      // The words as split(" ") gave them (trailing spaces dropped), without its surprises.
      for (String word : TRAILING_SPACES.matcher(text).replaceFirst("").split(" ", -1)) {
        String candidate = current.isEmpty() ? word : current + " " + word;
        if (font.getStringWidth(candidate) / 1000 * size > width && !current.isEmpty()) {
          lines.add(current.toString());
          current = new StringBuilder(word);
        } else {
          current = new StringBuilder(candidate);
        }
      }
      lines.add(current.toString());
      return lines;
    }

    void close() throws IOException {
      stream.close();
    }
  }
}
