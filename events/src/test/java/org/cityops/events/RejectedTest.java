package org.cityops.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class RejectedTest {
  private static final Instant T = Instant.parse("2026-11-28T12:00:00Z");

  @Test
  void smallPayloadIsKeptWholeWithItsHash() {
    byte[] payload = "abc".getBytes(StandardCharsets.UTF_8);
    Rejected r =
        Rejected.of("mqtt:x", RejectReason.MALFORMED, "bad", payload, T, UnaryOperator.identity());
    assertThat(r.payloadHead()).isEqualTo("abc");
    assertThat(r.truncated()).isFalse();
    assertThat(r.payloadSizeBytes()).isEqualTo(3);
    // SHA-256("abc") from FIPS 180-2, appendix B.1
    assertThat(r.payloadSha256())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    r.validate();
  }

  @Test
  void largePayloadIsCutTo4KbOnACharacterBoundary() {
    String text = "é".repeat(10_000); // two bytes each
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    Rejected r =
        Rejected.of("mqtt:x", RejectReason.OVERSIZED, "big", payload, T, UnaryOperator.identity());
    assertThat(r.payloadHead().getBytes(StandardCharsets.UTF_8)).hasSize(4_096);
    assertThat(r.payloadHead()).isEqualTo("é".repeat(2_048));
    assertThat(r.truncated()).isTrue();
    assertThat(r.payloadSizeBytes()).isEqualTo(20_000);
  }

  @Test
  void invalidUtf8IsReplacedNotPropagated() {
    byte[] payload = {'a', (byte) 0xC3, 0x28, 'b'};
    Rejected r =
        Rejected.of("mqtt:x", RejectReason.NOT_UTF8, "enc", payload, T, UnaryOperator.identity());
    assertThat(r.payloadHead()).isEqualTo("a\uFFFD(b");
  }

  @Test
  void scrubRunsBeforeTheCut() {
    byte[] payload = "call 21 99876-5432 now".getBytes(StandardCharsets.UTF_8);
    Rejected r =
        Rejected.of(
            "mqtt:x",
            RejectReason.MALFORMED,
            "bad",
            payload,
            T,
            s -> s.replace("21 99876-5432", "[phone]"));
    assertThat(r.payloadHead()).isEqualTo("call [phone] now");
    assertThat(r.payloadSizeBytes()).isEqualTo(payload.length); // size and hash are of the original
    assertThat(r.payloadSha256()).isEqualTo(Rejected.sha256(payload));
  }
}
