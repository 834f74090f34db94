package org.cityops.ingestion.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.cityops.events.RejectReason;

/** Checks every parser does first: size and encoding. */
public final class Payloads {
  private Payloads() {}

  /** Refuses a payload over {@code maxBytes} or one that is not valid UTF-8 (RFC 8259 JSON is). */
  public static void requireSizeAndUtf8(byte[] payload, int maxBytes) throws ParseException {
    if (payload.length > maxBytes) {
      throw new ParseException(
          RejectReason.OVERSIZED,
          "payload of " + payload.length + " bytes exceeds the limit of " + maxBytes + " bytes");
    }
    if (payload.length == 0) {
      throw new ParseException(RejectReason.MALFORMED, "payload is empty");
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(payload));
    } catch (CharacterCodingException e) {
      throw new ParseException(RejectReason.NOT_UTF8, "payload is not valid UTF-8");
    }
  }
}
