package se.tjanstemobil.push;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.ErrorCode;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.IncomingHttpResponse;
import com.google.firebase.ThreadManager;
import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.AndroidNotification;
import com.google.firebase.messaging.ApnsConfig;
import com.google.firebase.messaging.Aps;
import com.google.firebase.messaging.BatchResponse;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.MessagingErrorCode;
import com.google.firebase.messaging.Notification;
import com.google.firebase.messaging.SendResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.config.AppConfig;

/**
 * FCM HTTP v1 through the Firebase Admin SDK. `sendEach` makes one HTTP request per message on the
 * SDK's executor and blocks until all are answered, so the executor's size is the number of
 * requests in flight, and the calls run on a worker pool of their own, never an event loop. The
 * requests travel over HTTP/2 on as many connections as FCM's 100 streams each need ({@link
 * Http2Transport}). The SDK retries only 503 itself; everything else is mapped to a {@link
 * PushResult} for the delivery worker to act on.
 */
public final class FcmGateway implements PushGateway {

  private static final Logger log = LoggerFactory.getLogger(FcmGateway.class);
  private static final String FCM_BASE = "https://fcm.googleapis.com";

  /** Settings from push.* configuration. */
  public record Settings(
      String credentialsFile,
      String projectId,
      String endpoint,
      int sdkThreads,
      int maxBatchesInFlight,
      int timeoutSeconds) {

    public static Settings from(AppConfig c) {
      return new Settings(
          c.string("push.fcm.credentialsFile"),
          c.string("push.fcm.projectId"),
          c.string("push.fcm.endpoint"),
          c.integer("push.sdkThreads"),
          c.integer("push.maxBatchesInFlight"),
          c.integer("push.fcm.timeoutSeconds"));
    }

    /** Whether FCM is configured at all (credentials, or another FCM-compatible endpoint). */
    public boolean configured() {
      return !credentialsFile.isBlank() || !endpoint.isBlank();
    }
  }

  private final FirebaseApp app;
  private final FirebaseMessaging messaging;
  private final WorkerExecutor callers;
  private final Http2Transport transport;

  private FcmGateway(FirebaseApp app, WorkerExecutor callers, Http2Transport transport) {
    this.app = app;
    this.transport = transport;
    this.messaging = FirebaseMessaging.getInstance(app);
    this.callers = callers;
  }

  /**
   * Builds the SDK client; blocking (reads the credentials file), so call it on a worker thread.
   */
  public static FcmGateway create(Vertx vertx, Settings settings) throws IOException {
    FirebaseOptions.Builder options =
        FirebaseOptions.builder()
            .setThreadManager(new SizedThreadManager(settings.sdkThreads()))
            .setConnectTimeout(settings.timeoutSeconds() * 1000)
            .setReadTimeout(settings.timeoutSeconds() * 1000);
    if (!settings.credentialsFile().isBlank()) {
      try (InputStream in = new FileInputStream(settings.credentialsFile())) {
        options.setCredentials(GoogleCredentials.fromStream(in));
      }
    } else {
      options.setCredentials(new FixedTokenCredentials());
    }
    if (!settings.projectId().isBlank()) {
      options.setProjectId(settings.projectId());
    }
    String endpoint =
        settings.endpoint().isBlank() ? FCM_BASE : settings.endpoint().replaceAll("/+$", "");
    Http2Transport transport =
        await(Http2Transport.deploy(vertx, FCM_BASE, endpoint, settings.sdkThreads()));
    options.setHttpTransport(transport);
    options.setJsonFactory(new RecyclingJsonFactory());
    FirebaseApp app =
        FirebaseApp.initializeApp(options.build(), "tjanstemobil-" + UUID.randomUUID());
    WorkerExecutor callers =
        vertx.createSharedWorkerExecutor(
            "fcm-callers", settings.maxBatchesInFlight(), Duration.ofMinutes(10).toNanos());
    log.info(
        "Push through FCM{} with {} requests in flight at most",
        settings.endpoint().isBlank() ? "" : " at " + settings.endpoint(),
        settings.sdkThreads());
    return new FcmGateway(app, callers, transport);
  }

  // create() runs on a worker thread, where waiting for the lanes' deployment is allowed.
  private static <T> T await(Future<T> future) throws IOException {
    try {
      return future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted starting the FCM transport");
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("the FCM transport did not start", e);
    }
  }

  @Override
  public Future<List<PushResult>> send(List<PushMessage> batch) {
    // A batch is mostly one message to many devices: its notification and platform blocks are
    // immutable, so they are built once per distinct content and shared by every recipient.
    Map<Content, Message.Builder> templates = new HashMap<>();
    Instant now = Instant.now();
    List<Message> messages = new ArrayList<>(batch.size());
    for (PushMessage m : batch) {
      Content content =
          new Content(m.title(), m.body(), m.category(), m.urgent(), m.expiresAt(), m.data());
      messages.add(
          templates.computeIfAbsent(content, c -> template(c, now)).setToken(m.token()).build());
    }
    return callers.executeBlocking(
        () -> {
          List<PushResult> results = new ArrayList<>(batch.size());
          try {
            BatchResponse response = messaging.sendEach(messages);
            for (SendResponse r : response.getResponses()) {
              results.add(
                  r.isSuccessful() ? PushResult.sent(r.getMessageId()) : map(r.getException()));
            }
          } catch (FirebaseMessagingException e) {
            // The whole call failed (not one message): every message shares the outcome.
            PushResult outcome = map(e);
            batch.forEach(m -> results.add(outcome));
          }
          return results;
        },
        false);
  }

  /** What a push shows and carries, apart from the device it goes to. */
  private record Content(
      String title,
      String body,
      String category,
      boolean urgent,
      Instant expiresAt,
      Map<String, String> data) {}

  // A builder with everything but the token; build() copies its fields, so one builder serves many.
  private static Message.Builder template(Content m, Instant now) {
    long ttlMillis =
        m.expiresAt() == null
            ? Duration.ofDays(28).toMillis()
            : Math.max(0, Duration.between(now, m.expiresAt()).toMillis());
    return Message.builder()
        .setNotification(Notification.builder().setTitle(m.title()).setBody(m.body()).build())
        .putAllData(m.data())
        .setAndroidConfig(
            AndroidConfig.builder()
                .setPriority(
                    m.urgent() ? AndroidConfig.Priority.HIGH : AndroidConfig.Priority.NORMAL)
                .setTtl(ttlMillis)
                .setNotification(
                    AndroidNotification.builder()
                        .setChannelId(PushChannels.androidChannel(m.category(), m.urgent()))
                        .setTag(m.data().getOrDefault("messageId", null))
                        .build())
                .build())
        .setApnsConfig(
            ApnsConfig.builder()
                .putHeader("apns-priority", m.urgent() ? "10" : "5")
                .putHeader(
                    "apns-expiration",
                    String.valueOf(m.expiresAt() == null ? 0 : m.expiresAt().getEpochSecond()))
                .setAps(
                    Aps.builder()
                        .putCustomData(
                            "interruption-level",
                            PushChannels.iosInterruptionLevel(m.category(), m.urgent()))
                        .setThreadId(m.category().toLowerCase(Locale.ROOT))
                        .setSound(m.urgent() ? "default" : null)
                        .build())
                .build());
  }

  static PushResult map(FirebaseMessagingException e) {
    MessagingErrorCode code = e.getMessagingErrorCode();
    String text =
        (code != null
                ? code.name()
                : e.getErrorCode() != null ? e.getErrorCode().name() : "UNKNOWN")
            + ": "
            + e.getMessage();
    if (code == MessagingErrorCode.UNREGISTERED) {
      return PushResult.of(PushResult.Outcome.TOKEN_DEAD, text);
    }
    if (code == MessagingErrorCode.INVALID_ARGUMENT) {
      String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
      return PushResult.of(
          m.contains("token") ? PushResult.Outcome.TOKEN_DEAD : PushResult.Outcome.REJECTED, text);
    }
    if (code == MessagingErrorCode.QUOTA_EXCEEDED
        || e.getErrorCode() == ErrorCode.RESOURCE_EXHAUSTED) {
      return new PushResult(PushResult.Outcome.QUOTA, null, text, retryAfter(e.getHttpResponse()));
    }
    if (code == MessagingErrorCode.THIRD_PARTY_AUTH_ERROR
        || code == MessagingErrorCode.SENDER_ID_MISMATCH
        || e.getErrorCode() == ErrorCode.UNAUTHENTICATED
        || e.getErrorCode() == ErrorCode.PERMISSION_DENIED) {
      return PushResult.of(PushResult.Outcome.CONFIGURATION, text);
    }
    // UNAVAILABLE, INTERNAL, a transport failure, anything unknown: try again later.
    return new PushResult(PushResult.Outcome.RETRY, null, text, retryAfter(e.getHttpResponse()));
  }

  private static Duration retryAfter(IncomingHttpResponse response) {
    if (response == null || response.getHeaders() == null) {
      return null;
    }
    Object value = response.getHeaders().get("retry-after");
    if (value == null) {
      value = response.getHeaders().get("Retry-After");
    }
    if (value instanceof List<?> list && !list.isEmpty()) {
      value = list.get(0);
    }
    if (value == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(value.toString().trim()));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.toString(), Instant::from);
        return Duration.between(Instant.now(), at).isNegative()
            ? Duration.ZERO
            : Duration.between(Instant.now(), at);
      } catch (RuntimeException unparsable) {
        return null;
      }
    }
  }

  @Override
  public void close() {
    callers.close();
    app.delete();
    transport.shutdown();
  }

  /** A fixed pool: its size is the number of FCM requests in flight. */
  private static final class SizedThreadManager extends ThreadManager {
    private final int threads;
    private final AtomicInteger counter = new AtomicInteger();

    SizedThreadManager(int threads) {
      this.threads = threads;
    }

    @Override
    protected ExecutorService getExecutor(FirebaseApp app) {
      // sendEach hands its messages to these threads one by one: a transfer queue passes each
      // to a waiting thread without the two locks and condition signals of a linked blocking queue.
      return new ThreadPoolExecutor(
          threads,
          threads,
          0,
          TimeUnit.MILLISECONDS,
          new LinkedTransferQueue<>(),
          getThreadFactory());
    }

    @Override
    protected void releaseExecutor(FirebaseApp app, ExecutorService executor) {
      executor.shutdownNow();
    }

    @Override
    protected ThreadFactory getThreadFactory() {
      return r -> {
        Thread t = new Thread(r, "fcm-" + counter.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
    }
  }
}
