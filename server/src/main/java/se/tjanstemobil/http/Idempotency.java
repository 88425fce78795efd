package se.tjanstemobil.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import se.tjanstemobil.i18n.Text;

/**
 * `Idempotency-Key` on creating POSTs: the body's fingerprint is stored with the key, so a retry
 * with the same key and body answers as the first time, and the same key with another body is 422.
 */
public final class Idempotency {

  private Idempotency() {}

  public static String hash(JsonObject body) {
    return sha256(body.encode());
  }

  /**
   * What a key was used for before: the id the query (`$1` owner, `$2` key; columns `id` and
   * `request_hash`) finds, null when the key is new, 422 when it came with another body.
   */
  public static Future<UUID> earlier(
      SqlClient db, String byKey, UUID owner, String key, String hash, String what) {
    if (key == null) {
      return Future.succeededFuture(null);
    }
    return db.preparedQuery(byKey)
        .execute(Tuple.of(owner, key))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row r = rows.iterator().next();
              if (!hash.equals(r.getString("request_hash"))) {
                throw Problem.rule(
                    "idempotency-key-reused", Text.of("problem.idempotency-key-reused." + what));
              }
              return r.getUUID("id");
            });
  }

  /** SHA-256 of the text's UTF-8 bytes, in hex. */
  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
