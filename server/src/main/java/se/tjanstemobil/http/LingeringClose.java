package se.tjanstemobil.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

/**
 * Closes a connection whose request was refused before its body was read, after reading and
 * dropping what the client is still sending, for a while. Closing at once while the client still
 * writes makes its TCP stack reset the connection, and the client may then never read the refusal
 * (a 413 lost as "connection reset"). Bounded so a refusal costs little: the connection closes when
 * the body ends, after {@link #MAX_BYTES} more bytes, after {@link #IDLE_MILLIS} with no byte, or
 * after {@link #MAX_MILLIS} in all (what nginx calls a lingering close).
 */
final class LingeringClose {

  static final long MAX_BYTES = 1024 * 1024;
  static final long IDLE_MILLIS = 300;
  static final long MAX_MILLIS = 2_000;

  private final Vertx vertx;
  private final HttpConnection connection;
  private final long deadline;
  private long read;
  private long idleTimer;
  private boolean closed;

  private LingeringClose(Vertx vertx, HttpConnection connection) {
    this.vertx = vertx;
    this.connection = connection;
    this.deadline = System.nanoTime() + MAX_MILLIS * 1_000_000;
  }

  /** Call once the refusal is written; on the request's event loop. */
  static void after(Vertx vertx, HttpServerRequest request) {
    LingeringClose linger = new LingeringClose(vertx, request.connection());
    linger.idleTimer = vertx.setTimer(IDLE_MILLIS, id -> linger.close());
    request.handler(linger::dropped);
    request.endHandler(v -> linger.close());
    request.exceptionHandler(e -> linger.close());
    request.resume();
  }

  private void dropped(Buffer chunk) {
    read += chunk.length();
    if (read > MAX_BYTES || System.nanoTime() > deadline) {
      close();
      return;
    }
    vertx.cancelTimer(idleTimer);
    idleTimer = vertx.setTimer(IDLE_MILLIS, id -> close());
  }

  private void close() {
    if (!closed) {
      closed = true;
      vertx.cancelTimer(idleTimer);
      connection.close();
    }
  }
}
