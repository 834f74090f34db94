package org.cityops.events;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

/**
 * A message that was not accepted, kept so that nothing is dropped silently. Only the first {@link
 * #MAX_HEAD_BYTES} bytes travel (after personal data was pseudonymised), with the size and SHA-256
 * of the whole payload so it can be matched against the sender's copy.
 *
 * @param source where it came from, e.g. {@code mqtt:city/sensors/rain_gauge/g1}
 * @param detail the human-readable explanation, naming the field where there is one
 * @param payloadHead the first bytes as text (invalid UTF-8 replaced), at most 4 KB
 */
public record Rejected(
    String source,
    RejectReason reason,
    String detail,
    Instant receivedAt,
    long payloadSizeBytes,
    String payloadSha256,
    String payloadHead,
    boolean truncated) {

  public static final int MAX_HEAD_BYTES = 4 * 1024;

  public Rejected validate() {
    Contract.text(source, "source", 500);
    Contract.present(reason, "reason");
    Contract.text(detail, "detail", 2_000);
    Contract.present(receivedAt, "receivedAt");
    Contract.require(payloadSizeBytes >= 0, "payloadSizeBytes", "must not be negative");
    Contract.present(payloadSha256, "payloadSha256");
    Contract.require(
        payloadSha256.matches("[0-9a-f]{64}"), "payloadSha256", "must be 64 hex digits");
    Contract.present(payloadHead, "payloadHead");
    return this;
  }

  /**
   * Builds a rejection: the size and SHA-256 of the whole payload, and at most its first {@link
   * #MAX_HEAD_BYTES} bytes as text, cut on a character boundary.
   *
   * @param scrub applied to the payload text before it is cut, to remove personal data
   */
  public static Rejected of(
      String source,
      RejectReason reason,
      String detail,
      byte[] payload,
      Instant receivedAt,
      UnaryOperator<String> scrub) {
    // Scrubbing may shorten the text (a phone number becomes [phone]); read a margin beyond 4 KB.
    int readBytes = Math.min(payload.length, 4 * MAX_HEAD_BYTES);
    String scrubbed = scrub.apply(new String(payload, 0, readBytes, StandardCharsets.UTF_8));
    String head = headOf(scrubbed, MAX_HEAD_BYTES);
    boolean truncated = head.length() < scrubbed.length() || payload.length > readBytes;
    String boundedDetail = detail.length() > 2_000 ? detail.substring(0, 2_000) : detail;
    return new Rejected(
        source,
        reason,
        boundedDetail,
        receivedAt,
        payload.length,
        sha256(payload),
        head,
        truncated);
  }

  /** The longest prefix of {@code text} whose UTF-8 form fits in {@code maxBytes}. */
  static String headOf(String text, int maxBytes) {
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    CharBuffer in = CharBuffer.wrap(text);
    encoder.encode(in, ByteBuffer.allocate(maxBytes), true);
    return text.substring(0, in.position());
  }

  public static String sha256(byte[] payload) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
