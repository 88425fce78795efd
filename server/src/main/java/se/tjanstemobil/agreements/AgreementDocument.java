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

/**
 * The approved agreement as a PDF the parties can file, in Swedish or English (the reader's
 * locale), made with Apache PDFBox on a worker thread (it blocks). The text is set in DejaVu Sans,
 * embedded (only the glyphs used), so every name prints as the HR system holds it: Latin with Sami,
 * Finnish, Polish, Baltic and other letters (Łukasz, ŋ, č, š), Greek, Cyrillic. The standard
 * Helvetica it replaces has only Windows-1252 and printed the rest as '?'. A character DejaVu Sans
 * has no glyph for (Chinese, for one) still becomes '?'.
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
   * The PDF; 409 unless the agreement was approved (it is the decision that makes it a document).
   */
  Future<Reply> render(Agreement a, String locale) {
    if (a.stored() != AgreementStatus.APPROVED && a.stored() != AgreementStatus.TERMINATED) {
      throw Problem.conflict(
          "agreement-state",
          "The agreement is "
              + a.shown(store.today())
              + "; only an approved agreement is a document to file");
    }
    boolean en = "en".equals(locale);
    LocalDate today = store.today();
    return vertx.executeBlocking(
        () -> Reply.bytes("application/pdf", Buffer.buffer(pdf(a, en, today))));
  }

  byte[] pdf(Agreement a, boolean en, LocalDate today) throws IOException {
    try (PDDocument doc = new PDDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle(en ? "Remote-work agreement" : "Överenskommelse om distansarbete");
      info.setAuthor("Tjänstemobil");
      Writer w = new Writer(doc);
      Draft t = a.terms();
      w.title(en ? "Agreement on remote work" : "Överenskommelse om distansarbete");
      w.line(
          en
              ? "An individual, voluntary and time-limited agreement between employee and employer."
              : "En individuell, frivillig och tidsbegränsad överenskommelse mellan medarbetare och arbetsgivare.");
      w.gap();
      w.field(en ? "Employee" : "Medarbetare", a.employeeName());
      w.field(en ? "Unit" : "Enhet", a.unitName());
      w.field(
          en ? "Decided by (manager)" : "Beslutad av (chef)",
          a.decidedByName() == null ? a.approverName() : a.decidedByName());
      w.field(
          en ? "Decided" : "Beslutsdatum",
          a.decidedAt() == null ? null : store.date(a.decidedAt()).toString());
      w.field("Status", status(a.shown(today), en));
      w.gap();
      w.heading(en ? "Period and scope" : "Period och omfattning");
      w.field(en ? "Valid" : "Gäller", t.validFrom() + " – " + t.validTo());
      w.field(
          en ? "Remote weekdays" : "Distansdagar",
          t.weekdays().isEmpty()
              ? null
              : String.join(
                  ", ",
                  t.weekdays().stream()
                      .map(
                          d ->
                              DayOfWeek.valueOf(d)
                                  .getDisplayName(
                                      TextStyle.FULL,
                                      en ? Locale.ENGLISH : Locale.forLanguageTag("sv")))
                      .toList()));
      w.field(
          en ? "Share of the week" : "Andel av veckan",
          t.sharePercent() == null ? null : t.sharePercent() + " %");
      List<String> places = new ArrayList<>();
      t.places().forEach(o -> places.add(place((JsonObject) o, en)));
      w.field(en ? "Places" : "Arbetsplatser", String.join("; ", places));
      w.gap();
      w.heading(en ? "Work" : "Arbetet");
      w.field(en ? "Tasks" : "Arbetsuppgifter", t.tasks());
      w.field(en ? "Working hours on remote days" : "Arbetstid på distansdagar", t.workingHours());
      w.field(en ? "Reachability" : "Nåbarhet", t.reachability());
      w.field(en ? "Equipment issued" : "Utrustning", t.equipment());
      w.gap();
      w.heading(en ? "Confirmed by the employee" : "Medarbetaren har bekräftat");
      w.field(
          en ? "Work environment" : "Arbetsmiljö",
          yes(t.checklist().getBoolean("workEnvironment", false), en));
      w.field(
          en ? "Information security" : "Informationssäkerhet",
          yes(t.checklist().getBoolean("informationSecurity", false), en));
      w.field(
          en ? "Insurance information received" : "Information om försäkring",
          yes(t.checklist().getBoolean("insurance", false), en));
      w.gap();
      w.heading(en ? "Follow-up and ending" : "Uppföljning och upphörande");
      w.field(
          en ? "Review date" : "Uppföljning",
          t.reviewDate() == null ? null : t.reviewDate().toString());
      w.field(
          en ? "Notice period" : "Uppsägningstid",
          a.noticeDays() + (en ? " days, for either party" : " dagar, för båda parter"));
      if (a.endsOn() != null) {
        w.field(
            en ? "Ended early" : "Uppsagd",
            (en ? "in force until " : "gäller till och med ")
                + a.endsOn()
                + (a.terminationReason() == null ? "" : " (" + a.terminationReason() + ")"));
      }
      w.field(en ? "Employee's comment" : "Medarbetarens kommentar", a.employeeComment());
      w.field(en ? "Manager's comment" : "Chefens kommentar", a.managerComment());
      w.gap();
      w.line(
          en
              ? "The agreement ends on its last day; it can be renewed after a review."
              : "Överenskommelsen upphör sista giltighetsdagen och kan förnyas efter uppföljning.");
      w.line((en ? "Agreement id " : "Överenskommelsens id ") + a.id());
      w.close();
      doc.save(out);
      return out.toByteArray();
    }
  }

  private static String status(AgreementStatus s, boolean en) {
    return switch (s) {
      case ACTIVE -> en ? "in force" : "gäller";
      case APPROVED -> en ? "approved, not yet started" : "godkänd, har inte börjat";
      case EXPIRED -> en ? "expired" : "har löpt ut";
      case TERMINATED -> en ? "ended early" : "uppsagd";
      default -> s.name();
    };
  }

  private static String yes(boolean b, boolean en) {
    return b ? (en ? "yes" : "ja") : (en ? "no" : "nej");
  }

  private static String place(JsonObject p, boolean en) {
    String d = p.getString("description");
    return switch (p.getString("type")) {
      case "HOME" -> (en ? "home" : "hemmet") + (d == null ? "" : " (" + d + ")");
      case "HUB" ->
          p.getString("hubName", en ? "a work hub" : "en arbetshubb")
              + (d == null ? "" : " (" + d + ")");
      default -> d;
    };
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
