package org.cityops.ingestion.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {
  private static final Instant T0 = Instant.parse("2026-11-29T03:00:00Z");

  @Test
  void aNewSenderHasItsBurstThenTheSustainedRate() {
    TokenBuckets buckets = new TokenBuckets(2, 5, 100); // 2 a second, 5 at once
    int passed = 0;
    for (int i = 0; i < 20; i++) {
      if (buckets.tryTake("s1", 1, T0)) {
        passed++;
      }
    }
    assertThat(passed).as("at one instant: the burst").isEqualTo(5);
    assertThat(buckets.tryTake("s1", 1, T0.plusMillis(400))).as("0.8 of a token").isFalse();
    assertThat(buckets.tryTake("s1", 1, T0.plusMillis(500))).as("one token after 0.5 s").isTrue();
    assertThat(buckets.tryTake("s1", 1, T0.plusMillis(500))).isFalse();
    // a long silence refills to the burst, never beyond
    assertThat(buckets.tryTake("s1", 5, T0.plus(Duration.ofHours(1)))).isTrue();
    assertThat(buckets.tryTake("s1", 1, T0.plus(Duration.ofHours(1)))).isFalse();
  }

  @Test
  void aRefusedMessageTakesNothingSoTheSenderRecoversWhenItStops() {
    TokenBuckets buckets = new TokenBuckets(1, 3, 100);
    assertThat(buckets.tryTake("s1", 3, T0)).isTrue();
    // a flood of refused messages for 10 s...
    for (int ms = 0; ms < 10_000; ms += 10) {
      buckets.tryTake("s1", 1, T0.plusMillis(ms));
    }
    // ...consumed what refilled while they passed (one a second), but no more: right after it
    // stops, the bucket refills as for anyone else
    assertThat(buckets.tryTake("s1", 3, T0.plusSeconds(13))).isTrue();
  }

  @Test
  void sendersAreIndependentAndAMessageOfManyRecordsTakesThemAll() {
    TokenBuckets buckets = new TokenBuckets(1, 4, 100);
    assertThat(buckets.tryTake("a", 4, T0)).isTrue();
    assertThat(buckets.tryTake("a", 1, T0)).isFalse();
    assertThat(buckets.tryTake("b", 3, T0)).isTrue();
    assertThat(buckets.tryTake("b", 2, T0)).as("only one left").isFalse();
    assertThat(buckets.tryTake("b", 1, T0)).isTrue();
  }

  @Test
  void timesFarOffNeitherOverflowNorMintTokens() {
    TokenBuckets buckets = new TokenBuckets(1, 2, 100);
    Instant farFuture = Instant.parse("9999-12-31T23:59:59Z");
    assertThat(buckets.tryTake("s1", 2, farFuture)).isTrue();
    assertThat(buckets.tryTake("s1", 1, farFuture)).isFalse();
    assertThat(buckets.tryTake("s1", 1, T0)).as("back to now: nothing refilled").isFalse();
    assertThat(buckets.tryTake("s2", 2, Instant.MIN)).as("the earliest instant there is").isTrue();
  }

  @Test
  void aClockSteppingBackMintsNoTokens() {
    TokenBuckets buckets = new TokenBuckets(1, 2, 100);
    assertThat(buckets.tryTake("s1", 2, T0.plusSeconds(100))).isTrue();
    assertThat(buckets.tryTake("s1", 1, T0)).isFalse();
    assertThat(buckets.tryTake("s1", 1, T0.plusSeconds(50))).isFalse();
    assertThat(buckets.tryTake("s1", 1, T0.plusSeconds(101))).isTrue();
  }

  @Test
  void aFloodOfNewIdentitiesCostsBoundedMemoryAndForgetsTheLeastRecentlyHeard() {
    TokenBuckets buckets = new TokenBuckets(1, 1, 1_000);
    assertThat(buckets.tryTake("regular", 1, T0)).isTrue();
    for (int i = 0; i < 100_000; i++) {
      buckets.tryTake("fake-" + i, 1, T0);
      if (i % 500 == 0) {
        assertThat(buckets.tryTake("regular", 1, T0)).as("still remembered, still empty").isFalse();
      }
    }
    assertThat(buckets.tracked()).isEqualTo(1_000);
    for (int i = 0; i < 1_000; i++) {
      buckets.tryTake("later-" + i, 1, T0);
    }
    // not heard during the last 1,000 senders: forgotten, back with a full bucket
    assertThat(buckets.tryTake("regular", 1, T0)).isTrue();
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThatThrownBy(() -> new TokenBuckets(0, 1, 1)).hasMessageContaining("rate above 0");
    assertThatThrownBy(() -> new TokenBuckets(1, 0, 1)).hasMessageContaining("burst");
    assertThatThrownBy(() -> new RateLimits(-1, 1, 0, 1, 1))
        .hasMessage("rate limit: sensor rate must be 0 (no limit) or more, was -1.0");
    assertThatThrownBy(() -> new RateLimits(1, 1, Double.NaN, 1, 1))
        .hasMessageContaining("reporter rate");
    assertThatThrownBy(() -> new RateLimits(1, 0, 1, 1, 1)).hasMessageContaining("sensor burst");
  }

  @Test
  void zeroMeansNoLimitAndTheDefaultsSayWhatTheyAre() {
    assertThat(RateLimits.OFF.sensorBuckets()).isNull();
    assertThat(RateLimits.OFF.reporterBuckets()).isNull();
    assertThat(RateLimits.defaults().toString())
        .isEqualTo("sensors 1.0/s (burst 600), reporters 20.0/h (burst 10)");
  }
}
