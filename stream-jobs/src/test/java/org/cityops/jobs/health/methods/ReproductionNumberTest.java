package org.cityops.jobs.health.methods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * InfoDengue's Rt and P(Rt > 1), against {@code rt-reference.csv}: R's own normal density and beta
 * distribution on InfoDengue's formula ({@code make-rt-reference.R} beside it).
 */
class ReproductionNumberTest {
  private static final int[] WEEKLY = {
    3, 4, 2, 5, 3, 4, 6, 9, 14, 22, 31, 40, 38, 30, 21, 12, 8, 5, 4, 3, 0, 2, 1, 0
  };

  @Test
  void everyWeekAgreesWithR() throws IOException, URISyntaxException {
    List<String> lines =
        Files.readAllLines(Path.of(getClass().getResource("/health/rt/rt-reference.csv").toURI()));
    ReproductionNumber rt = ReproductionNumber.dengue();
    assertThat(lines).hasSize(1 + 19);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      int week = Integer.parseInt(f[0]);
      ReproductionNumber.Estimate e = rt.estimate(Arrays.copyOf(WEEKLY, week));
      assertThat(e).as(line).isNotNull();
      assertThat(e.cases()).as(line).isEqualTo(Integer.parseInt(f[1]));
      assertThat(e.weightedPast()).as(line).isCloseTo(Double.parseDouble(f[2]), within(1e-9));
      assertThat(e.rt()).as(line).isCloseTo(Double.parseDouble(f[3]), within(1e-9));
      assertThat(e.probabilityAboveOne())
          .as(line)
          .isCloseTo(Double.parseDouble(f[4]), within(1e-9));
    }
  }

  @Test
  void aFlatSeriesReproducesAtOneAndAGrowingOneAboveIt() {
    ReproductionNumber rt = ReproductionNumber.dengue();
    int[] flat = new int[20];
    Arrays.fill(flat, 50);
    // the normal weights over weeks 1..13 sum to 0.984 (the density below week 1 is left out)
    assertThat(rt.estimate(flat).rt()).isCloseTo(1.0, within(0.02));
    assertThat(rt.estimate(flat).probabilityAboveOne()).isBetween(0.4, 0.6);
    int[] doubling = new int[12];
    for (int i = 0; i < doubling.length; i++) {
      doubling[i] = 5 << (i / 2);
    }
    assertThat(rt.estimate(doubling).rt()).isGreaterThan(1.5);
    assertThat(rt.estimate(doubling).probabilityAboveOne()).isGreaterThan(0.99);
  }

  @Test
  void emptyWeeksAndShortSeriesHaveTheirOwnAnswers() {
    ReproductionNumber rt = ReproductionNumber.dengue();
    assertThat(rt.estimate(new int[] {1, 2, 3, 4, 5})).as("under 2 x 3 weeks").isNull();
    // InfoDengue weighs this week into its own denominator, so cases out of nothing give a large
    // but finite Rt
    ReproductionNumber.Estimate outOfNothing = rt.estimate(new int[] {0, 0, 0, 0, 0, 7});
    assertThat(outOfNothing.probabilityAboveOne()).isGreaterThan(0.99);
    // 1 / dnorm(1; 3, 1.2) = 1 / 0.0829
    assertThat(outOfNothing.rt()).isCloseTo(12.06, within(0.05));
    ReproductionNumber.Estimate none = rt.estimate(new int[] {0, 0, 0, 0, 0, 0});
    assertThat(none.probabilityAboveOne()).isZero();
    assertThatThrownBy(() -> new ReproductionNumber(0, 1, 10)).hasMessageContaining("positive");
  }
}
