package se.tjanstemobil.push;

import com.google.api.client.http.json.JsonHttpContent;
import com.google.api.client.util.StreamingContent;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A request body as the SDK wrote it to count its length, kept for the transport to send.
 *
 * <p>The SDK writes every JSON body twice on the thread that sends it: into a counting stream for
 * its Content-Length (google-http-client's HttpRequest.execute), then, straight after, into the
 * request. Writing is the costly part of a push here (each field name of the message and its nested
 * objects goes through String.intern, twice), so {@link RecyclingJsonFactory} keeps the bytes of
 * the counting pass on the thread and {@link Http2Transport} sends them instead of having the SDK
 * write the body again. Nothing else writes JSON on that thread in between (the counting pass is
 * HttpRequest.execute's last step before the transport), and a kept body is taken once: a retry of
 * the same request, whose length the SDK counted only the first time, finds none and has the SDK
 * write it as before.
 */
final class CountedBody {

  /** google-http-client's stream for counting a body's length (package-private there). */
  private static final String COUNTING_STREAM =
      "com.google.api.client.util.ByteCountingOutputStream";

  private static final ThreadLocal<CountedBody> OF_THREAD =
      ThreadLocal.withInitial(CountedBody::new);

  private final Bytes bytes = new Bytes();
  private boolean complete;

  private CountedBody() {}

  /** Whether the SDK is writing a body into this stream only to count its length. */
  static boolean isCountingPass(OutputStream out) {
    return out.getClass().getName().equals(COUNTING_STREAM);
  }

  /** Starts keeping this thread's body: what the generator writes goes here instead. */
  static OutputStream start() {
    CountedBody body = OF_THREAD.get();
    body.bytes.reset();
    body.complete = false;
    return body.bytes;
  }

  /**
   * The body is written: counts it into the SDK's counting stream and keeps it for the transport.
   */
  static void finish(OutputStream counting) throws IOException {
    CountedBody body = OF_THREAD.get();
    body.bytes.writeTo(counting);
    body.complete = true;
  }

  /**
   * Appends this thread's kept body to {@code into} and forgets it, when it is the one counted for
   * this content: a JSON body of this factory, not re-encoded, of the length the SDK counted.
   * Otherwise forgets any kept body and answers false, for the SDK to write the content itself.
   */
  static boolean take(
      StreamingContent content, String contentEncoding, long countedLength, Buffer into) {
    CountedBody body = OF_THREAD.get();
    boolean usable =
        body.complete
            && contentEncoding == null
            && countedLength == body.bytes.size()
            && content instanceof JsonHttpContent json
            && json.getJsonFactory() instanceof RecyclingJsonFactory;
    if (usable) {
      into.appendBytes(body.bytes.array(), 0, body.bytes.size());
    }
    body.complete = false;
    body.bytes.reset();
    return usable;
  }

  /** A byte buffer whose array can be read without a copy. */
  private static final class Bytes extends ByteArrayOutputStream {
    Bytes() {
      super(1024);
    }

    byte[] array() {
      return buf;
    }
  }
}
