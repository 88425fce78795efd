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
 * The SDK's JSON (Jackson, its default) with generators that give back their buffers.
 *
 * <p>The SDK never closes the generators it writes request bodies with, so Jackson's buffer
 * recycling never got its buffers back: every body cost fresh 8 KB and 4 KB buffers, a quarter of
 * what the server allocated while pushing. Here a generator closes its Jackson generator as soon as
 * the JSON value it writes is complete (without closing the stream), which flushes the bytes and
 * returns the buffers. This relies on JSON alone, not on the order of the SDK's calls: a later
 * write (another root value) starts a new Jackson generator on the same stream. Only the public
 * JsonFactory API that FirebaseOptions.Builder#setJsonFactory takes. Parsing is Jackson's as
 * before.
 */
final class RecyclingJsonFactory extends JsonFactory {

  private final JacksonFactory parsers = JacksonFactory.getDefaultInstance();
  private final com.fasterxml.jackson.core.JsonFactory jackson =
      com.fasterxml.jackson.core.JsonFactory.builder()
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
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
  public JsonGenerator createJsonGenerator(OutputStream out, Charset enc) {
    return new Generator(this, () -> jackson.createGenerator(out, JsonEncoding.UTF8));
  }

  @Override
  public JsonGenerator createJsonGenerator(Writer writer) {
    return new Generator(this, () -> jackson.createGenerator(writer));
  }

  /** Opens a Jackson generator on the stream or writer the SDK gave. */
  @FunctionalInterface
  private interface Target {
    com.fasterxml.jackson.core.JsonGenerator open() throws IOException;
  }

  /** Google's JSON writer calls over Jackson's, one Jackson generator per complete JSON value. */
  private static final class Generator extends JsonGenerator {
    private final JsonFactory factory;
    private final Target target;
    private com.fasterxml.jackson.core.JsonGenerator out;
    private boolean pretty;
    private boolean wroteValue;

    Generator(JsonFactory factory, Target target) {
      this.factory = factory;
      this.target = target;
    }

    @Override
    public JsonFactory getFactory() {
      return factory;
    }

    @Override
    public void flush() throws IOException {
      if (out != null) {
        out.flush();
      }
    }

    @Override
    public void close() throws IOException {
      if (out != null) {
        out.close();
        out = null;
      }
    }

    @Override
    public void writeStartArray() throws IOException {
      open().writeStartArray();
    }

    @Override
    public void writeEndArray() throws IOException {
      open().writeEndArray();
      closeIfComplete();
    }

    @Override
    public void writeStartObject() throws IOException {
      open().writeStartObject();
    }

    @Override
    public void writeEndObject() throws IOException {
      open().writeEndObject();
      closeIfComplete();
    }

    @Override
    public void writeFieldName(String name) throws IOException {
      open().writeFieldName(name);
    }

    @Override
    public void writeNull() throws IOException {
      open().writeNull();
      closeIfComplete();
    }

    @Override
    public void writeString(String value) throws IOException {
      open().writeString(value);
      closeIfComplete();
    }

    @Override
    public void writeBoolean(boolean state) throws IOException {
      open().writeBoolean(state);
      closeIfComplete();
    }

    @Override
    public void writeNumber(int v) throws IOException {
      open().writeNumber(v);
      closeIfComplete();
    }

    @Override
    public void writeNumber(long v) throws IOException {
      open().writeNumber(v);
      closeIfComplete();
    }

    @Override
    public void writeNumber(BigInteger v) throws IOException {
      open().writeNumber(v);
      closeIfComplete();
    }

    @Override
    public void writeNumber(float v) throws IOException {
      open().writeNumber(v);
      closeIfComplete();
    }

    @Override
    public void writeNumber(double v) throws IOException {
      open().writeNumber(v);
      closeIfComplete();
    }

    @Override
    public void writeNumber(BigDecimal v) throws IOException {
      open().writeNumber(v);
      closeIfComplete();
    }

    @Override
    public void writeNumber(String encodedValue) throws IOException {
      open().writeNumber(encodedValue);
      closeIfComplete();
    }

    @Override
    public void enablePrettyPrint() throws IOException {
      pretty = true;
      if (out != null) {
        out.useDefaultPrettyPrinter();
      }
    }

    private com.fasterxml.jackson.core.JsonGenerator open() throws IOException {
      if (out == null) {
        out = target.open();
        if (wroteValue) {
          out.writeRaw(' '); // between root values, as one Jackson generator would
        }
        if (pretty) {
          out.useDefaultPrettyPrinter();
        }
      }
      return out;
    }

    // A complete root value: write it out and give the buffers back (the stream stays open).
    private void closeIfComplete() throws IOException {
      if (out.getOutputContext().inRoot()) {
        wroteValue = true;
        close();
      }
    }
  }
}
