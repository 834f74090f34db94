package org.cityops.jobs.rain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
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

  /**
   * Sliding sums against a walk over a fresh copy of the same samples (which keeps no sums), step
   * by step through appends, late inserts, gaps filled, values replaced, old samples dropped,
   * earlier ends asked for again, and copies that lose the kept sums (what a restore or a
   * snapshot's copy-on-write hands the function).
   */
  @Test
  void slidingWindowSumsMatchAWalkThroughEveryKindOfChange() {
    long[] lengths = {1, 4, 16, 96, 384};
    Random random = new Random(7);
    RainSamples samples = new RainSamples();
    long next = 0;
    int slidesChecked = 0;
    for (int step = 0; step < 5_000; step++) {
      int action = random.nextInt(20);
      if (action < 12) {
        next++;
        samples.put(next, value(random));
      } else if (action < 15 && next > 0) {
        samples.put(next - random.nextInt((int) Math.min(next, 40)), value(random)); // late
      } else if (action < 17) {
        samples.dropUpTo(next - 390 - random.nextInt(50));
      } else if (action == 17) {
        samples = copyOf(samples);
      }
      long end = random.nextInt(10) == 0 ? next - random.nextInt(20) : next;
      double[] rain = new double[5];
      int[] values = new int[5];
      int[] missing = new int[5];
      samples.sumWindows(end, lengths, rain, values, missing);
      double[] walkedRain = new double[5];
      int[] walkedValues = new int[5];
      int[] walkedMissing = new int[5];
      copyOf(samples).sumWindows(end, lengths, walkedRain, walkedValues, walkedMissing);
      assertThat(values).as("values at step %d", step).containsExactly(walkedValues);
      assertThat(missing).as("missing at step %d", step).containsExactly(walkedMissing);
      for (int k = 0; k < 5; k++) {
        assertThat(rain[k])
            .as("rain of window %d at step %d", k, step)
            .isCloseTo(walkedRain[k], org.assertj.core.data.Offset.offset(1e-6));
      }
      slidesChecked++;
    }
    assertThat(slidesChecked).isEqualTo(5_000);
  }

  private static double value(Random r) {
    return r.nextInt(8) == 0 ? Double.NaN : r.nextInt(300) / 10.0;
  }

  /** A new instance with the same samples and no kept sums, as Flink's serializer copies it. */
  private static RainSamples copyOf(RainSamples samples) {
    RainSamples copy = new RainSamples();
    copy.times = samples.times.clone();
    copy.mm = samples.mm.clone();
    copy.size = samples.size;
    return copy;
  }
}
