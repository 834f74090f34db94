package org.cityops.jobs.rain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeMap;
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
   * The running totals against a plain sum over a map of the same samples, through appends, late
   * inserts, gaps filled, values replaced, old samples dropped, and copies that rebuild the totals
   * (what a restore or a snapshot's copy-on-write hands the function).
   */
  @Test
  void windowTotalsMatchAPlainSumThroughEveryKindOfChange() {
    Random random = new Random(7);
    RainSamples samples = new RainSamples();
    TreeMap<Long, Double> truth = new TreeMap<>();
    long next = 0;
    for (int step = 0; step < 5_000; step++) {
      int action = random.nextInt(20);
      if (action < 12) {
        next++;
        put(samples, truth, next, random);
      } else if (action < 15 && next > 0) {
        put(samples, truth, next - random.nextInt((int) Math.min(next, 40)), random); // late
      } else if (action < 17) {
        long limit = next - 200 - random.nextInt(50);
        samples.dropUpTo(limit);
        truth.headMap(limit, true).clear();
      } else if (action == 17) {
        samples = copyOf(samples);
      }
      if (samples.size > 0) {
        int from = random.nextInt(samples.size + 1);
        int to = from + random.nextInt(samples.size - from + 1);
        double rain = 0;
        int missing = 0;
        for (int i = from; i < to; i++) {
          double mm = truth.get(samples.times[i]);
          if (Double.isNaN(mm)) {
            missing++;
          } else {
            rain += mm;
          }
        }
        assertThat(samples.missingBetween(from, to))
            .as("missing in [%d, %d)", from, to)
            .isEqualTo(missing);
        assertThat(samples.rainBetween(from, to))
            .as("rain in [%d, %d)", from, to)
            .isCloseTo(rain, org.assertj.core.data.Offset.offset(1e-6));
      }
    }
    assertThat(samples.size).isEqualTo(truth.size());
  }

  private static void put(RainSamples samples, TreeMap<Long, Double> truth, long t, Random r) {
    double mm = r.nextInt(8) == 0 ? Double.NaN : r.nextInt(300) / 10.0;
    samples.put(t, mm);
    truth.put(t, mm);
  }

  /** A new instance with the same samples and no totals, as Flink's serializer copies it. */
  private static RainSamples copyOf(RainSamples samples) {
    RainSamples copy = new RainSamples();
    copy.times = samples.times.clone();
    copy.mm = samples.mm.clone();
    copy.size = samples.size;
    return copy;
  }
}
