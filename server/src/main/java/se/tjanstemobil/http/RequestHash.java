package se.tjanstemobil.http;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The fingerprint of a request body, stored with an Idempotency-Key to tell a replay from a different request. */
public final class RequestHash {

  private RequestHash() {
  }

  public static String of(JsonObject body) {
    return sha256(body.encode());
  }

  /** SHA-256 of the text's UTF-8 bytes, in hex. */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
