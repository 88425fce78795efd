package se.tjanstemobil.push;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.JsonGenerator;
import com.google.api.client.json.JsonParser;
import com.google.api.client.json.jackson2.JacksonFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;

/**
 * The SDK's JSON (Jackson, as its default) with generators that give back their buffers.
 *
 * <p>The SDK never closes the generators it writes request bodies with (to count their length, and
 * to send them), so Jackson's per-thread buffer recycling never got its buffers back: each writing
 * cost two fresh 8 KB and 4 KB buffers, a quarter of everything the server allocated while pushing.
 * Here the SDK's final flush() also closes the Jackson generator (without closing the stream or
 * completing the JSON), which returns the buffers for the thread's next request. Parsing is
 * Jackson's unchanged. The body written to count its length is kept for the transport to send
 * ({@link CountedBody}).
 */
final class RecyclingJsonFactory extends JsonFactory {

  private final JacksonFactory parsers = JacksonFactory.getDefaultInstance();
  private final com.fasterxml.jackson.core.JsonFactory jackson =
      com.fasterxml.jackson.core.JsonFactory.builder()
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
          .build();

  @Override
  public JsonParser createJsonParser(InputStream in) throws IOException {
    return parsers.createJsonParser(in);
  }

  @Override
  public JsonParser createJsonParser(InputStream in, Charset charset) throws IOException {
    return parsers.createJsonParser(in, charset);
  }

  @Override
  public JsonParser createJsonParser(String value) throws IOException {
    return parsers.createJsonParser(value);
  }

  @Override
  public JsonParser createJsonParser(Reader reader) throws IOException {
    return parsers.createJsonParser(reader);
  }

  @Override
  public JsonGenerator createJsonGenerator(OutputStream out, Charset enc) throws IOException {
    if (CountedBody.isCountingPass(out)) {
      // Written once to count, kept, and sent from there (CountedBody).
      return new Generator(
          this,
          jackson.createGenerator(CountedBody.start(), JsonEncoding.UTF8),
          () -> CountedBody.finish(out));
    }
    return new Generator(this, jackson.createGenerator(out, JsonEncoding.UTF8), null);
  }

  @Override
  public JsonGenerator createJsonGenerator(Writer writer) throws IOException {
    return new Generator(this, jackson.createGenerator(writer), null);
  }

  /** What to do once the body is complete. */
  @FunctionalInterface
  private interface Written {
    void run() throws IOException;
  }

  /** Google's JSON writer calls over Jackson's; flush() is the SDK's last call on it. */
  private static final class Generator extends JsonGenerator {
    private final JsonFactory factory;
    private final com.fasterxml.jackson.core.JsonGenerator out;
    private final Written written;

    Generator(JsonFactory factory, com.fasterxml.jackson.core.JsonGenerator out, Written written) {
      this.factory = factory;
      this.out = out;
      this.written = written;
    }

    @Override
    public JsonFactory getFactory() {
      return factory;
    }

    /** Writes out what is buffered and gives the buffers back; nothing may be written after it. */
    @Override
    public void flush() throws IOException {
      out.close();
      if (written != null) {
        written.run();
      }
    }

    @Override
    public void close() throws IOException {
      out.close();
    }

    @Override
    public void writeStartArray() throws IOException {
      open().writeStartArray();
    }

    @Override
    public void writeEndArray() throws IOException {
      open().writeEndArray();
    }

    @Override
    public void writeStartObject() throws IOException {
      open().writeStartObject();
    }

    @Override
    public void writeEndObject() throws IOException {
      open().writeEndObject();
    }

    @Override
    public void writeFieldName(String name) throws IOException {
      open().writeFieldName(name);
    }

    @Override
    public void writeNull() throws IOException {
      open().writeNull();
    }

    @Override
    public void writeString(String value) throws IOException {
      open().writeString(value);
    }

    @Override
    public void writeBoolean(boolean state) throws IOException {
      open().writeBoolean(state);
    }

    @Override
    public void writeNumber(int v) throws IOException {
      open().writeNumber(v);
    }

    @Override
    public void writeNumber(long v) throws IOException {
      open().writeNumber(v);
    }

    @Override
    public void writeNumber(BigInteger v) throws IOException {
      open().writeNumber(v);
    }

    @Override
    public void writeNumber(float v) throws IOException {
      open().writeNumber(v);
    }

    @Override
    public void writeNumber(double v) throws IOException {
      open().writeNumber(v);
    }

    @Override
    public void writeNumber(BigDecimal v) throws IOException {
      open().writeNumber(v);
    }

    @Override
    public void writeNumber(String encodedValue) throws IOException {
      open().writeNumber(encodedValue);
    }

    @Override
    public void enablePrettyPrint() throws IOException {
      open().useDefaultPrettyPrinter();
    }

    // A write after the final flush would go to released buffers: refuse it.
    private com.fasterxml.jackson.core.JsonGenerator open() throws IOException {
      if (out.isClosed()) {
        throw new IOException("JSON written after the generator's final flush");
      }
      return out;
    }
  }
}
