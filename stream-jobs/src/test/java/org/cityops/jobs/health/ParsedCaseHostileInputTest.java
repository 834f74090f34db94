package org.cityops.jobs.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.cityops.events.RejectReason;
import org.junit.jupiter.api.Test;

/**
 * Whatever arrives on {@code city.cases}, parsing gives a notification or a rejection with a
 * reason, never an exception: random bytes, a valid notification mutated byte by byte, deep
 * nesting, huge strings and numbers, odd Unicode, NaN.
 */
class ParsedCaseHostileInputTest {
  private static final String VALID =
      "{\"notificationId\":\"n-1\",\"disease\":\"dengue\",\"status\":\"suspected\","
          + "\"symptomsOnset\":\"2024-03-01\",\"notifiedAt\":\"2024-03-04T12:00:00Z\","
          + "\"neighbourhood\":\"24\",\"cases\":1}";

  private static ParsedCase parse(byte[] bytes) {
    ParsedCase p = ParsedCase.parse(bytes, 7);
    assertThat((p.notification() == null) != (p.rejected() == null))
        .as("exactly one of notification and rejection")
        .isTrue();
    if (p.rejected() != null) {
      assertThat(p.rejected().reason()).isNotNull();
      assertThat(p.rejected().detail()).isNotBlank();
    }
    return p;
  }

  @Test
  void randomBytesAndMutatedNotificationsAreParsedOrRejectedWithAReason() {
    SplittableRandom random = new SplittableRandom(2026);
    Map<RejectReason, Integer> reasons = new EnumMap<>(RejectReason.class);
    int parsed = 0;
    for (int i = 0; i < 5_000; i++) {
      byte[] noise = new byte[random.nextInt(300)];
      for (int j = 0; j < noise.length; j++) {
        noise[j] = (byte) random.nextInt(256);
      }
      ParsedCase p = parse(noise);
      if (p.rejected() != null) {
        reasons.merge(p.rejected().reason(), 1, Integer::sum);
      }
      byte[] mutated = VALID.getBytes(StandardCharsets.UTF_8);
      for (int k = 0; k < 1 + random.nextInt(3); k++) {
        mutated[random.nextInt(mutated.length)] = (byte) (32 + random.nextInt(95));
      }
      p = parse(mutated);
      if (p.rejected() != null) {
        reasons.merge(p.rejected().reason(), 1, Integer::sum);
      } else {
        parsed++;
      }
    }
    System.out.printf(
        "hostile notifications: %d mutated ones still parse; rejected %s%n", parsed, reasons);
    assertThat(reasons).containsKeys(RejectReason.MALFORMED, RejectReason.INVALID_FIELD);
    assertThat(parsed).as("some mutations leave a valid notification").isPositive();
  }

  @Test
  void deepHugeAndOddInputIsRejectedNotThrown() {
    String deep = "[".repeat(100_000);
    assertThat(parse(deep.getBytes(StandardCharsets.UTF_8)).rejected().reason())
        .isEqualTo(RejectReason.MALFORMED);
    String hugeNumber = VALID.replace("\"cases\":1", "\"cases\":1" + "0".repeat(5_000));
    assertThat(parse(hugeNumber.getBytes(StandardCharsets.UTF_8)).rejected()).isNotNull();
    String nan = VALID.replace("\"neighbourhood\":\"24\"", "\"location\":{\"lat\":NaN,\"lon\":1}");
    assertThat(parse(nan.getBytes(StandardCharsets.UTF_8)).rejected()).isNotNull();
    String longId = VALID.replace("n-1", "n".repeat(10_000));
    assertThat(parse(longId.getBytes(StandardCharsets.UTF_8)).rejected().reason())
        .isEqualTo(RejectReason.INVALID_FIELD);
    String unicode = VALID.replace("n-1", "\u202e\u0000\ud83e\udd9f");
    parse(unicode.getBytes(StandardCharsets.UTF_8));
    byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28, '{', '}'};
    assertThat(parse(notUtf8).rejected()).isNotNull();
    assertThat(parse(null).rejected().reason()).isEqualTo(RejectReason.MALFORMED);
    String farPast = VALID.replace("2024-03-01", "-999999999-01-01");
    parse(farPast.getBytes(StandardCharsets.UTF_8));
  }
}
