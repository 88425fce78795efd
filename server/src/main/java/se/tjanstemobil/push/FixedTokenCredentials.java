package se.tjanstemobil.push;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import java.util.Date;

/**
 * Credentials for an FCM-compatible endpoint that is not Google (the fake FCM of tests and
 * benchmarks): a fixed bearer token. Overriding refreshAccessToken keeps the SDK from calling
 * Google's token endpoint, also when the endpoint answers 401.
 */
final class FixedTokenCredentials extends GoogleCredentials {

  private static final long serialVersionUID = 1L;

  @Override
  @SuppressWarnings("JavaUtilDate") // google-auth's AccessToken takes a java.util.Date
  public AccessToken refreshAccessToken() {
    return new AccessToken("fake-fcm-token", new Date(System.currentTimeMillis() + 3_600_000L));
  }
}
