package org.cityops.ingestion.reject;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces personal identifiers with stable pseudonyms: HMAC-SHA256 under a secret key, so the same
 * phone number always maps to the same pseudonym (independent reporters can be counted) but the
 * number cannot be recovered or guessed without the key. Also masks phone-number-like digit runs in
 * free text.
 */
public final class Pseudonymizer {
  /** 8 or more digits, optionally with +, spaces, dots, dashes or parentheses between them. */
  private static final Pattern PHONE_LIKE = Pattern.compile("\\+?\\(?\\d(?:[\\s().-]*\\d){7,}");

  private final SecretKeySpec key;

  public Pseudonymizer(byte[] secret) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("the pseudonymisation key must be at least 16 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  public static Pseudonymizer fromSecret(String secret) {
    return new Pseudonymizer(secret.getBytes(StandardCharsets.UTF_8));
  }

  /** A stable pseudonym such as {@code p-3f1a...} (128 bits of the HMAC, hex). */
  public String pseudonym(String identifier) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] digest = mac.doFinal(identifier.trim().getBytes(StandardCharsets.UTF_8));
      return "p-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /** Replaces phone-number-like digit runs with {@code [phone]}. */
  public String maskPhoneNumbers(String text) {
    return text == null ? null : PHONE_LIKE.matcher(text).replaceAll("[phone]");
  }
}
