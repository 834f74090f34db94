package org.cityops.jobs.rain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RainSamplesTest {

  @Test
  void keepsSamplesInTimeOrderWhateverOrderTheyCameIn() {
    RainSamples samples = new RainSamples();
    samples.put(30, 3.0);
    samples.put(10, 1.0);
    samples.put(20, Double.NaN);
    samples.put(40, 4.0);
    samples.put(20, 2.0); // fills the gap
    assertThat(samples.size).isEqualTo(4);
    assertThat(java.util.Arrays.copyOf(samples.times, samples.size))
        .containsExactly(10, 20, 30, 40);
    assertThat(samples.at(20)).isEqualTo(2.0);
    assertThat(samples.at(25)).isNull();
    assertThat(samples.newest()).isEqualTo(40);
    assertThat(samples.timesBetween(15, 30)).containsExactly(20, 30);
    assertThat(samples.timesBetween(41, 50)).isEmpty();
    assertThat(samples.firstAfter(30)).isEqualTo(3);
    samples.dropUpTo(20);
    assertThat(java.util.Arrays.copyOf(samples.times, samples.size)).containsExactly(30, 40);
    assertThat(samples.at(30)).isEqualTo(3.0);
    samples.dropUpTo(40);
    assertThat(samples.isEmpty()).isTrue();
  }

  @Test
  void aHistoryThatStopsGrowingGivesBackTheRoomItsArraysDoubledInto() {
    RainSamples samples = new RainSamples();
    for (long t = 0; t < 387; t++) {
      samples.put(t, 0.2);
    }
    assertThat(samples.times.length).isEqualTo(512);
    // steady state: one sample in, the oldest out, as in a gauge's 96 h + lateness of history
    for (long t = 387; t < 1_000; t++) {
      samples.put(t, 0.2);
      samples.dropUpTo(t - 387);
    }
    assertThat(samples.size).isEqualTo(387);
    assertThat(samples.times.length).isBetween(387, 387 + 64);
    assertThat(samples.mm.length).isEqualTo(samples.times.length);
    assertThat(samples.at(999)).isEqualTo(0.2);
    assertThat(samples.at(612)).isNull();
  }
}
