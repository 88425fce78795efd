package se.tjanstemobil.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The SDK's requests through the HTTP/2 transport from many SDK threads at once, against a fake FCM
 * answering every one with 503 at once: each gets its answer. Before the body was asked for on the
 * event loop, a response that arrived before its caller had chained body() lost its end, and the
 * thread waited out its read timeout (a few in every few thousand; a duplicate push when the lost
 * answer was a 200).
 */
class Http2TransportTest {

  private static final int THREADS = 32;
  private static final int REQUESTS_EACH = 150;

  @Test
  void everyRequestGetsItsAnswerUnderConcurrentImmediateAnswers() throws Exception {
    Vertx vertx = Vertx.vertx();
    ExecutorService sdkThreads = Executors.newFixedThreadPool(THREADS);
    try (FakeFcm fcm = FakeFcm.start()) {
      fcm.down(FakeFcm.Fault.UNAVAILABLE);
      Http2Transport transport =
          Http2Transport.deploy(vertx, "https://fcm.googleapis.com", fcm.endpoint(), THREADS)
              .toCompletionStage()
              .toCompletableFuture()
              .get();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        all.add(
            sdkThreads.submit(
                () -> {
                  for (int i = 0; i < REQUESTS_EACH; i++) {
                    try {
                      LowLevelHttpResponse response = send(transport, "t-" + thread + "-" + i);
                      if (response.getStatusCode() != 503) {
                        failures.add("status " + response.getStatusCode());
                      }
                      response.getContent().readAllBytes();
                    } catch (IOException e) {
                      failures.add(thread + "/" + i + ": " + e.getMessage());
                    }
                    try {
                      // 0-2 ms of real time between requests, the subject here: it varies how
                      // requests and immediate answers interleave on the connections.
                      Thread.sleep(ThreadLocalRandom.current().nextInt(3));
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                }));
      }
      for (Future<?> f : all) {
        f.get();
      }
      transport.shutdown();
      assertEquals(List.of(), new ArrayList<>(failures), "requests without an answer");
      assertEquals((long) THREADS * REQUESTS_EACH, fcm.requests());
    } finally {
      sdkThreads.shutdownNow();
      vertx.close();
    }
  }

  private static LowLevelHttpResponse send(Http2Transport transport, String token)
      throws IOException {
    LowLevelHttpRequest request =
        transport.buildRequest("POST", "https://fcm.googleapis.com/v1/projects/fake/messages:send");
    request.addHeader("Authorization", "Bearer fake-fcm-token");
    byte[] json = ("{\"message\":{\"token\":\"" + token + "\"}}").getBytes(StandardCharsets.UTF_8);
    request.setStreamingContent(new ByteArrayContent("application/json", json));
    request.setContentType("application/json");
    request.setContentLength(json.length);
    // Short enough that a lost answer fails the test quickly, long enough for a busy machine.
    request.setTimeout(3_000, 3_000);
    return request.execute();
  }
}
