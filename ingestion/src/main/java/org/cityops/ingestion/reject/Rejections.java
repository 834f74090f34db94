package org.cityops.ingestion.reject;

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
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;

/** Builds {@link Rejected} records: size and SHA-256 of the whole payload, a scrubbed 4 KB head. */
public final class Rejections {
  private Rejections() {}

  /**
   * @param scrub applied to the payload text before it is cut to 4 KB, to remove personal data
   */
  public static Rejected of(
      String source,
      RejectReason reason,
      String detail,
      byte[] payload,
      Instant receivedAt,
      UnaryOperator<String> scrub) {
    String text =
        new String(
            payload,
            0,
            Math.min(payload.length, 4 * Rejected.MAX_HEAD_BYTES),
            StandardCharsets.UTF_8);
    String scrubbed = scrub.apply(text);
    String head = headOf(scrubbed, Rejected.MAX_HEAD_BYTES);
    boolean truncated =
        head.length() < scrubbed.length() || payload.length > 4 * Rejected.MAX_HEAD_BYTES;
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
    ByteBuffer out = ByteBuffer.allocate(maxBytes);
    CharBuffer in = CharBuffer.wrap(text);
    encoder.encode(in, out, true);
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
