package se.tjanstemobil.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.JsonGenerator;
import com.google.api.client.json.jackson2.JacksonFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recycling factory writes exactly what the SDK's default Jackson factory writes. */
class RecyclingJsonFactoryTest {

  private final JsonFactory recycling = new RecyclingJsonFactory();
  private final JsonFactory jackson = JacksonFactory.getDefaultInstance();

  @Test
  void aBodyIsByteForByteTheDefaultFactorysOverManyMessages() throws IOException {
    for (int i = 0; i < 50; i++) {
      Map<String, Object> body = message(i);
      assertEquals(utf8(jackson, body), utf8(recycling, body), "message " + i);
    }
  }

  @Test
  void theBytesReachTheStreamWhenTheValueIsCompleteAndItStaysOpen() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonGenerator generator = recycling.createJsonGenerator(out, StandardCharsets.UTF_8);
    generator.serialize(message(1));
    // Before any flush or close: the complete value has been written out.
    assertEquals(utf8(jackson, message(1)), out.toString(StandardCharsets.UTF_8));
    out.write('!'); // the stream was not closed
    assertEquals('!', out.toByteArray()[out.size() - 1]);
  }

  @Test
  void aSecondValueOnTheSameGeneratorFollowsTheFirstAsJacksonWouldWriteThem() throws IOException {
    StringWriter expected = new StringWriter();
    JsonGenerator one = jackson.createJsonGenerator(expected);
    one.serialize(message(2));
    one.serialize("plain");
    one.serialize(List.of(1, 2));
    one.flush();

    StringWriter actual = new StringWriter();
    JsonGenerator other = recycling.createJsonGenerator(actual);
    other.serialize(message(2));
    other.serialize("plain");
    other.serialize(List.of(1, 2));
    other.flush();
    assertEquals(expected.toString(), actual.toString());
  }

  private static String utf8(JsonFactory factory, Object value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonGenerator generator = factory.createJsonGenerator(out, StandardCharsets.UTF_8);
    generator.serialize(value);
    generator.flush();
    return out.toString(StandardCharsets.UTF_8);
  }

  // Shaped like an FCM v1 send: nested objects, strings with Swedish letters, escapes, numbers.
  private static Map<String, Object> message(int i) {
    Map<String, Object> notification = new LinkedHashMap<>();
    notification.put("title", "Påminnelse " + i + ": \"Skyddsrond\" på Åre sjukstuga");
    notification.put("body", "Tid ändrad\ttill kl. 07:45 \u2013 se inkorgen\n");
    Map<String, Object> android = new LinkedHashMap<>();
    android.put("priority", i % 2 == 0 ? "high" : "normal");
    android.put("ttl", i * 60 + "s");
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("messageId", "3f2c9a1e-0000-4000-8000-" + String.format("%012d", i));
    data.put("kind", "MESSAGE");
    List<Object> list = new ArrayList<>();
    list.add(i);
    list.add((long) i * 1_000_000_000L);
    list.add(new BigDecimal("1.50"));
    list.add(true);
    list.add(null);
    Map<String, Object> msg = new LinkedHashMap<>();
    msg.put("token", "tok-" + "x".repeat(i));
    msg.put("notification", notification);
    msg.put("android", android);
    msg.put("data", data);
    msg.put("numbers", list);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("validate_only", false);
    body.put("message", msg);
    return body;
  }
}
