package org.cityops.jobs.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityops.jobs.health.HealthFixtures.AREAS;
import static org.cityops.jobs.health.HealthFixtures.id;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cityops.events.Disease;
import org.junit.jupiter.api.Test;

/**
 * The daily scan over Rio's 164 neighbourhoods: a cluster planted in Copacabana and Leme is found
 * and confirmed; the same input gives the same answer; old days are forgotten. 199 replicas instead
 * of production's 999, to keep the test short (p-values then go down to 0.005).
 */
class SurveillanceScanTest {
  private static final LocalDate LAST = LocalDate.parse("2024-03-09");

  private static KeyedOneInputStreamOperatorTestHarness<String, OnsetCount, ScanResult> harness()
      throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new SurveillanceScan(
            HealthFixtures.config(Map.of("health.scan.replicas", "199")), AREAS.centroids()),
        c -> c.disease().code(),
        Types.STRING);
  }

  /** 28 days of background in every neighbourhood, and Copacabana and Leme tripled at the end. */
  private static void feed(KeyedOneInputStreamOperatorTestHarness<String, OnsetCount, ScanResult> h)
      throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    List<String> planted = List.of(id("Copacabana"), id("Leme"));
    for (int d = 27; d >= 0; d--) {
      LocalDate day = LAST.minusDays(d);
      // in id order: the map's own order (Map.copyOf) changes from one JVM to the next, and with
      // it which neighbourhood draws which count
      for (String n : new java.util.TreeSet<>(AREAS.centroids().keySet())) {
        int count = random.nextInt(3);
        if (planted.contains(n) && d < 5) {
          count += 6;
        }
        if (count > 0) {
          h.processElement(
              new OnsetCount(n, Disease.DENGUE, day.toEpochDay(), count),
              HealthFixtures.noon(day).toEpochMilli());
        }
      }
    }
    h.processWatermark(HealthFixtures.tickAfter(LAST));
  }

  @Test
  void aPlantedClusterIsFoundAndTheSameInputGivesTheSameAnswer() throws Exception {
    var h = harness();
    feed(h);
    ScanResult result = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
    assertThat(result.day()).isEqualTo(LAST);
    assertThat(result.significant()).isNotEmpty();
    ScanResult.Cluster top = result.significant().get(0);
    System.out.printf(
        "scan on %s: %s over %d days, %d cases against %.1f expected, p = %.3f%n",
        result.day(),
        top.neighbourhoods(),
        top.windowDays(),
        top.observed(),
        top.expected(),
        top.pValue());
    assertThat(top.neighbourhoods()).contains(id("Copacabana"), id("Leme"));
    // circles on centroids: the nearest of Copacabana's neighbours may come along with Leme
    assertThat(top.neighbourhoods().size()).isLessThanOrEqualTo(6);
    assertThat(top.pValue()).isEqualTo(0.005);
    assertThat(result.clusterOf(id("Campo Grande"))).isNull();

    var again = harness();
    feed(again);
    assertThat(again.extractOutputValues().get(again.extractOutputValues().size() - 1))
        .isEqualTo(result);
    again.close();

    // once the study period (12 weeks) holds nothing new, state and timers are gone
    for (int d = 1; d <= 90; d++) {
      h.processWatermark(HealthFixtures.tickAfter(LAST.plusDays(d)));
    }
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
    h.close();
  }
}
