package se.tjanstemobil.push;

import java.time.Instant;
import java.util.Map;

/**
 * One push to one device, as the delivery worker hands it to a gateway. The title and body are
 * ready to show (already in the recipient's language where the server wrote them).
 */
public record PushMessage(
    long deliveryId,
    String token,
    String platform,
    String title,
    String body,
    String category,
    boolean urgent,
    Instant expiresAt,
    Map<String, String> data) {}
