package org.cityops.jobs.health.methods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cityops.jobs.health.methods.AlertLevels.Level.GREEN;
import static org.cityops.jobs.health.methods.AlertLevels.Level.ORANGE;
import static org.cityops.jobs.health.methods.AlertLevels.Level.RED;
import static org.cityops.jobs.health.methods.AlertLevels.Level.YELLOW;

import java.util.List;
import org.cityops.jobs.health.methods.AlertLevels.Week;
import org.junit.jupiter.api.Test;

/**
 * The level transitions on constructed series, with InfoDengue's Rio settings (thresholds 8.28 and
 * 21.6 per 100,000; yellow on 3 off 2, orange 2 and 2, red 1 and 2; 22 °C; P(Rt > 1) > 0.95).
 */
class AlertLevelsTest {
  private final AlertLevels levels = new AlertLevels(AlertLevels.Settings.infoDengueRio());

  private static Week cool(int cases, double incidence) {
    return new Week(cases, incidence, 18.0, 0.5);
  }

  private static Week warm(int cases, double incidence) {
    return new Week(cases, incidence, 24.0, 0.5);
  }

  private static Week growing(int cases, double incidence) {
    return new Week(cases, incidence, 24.0, 0.99);
  }

  @Test
  void warmWeeksWithCasesTurnYellowOnTheThirdAndOffOnTheSecondColdWeek() {
    assertThat(
            levels.levels(
                List.of(
                    warm(1, 2),
                    warm(2, 3),
                    warm(1, 2),
                    warm(1, 2),
                    cool(1, 2),
                    warm(1, 2),
                    cool(1, 2),
                    cool(1, 2))))
        .containsExactly(GREEN, GREEN, YELLOW, YELLOW, YELLOW, YELLOW, YELLOW, GREEN);
  }

  @Test
  void warmWeeksWithoutCasesStayGreen() {
    assertThat(levels.levels(List.of(warm(0, 0), warm(0, 0), warm(0, 0), warm(0, 0))))
        .containsOnly(GREEN);
  }

  @Test
  void noTemperatureIsNotWarm() {
    Week unknown = new Week(3, 4, null, 0.5);
    assertThat(levels.levels(List.of(unknown, unknown, unknown, unknown))).containsOnly(GREEN);
  }

  @Test
  void growthAbovePreEpidemicIncidenceTurnsOrangeAfterTwoWeeksAndNotBelowIt() {
    assertThat(
            levels.levels(
                List.of(
                    growing(10, 9), growing(14, 12), growing(16, 14), warm(16, 14), warm(3, 5))))
        .containsExactly(GREEN, ORANGE, ORANGE, ORANGE, YELLOW);
    // growing just as fast below the pre-epidemic threshold: yellow (warm, cases), never orange
    assertThat(levels.levels(List.of(growing(2, 4), growing(3, 6), growing(4, 8), growing(4, 8.2))))
        .containsExactly(GREEN, GREEN, YELLOW, YELLOW);
  }

  @Test
  void incidenceAboveTheEpidemicThresholdIsRedAtOnceAndForTwoWeeksAfter() {
    assertThat(
            levels.levels(
                List.of(
                    cool(2, 5), cool(30, 25), cool(10, 9), cool(9, 8.5), cool(1, 1), cool(1, 1))))
        // red on the first epidemic week and until the second week below it; meanwhile three cold
        // weeks above the pre-epidemic threshold turned yellow on, and one quiet week does not
        // turn it off
        .containsExactly(GREEN, RED, RED, YELLOW, YELLOW, GREEN);
  }

  @Test
  void redNeedsItsFewestCases() {
    // four cases in a neighbourhood of 10,000 is 40 per 100,000 but not an epidemic
    assertThat(levels.levels(List.of(cool(4, 40), cool(5, 50)))).containsExactly(GREEN, RED);
  }

  @Test
  void badSettingsAreRefusedWithTheirNumbers() {
    assertThatThrownBy(
            () ->
                new AlertLevels.Settings(
                    22,
                    30,
                    20,
                    0.95,
                    5,
                    new AlertLevels.Delays(3, 2),
                    new AlertLevels.Delays(2, 2),
                    new AlertLevels.Delays(1, 2)))
        .hasMessageContaining("20.0 per 100,000")
        .hasMessageContaining("(30.0)");
    assertThatThrownBy(() -> new AlertLevels.Delays(0, 2)).hasMessageContaining("1 or more");
  }
}
