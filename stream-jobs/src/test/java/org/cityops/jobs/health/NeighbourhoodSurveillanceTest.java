package org.cityops.jobs.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityops.jobs.health.HealthFixtures.AREAS;
import static org.cityops.jobs.health.HealthFixtures.id;
import static org.cityops.jobs.health.HealthFixtures.noon;
import static org.cityops.jobs.health.HealthFixtures.tickAfter;
import static org.cityops.jobs.health.methods.AlertLevels.Level.GREEN;
import static org.cityops.jobs.health.methods.AlertLevels.Level.RED;
import static org.cityops.jobs.health.methods.AlertLevels.Level.YELLOW;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cityops.events.Disease;
import org.cityops.events.RainRuleChange;
import org.cityops.jobs.rain.RuleVersions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One neighbourhood of 100,000 people (so cases per week are incidence per 100,000), warm weeks
 * from a station beside it: three cases a week for four weeks, then thirty a week for four.
 */
class NeighbourhoodSurveillanceTest {
  private static final LocalDate FIRST_SUNDAY = LocalDate.parse("2024-01-07");
  private static final String COPACABANA = id("Copacabana");

  private KeyedBroadcastOperatorTestHarness<String, CaseDelta, BroadcastSignal, NeighbourhoodAlarm>
      harness;
  private int evaluatedUpTo = -1;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new NeighbourhoodSurveillance(
                HealthFixtures.CONFIG, AREAS.centroids(), Map.of(COPACABANA, 100_000)),
            CaseDelta::areaKey,
            Types.STRING,
            NeighbourhoodSurveillance.TEMPERATURES,
            NeighbourhoodSurveillance.STATIONS,
            RuleVersions.RULES);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private static LocalDate day(int n) {
    return FIRST_SUNDAY.plusDays(n);
  }

  /** {@code count} cases with symptoms on {@code onset}, notified on {@code notified}. */
  private void cases(int count, LocalDate onset, LocalDate notified) throws Exception {
    for (int i = 0; i < count; i++) {
      CaseDelta d =
          new CaseDelta(COPACABANA, Disease.DENGUE, onset.toEpochDay(), 1, true, noon(notified));
      harness.processElement(d, d.notifiedAt().toEpochMilli());
    }
  }

  /** Warm nights reported beside Copacabana, and the reporting clock moved past day {@code n}. */
  private void evaluateUpTo(int n) throws Exception {
    for (int d = evaluatedUpTo + 1; d <= n; d++) {
      harness.processBroadcastElement(
          BroadcastSignal.of(
              new StationTemperature(
                  "forte-copacabana",
                  AREAS.centroids().get(COPACABANA),
                  day(d).toEpochDay(),
                  24.0)),
          noon(day(d)).toEpochMilli());
      harness.processWatermark(tickAfter(day(d)));
      harness.processBroadcastWatermark(tickAfter(day(d)));
    }
    evaluatedUpTo = n;
  }

  private List<NeighbourhoodWeek> weeks() {
    return harness.getSideOutput(NeighbourhoodSurveillance.WEEKS).stream()
        .map(r -> r.getValue())
        .toList();
  }

  /** The latest revision of each week, in week order. */
  private List<NeighbourhoodWeek> latestWeeks() {
    var latest = new java.util.TreeMap<LocalDate, NeighbourhoodWeek>();
    for (NeighbourhoodWeek w : weeks()) {
      latest.merge(w.weekStart(), w, (a, b) -> b.revision() > a.revision() ? b : a);
    }
    return List.copyOf(latest.values());
  }

  private void eightWeeks() throws Exception {
    eightWeeksOfCases();
    evaluateUpTo(8 * 7 - 1);
  }

  /** The cases of the eight weeks, evaluated up to the last Wednesday. */
  private void eightWeeksOfCases() throws Exception {
    for (int week = 0; week < 8; week++) {
      int wednesday = week * 7 + 3;
      evaluateUpTo(wednesday);
      cases(week < 4 ? 3 : 30, day(wednesday), day(wednesday + 1));
    }
  }

  @Test
  void aVersionPushedAtRunTimeRelevelsTheHistoryFromTheDayItComesIntoForce() throws Exception {
    // from the end of the last Saturday, an epidemic needs 40 weekly cases per 100,000 (was 21.6)
    harness.processBroadcastElement(
        BroadcastSignal.of(
            RainRuleChange.diseaseHotspot(
                "dengue-levels",
                2,
                Instant.ofEpochMilli(tickAfter(day(8 * 7 - 1))),
                "eng",
                noon(day(0)),
                new RainRuleChange.DiseaseLevels(22.0, 8.28, 40.0, 0.95, 5))),
        0);
    eightWeeksOfCases();
    evaluateUpTo(8 * 7 - 2);
    assertThat(latestWeeks())
        .extracting(NeighbourhoodWeek::level)
        .as("under the starting levels, 30 a week is an epidemic")
        .containsExactly(GREEN, GREEN, YELLOW, YELLOW, RED, RED, RED);
    int sentBefore = weeks().size();

    evaluateUpTo(8 * 7 - 1);
    List<NeighbourhoodWeek> resent = weeks().subList(sentBefore, weeks().size());
    assertThat(resent)
        .filteredOn(w -> w.revision() == 2)
        .extracting(NeighbourhoodWeek::weekStart)
        .as("the red weeks, levelled again")
        .containsExactly(day(28), day(35), day(42));
    assertThat(latestWeeks()).hasSize(8).noneMatch(w -> w.level() == RED);
    assertThat(harness.extractOutputValues().get(harness.extractOutputValues().size() - 1).level())
        .isNotEqualTo(RED);
  }

  @Test
  void warmWeeksWithCasesTurnYellowAndAnEpidemicWeekRedAtOnce() throws Exception {
    eightWeeks();
    assertThat(latestWeeks())
        .extracting(NeighbourhoodWeek::cases)
        .containsExactly(3, 3, 3, 3, 30, 30, 30, 30);
    assertThat(latestWeeks())
        .extracting(NeighbourhoodWeek::level)
        .containsExactly(GREEN, GREEN, YELLOW, YELLOW, RED, RED, RED, RED);
    NeighbourhoodWeek fifth = latestWeeks().get(4);
    assertThat(fifth.incidencePer100k()).isEqualTo(30.0);
    assertThat(fifth.minTemperatureC()).isEqualTo(24.0);
    assertThat(fifth.probabilityRtAboveOne()).isGreaterThan(0.99);
    // 2024's first epidemiological week began on Sunday 31 December 2023
    assertThat(fifth.epiWeek()).isEqualTo(202406);
    // each week was sent once: nothing changed it after it completed
    assertThat(weeks()).allMatch(w -> w.revision() == 1);
    // the alarm followed the weeks: yellow, then red
    assertThat(harness.extractOutputValues())
        .extracting(NeighbourhoodAlarm::level)
        .containsSubsequence(YELLOW, RED);
  }

  @Test
  void thirtyArrivalsInADayAlarmEarsAndThreeDoNot() throws Exception {
    eightWeeks();
    List<NeighbourhoodDay> days =
        harness.getSideOutput(NeighbourhoodSurveillance.DAYS).stream()
            .map(r -> r.getValue())
            .toList();
    NeighbourhoodDay firstBig =
        days.stream().filter(d -> d.day().equals(day(4 * 7 + 4))).findFirst().orElseThrow();
    assertThat(firstBig.notified()).isEqualTo(30);
    assertThat(firstBig.alarmC1()).isTrue();
    NeighbourhoodDay small =
        days.stream().filter(d -> d.day().equals(day(2 * 7 + 4))).findFirst().orElseThrow();
    assertThat(small.notified()).isEqualTo(3);
    assertThat(small.anyAlarm()).isFalse();
    assertThat(harness.extractOutputValues())
        .anyMatch(a -> day(4 * 7 + 4).equals(a.lastEarsAlarm()));
  }

  @Test
  void aLateNotificationRevisesItsWeekInsteadOfAddingOne() throws Exception {
    eightWeeks();
    int sentBefore = weeks().size();
    // five cases from the third week, notified five weeks late
    cases(5, day(2 * 7 + 2), day(8 * 7));
    evaluateUpTo(8 * 7);
    List<NeighbourhoodWeek> revised = weeks().subList(sentBefore, weeks().size());
    assertThat(revised)
        .filteredOn(w -> w.weekStart().equals(day(14)))
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.cases()).isEqualTo(8);
              assertThat(w.revision()).isEqualTo(2);
            });
    assertThat(latestWeeks()).hasSize(8);
    assertThat(latestWeeks().get(2).cases()).isEqualTo(8);
  }

  @Test
  void aQuietHistoryClearsAllStateAndLeavesNoTimer() throws Exception {
    eightWeeks();
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    evaluateUpTo(8 * 7 + 7 * 27);
    assertThat(harness.extractOutputValues().get(harness.extractOutputValues().size() - 1).level())
        .isEqualTo(GREEN);
    assertThat(
            ((org.apache.flink.runtime.state.AbstractKeyedStateBackend<?>)
                    harness.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries())
        .isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }
}
