package se.tjanstemobil.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.client.http.json.JsonHttpContent;
import com.google.api.client.json.JsonGenerator;
import com.google.api.client.json.jackson2.JacksonFactory;
import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.AndroidNotification;
import com.google.firebase.messaging.ApnsConfig;
import com.google.firebase.messaging.Aps;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.Notification;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The push bodies the SDK writes through {@link RecyclingJsonFactory} are byte for byte the ones
 * its default (Jackson) factory writes, however often a thread reuses its buffers, and the length
 * the SDK counts first is the length it then sends; the body written to count is kept, once, for
 * the transport to send.
 */
class RecyclingJsonFactoryTest {

  private final RecyclingJsonFactory recycling = new RecyclingJsonFactory();

  @Test
  void requestBodiesAreTheSameAsWithTheSdkDefault() throws IOException {
    for (int i = 0; i < 200; i++) {
      // The SDK counts the length by writing once, then writes again to send.
      Counted c = counted(i);
      assertArrayEquals(c.expected(), write(c.content()), "body " + i);
      assertEquals(c.expected().length, c.length(), "counted length of body " + i);
    }
    String json =
        new String(
            write(new JsonHttpContent(recycling, sendRequest("Hej", "t-1"))),
            StandardCharsets.UTF_8);
    assertTrue(
        json.contains("\"token\":\"t-1\"")
            && json.contains("\"channel_id\":\"info\"")
            && json.contains("\"interruption-level\":\"passive\""),
        json);
  }

  @Test
  void theBodyCountedIsKeptOnceForTheTransportToSend() throws IOException {
    for (int i = 0; i < 50; i++) {
      Counted c = counted(i);
      Buffer sent = Buffer.buffer();
      assertTrue(CountedBody.take(c.content(), null, c.length(), sent), "body " + i + " kept");
      assertArrayEquals(c.expected(), sent.getBytes(), "body " + i);
      // Taken once: a retry of the request (its length already counted) has the SDK write it again.
      assertFalse(
          CountedBody.take(c.content(), null, c.length(), Buffer.buffer()),
          "body " + i + " taken twice");
    }
    JsonHttpContent content = new JsonHttpContent(recycling, sendRequest("Hej", "t-1"));
    long counted = content.getLength();
    assertFalse(CountedBody.take(content, null, counted + 1, Buffer.buffer()), "another length");
    content.getLength();
    assertFalse(CountedBody.take(content, "gzip", counted, Buffer.buffer()), "re-encoded");
    // Written for sending (not counting), nothing is kept.
    write(new JsonHttpContent(recycling, sendRequest("Hej", "t-2")));
    assertFalse(CountedBody.take(content, null, counted, Buffer.buffer()), "nothing counted");
    // Another factory's content is never sent from what this one kept.
    JsonHttpContent other =
        new JsonHttpContent(JacksonFactory.getDefaultInstance(), sendRequest("Hej", "t-1"));
    new JsonHttpContent(recycling, sendRequest("Hej", "t-1")).getLength();
    assertFalse(
        CountedBody.take(other, null, counted, Buffer.buffer()), "another factory's content");
  }

  @Test
  void writingAfterTheFinalFlushIsRefused() throws IOException {
    JsonGenerator generator =
        recycling.createJsonGenerator(new ByteArrayOutputStream(), StandardCharsets.UTF_8);
    generator.writeStartObject();
    generator.writeEndObject();
    generator.flush();
    assertThrows(IOException.class, () -> generator.writeString("late"));
  }

  @Test
  void fcmAnswersAreParsed() throws IOException {
    Map<?, ?> answer = recycling.fromString("{\"name\":\"projects/p/messages/42\"}", Map.class);
    assertEquals("projects/p/messages/42", answer.get("name"));
  }

  /**
   * A body through this factory, its length counted as the SDK does, and the SDK default's bytes.
   */
  private record Counted(JsonHttpContent content, byte[] expected, long length) {}

  // Long and short values in turn: a reused buffer must not leak an earlier, longer body.
  private Counted counted(int i) throws IOException {
    Map<String, Object> body =
        sendRequest(i % 2 == 0 ? "Brandövning i hus B " + "å".repeat(300) : "Kort", "token-" + i);
    byte[] expected = write(new JsonHttpContent(JacksonFactory.getDefaultInstance(), body));
    JsonHttpContent content = new JsonHttpContent(recycling, body);
    return new Counted(content, expected, content.getLength());
  }

  // The shape FirebaseMessagingClientImpl sends: {"message": ..., "validate_only": false}.
  private static Map<String, Object> sendRequest(String title, String token) {
    Message message =
        Message.builder()
            .setToken(token)
            .setNotification(
                Notification.builder().setTitle(title).setBody("Samling vid entrén kl 10.").build())
            .putData("messageId", "8c0e2c1e-6a55-4b5e-9f0f-0b6f1f0b7a11")
            .putData("category", "INFO")
            .setAndroidConfig(
                AndroidConfig.builder()
                    .setPriority(AndroidConfig.Priority.NORMAL)
                    .setTtl(3_600_000)
                    .setNotification(
                        AndroidNotification.builder().setChannelId("info").setTag("8c0e").build())
                    .build())
            .setApnsConfig(
                ApnsConfig.builder()
                    .putHeader("apns-priority", "5")
                    .setAps(
                        Aps.builder()
                            .putCustomData("interruption-level", "passive")
                            .setThreadId("info")
                            .build())
                    .build())
            .build();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", message);
    body.put("validate_only", false);
    return body;
  }

  private static byte[] write(JsonHttpContent content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    content.writeTo(out);
    return out.toByteArray();
  }
}
