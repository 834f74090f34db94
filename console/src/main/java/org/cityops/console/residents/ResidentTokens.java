package org.cityops.console.residents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Residents have no account: subscribing gives them a private token (kept by their page), and the
 * resident id the jobs see is derived from it by SHA-256, so nothing the city stores leads back to
 * a person, and only the holder of the token can change or end the subscription. The console keeps
 * no token: it derives the id again from the one presented.
 */
public final class ResidentTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ResidentTokens() {}

  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The opaque resident id of a token (letters, digits, - and _: an MQTT topic level). */
  public static String residentId(String token) {
    if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
      throw new IllegalArgumentException("not a resident token");
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
      return "r-" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
