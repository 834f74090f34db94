package org.cityops.jobs.health.methods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cityops.events.GeoPoint;
import org.junit.jupiter.api.Test;

/**
 * The scan on constructed data whose answer is known: a hand-computed ratio, a planted cluster
 * found with its areas and window, and no significant cluster where none was planted. 999 replicas
 * as in production: the scan of 36 areas and 28 days takes well under a second.
 */
class SpaceTimePermutationScanTest {
  /** A 6 x 6 grid of areas 1 km apart; area {@code row * 6 + column}. */
  private static List<GeoPoint> grid() {
    List<GeoPoint> points = new ArrayList<>();
    for (int row = 0; row < 6; row++) {
      for (int col = 0; col < 6; col++) {
        points.add(new GeoPoint(-22.9 + row * 0.009, -43.3 + col * 0.0098));
      }
    }
    return points;
  }

  /** Background: every area two cases a day on average, Poisson, 28 days. */
  private static int[][] background(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[][] counts = new int[36][28];
    for (int a = 0; a < 36; a++) {
      for (int d = 0; d < 28; d++) {
        counts[a][d] = poisson(random, 2.0);
      }
    }
    return counts;
  }

  private static int poisson(SplittableRandom random, double mean) {
    double l = Math.exp(-mean);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= random.nextDouble();
    } while (p > l);
    return k - 1;
  }

  @Test
  void theRatioIsKulldorffsFormula() {
    // two areas, two days: area 0 had all ten of its cases today, area 1 all ten yesterday.
    // The cylinder (area 0, today) holds 10 cases of 20 where 10 x 10 / 20 = 5 were expected:
    // 10 ln(10/5) + 10 ln(10/15) = 2.8768
    var scan =
        new SpaceTimePermutationScan(
            List.of(new GeoPoint(-22.9, -43.3), new GeoPoint(-22.9, -43.2)), 1, 0, 1);
    var result = scan.scan(new int[][] {{0, 10}, {10, 0}}, 99, 1);
    var top = result.clusters().get(0);
    assertThat(top.areas()).containsExactly(0);
    assertThat(top.windowDays()).isEqualTo(1);
    assertThat(top.observed()).isEqualTo(10);
    assertThat(top.expected()).isCloseTo(5.0, within(1e-12));
    assertThat(top.logLikelihoodRatio())
        .isCloseTo(10 * Math.log(2) + 10 * Math.log(10.0 / 15), within(1e-12));
    assertThat(SpaceTimePermutationScan.logLikelihoodRatio(4, 5.0, 20))
        .as("below expected")
        .isZero();
  }

  /**
   * The scan takes its logarithms from tables worked out once per scan; every cluster's ratio must
   * still be Kulldorff's formula of its own counts (and the replicas share the same code).
   */
  @Test
  void everyClustersRatioIsTheFormulaOfItsCounts() {
    var scan = new SpaceTimePermutationScan(grid(), 6, 2_500, 14);
    int checked = 0;
    for (long seed = 30; seed < 40; seed++) {
      int[][] counts = background(seed);
      int total = java.util.Arrays.stream(counts).flatMapToInt(java.util.Arrays::stream).sum();
      for (var c : scan.scan(counts, 9, seed).clusters()) {
        double formula =
            SpaceTimePermutationScan.logLikelihoodRatio(c.observed(), c.expected(), total);
        // the ratio is a small difference of two terms of the order of the total: rounding
        // differs by far less than a billionth of a unit (significant ratios are above 5)
        assertThat(c.logLikelihoodRatio()).isPositive().isCloseTo(formula, within(1e-9));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(50);
  }

  @Test
  void aPlantedClusterIsFoundWithItsAreasAndWindowAndIsSignificant() {
    int[][] counts = background(7);
    // area 14 and its four neighbours (a circle on the grid: the scan's shape) triple in the last
    // 5 days
    int[] planted = {14, 8, 13, 15, 20};
    SplittableRandom random = new SplittableRandom(8);
    for (int a : planted) {
      for (int d = 23; d < 28; d++) {
        counts[a][d] += poisson(random, 4.0);
      }
    }
    var scan = new SpaceTimePermutationScan(grid(), 6, 2_500, 14);
    var result = scan.scan(counts, 999, 42);
    var top = result.clusters().get(0);
    System.out.printf(
        "planted cluster: found areas %s over %d days, %d cases against %.1f expected, LLR %.1f,"
            + " p = %.3f%n",
        top.areas(),
        top.windowDays(),
        top.observed(),
        top.expected(),
        top.logLikelihoodRatio(),
        top.pValue());
    assertThat(top.areas()).containsExactlyInAnyOrder(14, 8, 13, 15, 20);
    assertThat(top.windowDays()).isBetween(4, 6);
    assertThat(top.pValue()).isEqualTo(0.001);
    // the margins the expectation comes from hold the outbreak's own cases, so the observed
    // relative risk stays under the planted 3
    assertThat(top.relativeRisk()).isBetween(1.5, 3.0);
    assertThat(result.significant(0.05)).hasSize(1);
    // secondary clusters share no area with the first
    assertThat(result.clusters().subList(1, result.clusters().size()))
        .allSatisfy(c -> assertThat(c.areas()).doesNotContainAnyElementsOf(top.areas()));
  }

  @Test
  void backgroundAloneHasNoSignificantClusterOnMostSeeds() {
    var scan = new SpaceTimePermutationScan(grid(), 6, 2_500, 14);
    int significant = 0;
    for (long seed = 100; seed < 120; seed++) {
      if (!scan.scan(background(seed), 199, seed).significant(0.05).isEmpty()) {
        significant++;
      }
    }
    // under the null the most likely cluster is significant at 5 % on 1 seed in 20, on average
    System.out.printf("background only: %d of 20 seeds with a cluster at p <= 0.05%n", significant);
    assertThat(significant).isLessThanOrEqualTo(3);
  }

  @Test
  void theSameSeedGivesTheSameAnswer() {
    var scan = new SpaceTimePermutationScan(grid(), 6, 2_500, 14);
    int[][] counts = background(3);
    assertThat(scan.scan(counts, 99, 5)).isEqualTo(scan.scan(counts, 99, 5));
  }

  @Test
  void badInputIsRefused() {
    var scan = new SpaceTimePermutationScan(grid(), 6, 2_500, 14);
    assertThatThrownBy(() -> scan.scan(new int[3][28], 9, 1)).hasMessageContaining("36");
    int[][] negative = new int[36][28];
    negative[5][3] = -1;
    assertThatThrownBy(() -> scan.scan(negative, 9, 1)).hasMessageContaining("negative count");
    assertThat(scan.scan(new int[36][28], 9, 1).clusters()).as("no cases, no clusters").isEmpty();
    assertThatThrownBy(() -> new SpaceTimePermutationScan(List.of(), 6, 100, 7))
        .hasMessageContaining("0 areas");
  }
}
