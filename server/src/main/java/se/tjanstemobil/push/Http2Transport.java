package se.tjanstemobil.push;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.ProxyOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Firebase Admin SDK's HTTP requests over a Vert.x HTTP/2 client with several connections.
 *
 * <p>FCM serves at most 100 concurrent streams on one HTTP/2 connection, and the SDK's own
 * transport multiplexes everything over one connection per host: at FCM's ~50 ms that caps a server
 * at some 2,000 pushes a second. Here the requests in flight spread over as many connections as
 * they need (100 streams each), still inside the SDK: it builds, authorises and parses every
 * request, only the bytes travel through this class. An SDK thread waits for its response; the I/O
 * runs on Vert.x event loops. Only public APIs: the SDK takes this transport through
 * FirebaseOptions.Builder#setHttpTransport, and the lanes are instances of a verticle, each on the
 * event-loop context Vert.x gives a verticle instance.
 *
 * <p>https (FCM) negotiates HTTP/2 by ALPN and honours the JVM's https.proxyHost/Port; http (the
 * fake FCM of tests and benchmarks) speaks HTTP/2 without TLS from the first byte.
 */
final class Http2Transport extends HttpTransport {

  /** FCM's limit of concurrent streams on one connection. */
  static final int STREAMS_PER_CONNECTION = 100;

  /** Vert.x's default number of event loops. */
  private static final int EVENT_LOOPS = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;

  /**
   * One client per verticle instance, used only on that instance's event loop: its connections live
   * there, so a stream's events run where its connection does, with no hop between event loops.
   * Requests take the lanes in turn.
   */
  private static final class Lane extends VerticleBase {
    private final HttpClientOptions options;
    private final int connections;
    private HttpClient client;

    Lane(HttpClientOptions options, int connections) {
      this.options = options;
      this.connections = connections;
    }

    @Override
    public Future<?> start() {
      client =
          vertx
              .httpClientBuilder()
              .with(options)
              .with(new PoolOptions().setHttp2MaxSize(connections))
              .build();
      return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
      return client.close();
    }

    Context context() {
      return context;
    }

    HttpClient client() {
      return client;
    }
  }

  private final Vertx vertx;
  private final String deploymentId;
  private final List<Lane> lanes;
  private final AtomicInteger nextLane = new AtomicInteger();
  private final String fromBase;
  private final String toBase;

  private Http2Transport(
      Vertx vertx, String deploymentId, List<Lane> lanes, String fromBase, String toBase) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.lanes = lanes;
    this.fromBase = fromBase;
    this.toBase = toBase;
  }

  /**
   * Deploys the lanes.
   *
   * @param fromBase the base URL the SDK addresses (https://fcm.googleapis.com)
   * @param toBase where to send it instead (itself in production, a fake in tests)
   * @param inFlight the requests that may be in flight at once (the SDK's threads)
   */
  static Future<Http2Transport> deploy(Vertx vertx, String fromBase, String toBase, int inFlight) {
    boolean tls = toBase.startsWith("https:");
    HttpClientOptions options =
        new HttpClientOptions()
            .setProtocolVersion(HttpVersion.HTTP_2)
            .setHttp2ClearTextUpgrade(false)
            .setHttp2MultiplexingLimit(STREAMS_PER_CONNECTION)
            .setKeepAlive(true)
            .setSsl(tls)
            .setUseAlpn(tls);
    String proxyHost = System.getProperty("https.proxyHost");
    if (tls && proxyHost != null && !proxyHost.isBlank()) {
      options.setProxyOptions(
          new ProxyOptions()
              .setHost(proxyHost)
              .setPort(Integer.parseInt(System.getProperty("https.proxyPort", "443"))));
    }
    int connections = Math.max(1, (inFlight + STREAMS_PER_CONNECTION - 1) / STREAMS_PER_CONNECTION);
    int lanes = Math.max(1, Math.min(connections, EVENT_LOOPS));
    // A connection to spare in each lane: requests in flight need not spread exactly evenly.
    int perLane = (connections + lanes - 1) / lanes + (lanes > 1 ? 1 : 0);
    List<Lane> deployed = new CopyOnWriteArrayList<>();
    return vertx
        .deployVerticle(
            () -> {
              Lane lane = new Lane(options, perLane);
              deployed.add(lane);
              return lane;
            },
            new DeploymentOptions().setInstances(lanes))
        .map(id -> new Http2Transport(vertx, id, List.copyOf(deployed), fromBase, toBase));
  }

  @Override
  public boolean supportsMethod(String method) {
    return true;
  }

  @Override
  protected LowLevelHttpRequest buildRequest(String method, String url) {
    String target = url.startsWith(fromBase) ? toBase + url.substring(fromBase.length()) : url;
    return new Request(method, target);
  }

  /** Undeploys the lanes, which closes their clients. */
  @Override
  public void shutdown() {
    vertx.undeploy(deploymentId);
  }

  private final class Request extends LowLevelHttpRequest {
    private final RequestOptions options;
    private long responseTimeoutMillis = TimeUnit.MINUTES.toMillis(1);

    Request(String method, String url) {
      this.options = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setAbsoluteURI(url);
    }

    @Override
    public void addHeader(String name, String value) {
      options.addHeader(name, value);
    }

    @Override
    public void setTimeout(int connectTimeout, int readTimeout) {
      if (connectTimeout > 0) {
        options.setConnectTimeout(connectTimeout);
      }
      if (readTimeout > 0) {
        options.setIdleTimeout(readTimeout);
        responseTimeoutMillis = (long) connectTimeout + readTimeout;
      }
    }

    @Override
    public LowLevelHttpResponse execute() throws IOException {
      Buffer body = Buffer.buffer(getStreamingContent() == null ? 0 : 1024);
      if (getStreamingContent() != null) {
        // Written straight into the buffer that goes out.
        getStreamingContent()
            .writeTo(
                new OutputStream() {
                  @Override
                  public void write(int b) {
                    body.appendByte((byte) b);
                  }

                  @Override
                  public void write(byte[] bytes, int offset, int length) {
                    body.appendBytes(bytes, offset, length);
                  }
                });
        if (getContentType() != null) {
          options.putHeader("content-type", getContentType());
        }
        if (getContentEncoding() != null) {
          options.putHeader("content-encoding", getContentEncoding());
        }
      }
      CompletableFuture<Response> answer = new CompletableFuture<>();
      Lane lane = lanes.get(Math.floorMod(nextLane.getAndIncrement(), lanes.size()));
      // All on the lane's event loop: body() is asked for before the response can arrive. (Chained
      // from this SDK thread it could be attached after the response's end, which Vert.x 5.0.10's
      // HttpClientResponse drops, vert.x #6038: body() never completed and the SDK waited out its
      // read timeout.)
      lane.context()
          .runOnContext(
              v ->
                  lane.client()
                      .request(options)
                      .compose(
                          request ->
                              request
                                  .send(body)
                                  .compose(
                                      response ->
                                          response
                                              .body()
                                              .map(content -> new Response(response, content))))
                      .onComplete(answer::complete, answer::completeExceptionally));
      try {
        return answer.get(responseTimeoutMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted waiting for " + options.getURI());
      } catch (TimeoutException e) {
        throw new IOException(
            "no answer from " + options.getHost() + " in " + responseTimeoutMillis + " ms", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      }
    }
  }

  private static final class Response extends LowLevelHttpResponse {
    private final int status;
    private final String contentType;
    private final String contentEncoding;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] content;

    Response(HttpClientResponse response, Buffer body) {
      this.status = response.statusCode();
      this.contentType = response.getHeader("content-type");
      this.contentEncoding = response.getHeader("content-encoding");
      this.headers = new ArrayList<>(response.headers().entries());
      this.content = body.getBytes();
    }

    @Override
    public InputStream getContent() {
      return new ByteArrayInputStream(content);
    }

    @Override
    public String getContentEncoding() {
      return contentEncoding;
    }

    @Override
    public long getContentLength() {
      return content.length;
    }

    @Override
    public String getContentType() {
      return contentType;
    }

    @Override
    public String getStatusLine() {
      return "HTTP/2 " + status;
    }

    @Override
    public int getStatusCode() {
      return status;
    }

    @Override
    public String getReasonPhrase() {
      return null;
    }

    @Override
    public int getHeaderCount() {
      return headers.size();
    }

    @Override
    public String getHeaderName(int index) {
      return headers.get(index).getKey();
    }

    @Override
    public String getHeaderValue(int index) {
      return headers.get(index).getValue();
    }
  }
}
