package org.cityops.jobs.rain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityops.jobs.rain.RainFixtures.minutes;
import static org.cityops.jobs.rain.RainFixtures.sums;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RainLevelIncidentFunctionTest {
  private KeyedBroadcastOperatorTestHarness<String, RainSums, RainRuleChange, Incident> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness = harness(RainLevelRule.heavyRain(RainThresholds.alertaRio()), 0);
  }

  /** The function under a harness, starting with {@code rule} at {@code version}. */
  private static KeyedBroadcastOperatorTestHarness<String, RainSums, RainRuleChange, Incident>
      harness(RainLevelRule rule, long version) throws Exception {
    String id = rule.type() == IncidentType.SIREN_LEVEL ? "siren-level" : "heavy-rain";
    return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new RainLevelIncidentFunction(rule, id, version, RainThresholds.alertaRio()),
        RainSums::gaugeId,
        Types.STRING,
        RuleVersions.RULES);
  }

  private long keyedStateEntries() {
    return ((org.apache.flink.runtime.state.AbstractKeyedStateBackend<?>)
            harness.getOperator().getKeyedStateBackend())
        .numKeyValueStateEntries();
  }

  /** A new version of the heavy-rain rule: strong from {@code strongMm}, in force from a minute. */
  private static RainRuleChange heavyRain(long version, long fromMinute, double strongMm) {
    return new RainRuleChange(
        "heavy-rain",
        version,
        RainRuleChange.Detector.HEAVY_RAIN,
        minutes(fromMinute),
        "engineer",
        minutes(0),
        strongMm / 5,
        strongMm,
        2 * strongMm,
        null,
        null);
  }

  /** The rule and version an incident version names as its judge. */
  private static String judgedBy(Incident i) {
    return RuleVersions.judgedBy(i).orElseThrow();
  }

  @Test
  void aPushedVersionJudgesFromItsEffectiveTimeOnNotFromItsArrival() throws Exception {
    // it arrives first, but is in force only from minute 60
    harness.processBroadcastElement(heavyRain(1, 60, 20.0), 0);
    sum(30, 22.0); // strong only under version 1: not yet
    assertThat(incidents()).isEmpty();
    sum(60, 22.0);
    assertThat(incidents())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.severity()).isEqualTo(Severity.MODERATE);
              assertThat(judgedBy(i)).isEqualTo("heavy-rain v1");
            });
  }

  @Test
  void theHighestVersionInForceWinsWhateverOrderTheyCameIn() throws Exception {
    harness.processBroadcastElement(heavyRain(3, 0, 30.0), 0);
    harness.processBroadcastElement(heavyRain(2, 0, 20.0), 0); // older, pushed late: no effect
    sum(15, 22.0);
    assertThat(incidents()).isEmpty();
    sum(30, 31.0);
    assertThat(incidents())
        .singleElement()
        .extracting(RainLevelIncidentFunctionTest::judgedBy)
        .isEqualTo("heavy-rain v3");
  }

  @Test
  void theStartingRuleJudgesUntilAVersionAboveItIsInForce() throws Exception {
    harness.close();
    harness = harness(RainLevelRule.heavyRain(RainThresholds.alertaRio()), 5); // a file's v5
    harness.open();
    harness.processBroadcastElement(heavyRain(4, 0, 10.0), 0); // below the file's: ignored
    sum(15, 12.0);
    assertThat(incidents()).isEmpty();
    assertThat(harness.getBroadcastState(RuleVersions.RULES).entries()).isEmpty();
    sum(30, 25.1);
    assertThat(incidents())
        .singleElement()
        .extracting(RainLevelIncidentFunctionTest::judgedBy)
        .isEqualTo("heavy-rain v5");
  }

  @Test
  void aVersionThatCanNeverBeInForceAgainIsDroppedAndTheOtherDetectorsAreIgnored()
      throws Exception {
    harness.processBroadcastElement(heavyRain(1, 60, 20.0), 0);
    harness.processBroadcastElement(heavyRain(2, 30, 30.0), 0); // higher and earlier: v1 is dead
    harness.processBroadcastElement(
        new RainRuleChange(
            "siren-level",
            7,
            RainRuleChange.Detector.SIREN_LEVEL,
            minutes(0),
            "engineer",
            minutes(0),
            null,
            null,
            null,
            10.0,
            50.0),
        0);
    assertThat(harness.getBroadcastState(RuleVersions.RULES).entries())
        .extracting(java.util.Map.Entry::getKey)
        .containsExactly("HEAVY_RAIN/2");
    // pushed again with other thresholds: the first stays
    harness.processBroadcastElement(heavyRain(2, 30, 5.0), 0);
    sum(45, 25.1);
    assertThat(incidents()).isEmpty(); // v2's strong is 30
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void sum(long minute, double mm) throws Exception {
    RainSums h = sums("barrinha", minute, mm);
    harness.processElement(h, h.windowEnd().toEpochMilli());
  }

  private List<Incident> incidents() {
    return harness.extractOutputValues();
  }

  @Test
  void moderateRainRaisesNothing() throws Exception {
    sum(15, 5.0);
    sum(30, 25.0);
    assertThat(incidents()).isEmpty();
    assertThat(keyedStateEntries()).isZero();
  }

  @Test
  void strongRainOpensAModerateIncidentWithAStableId() throws Exception {
    sum(15, 25.1);
    Incident opened = incidents().get(0);
    assertThat(opened.incidentId())
        .isEqualTo("heavy_rain:barrinha:" + minutes(15).getEpochSecond());
    assertThat(opened.version()).isEqualTo(1);
    assertThat(opened.severity()).isEqualTo(Severity.MODERATE);
    assertThat(opened.status()).isEqualTo(IncidentStatus.ACTIVE_UNACK);
    assertThat(opened.area().center()).isEqualTo(RainFixtures.BARRINHA);
    assertThat(opened.evidence())
        .extracting(e -> e.signal(), e -> e.value(), e -> e.sourceId())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("rain_1h_peak_mm", 25.1, "barrinha"),
            org.assertj.core.groups.Tuple.tuple("rain_24h_mm", 25.1, "barrinha"),
            // the job's own settings judged it: version 0 of the heavy-rain rule
            org.assertj.core.groups.Tuple.tuple("rule_version", 0.0, "heavy-rain"));
    opened.validate();
  }

  @Test
  void escalatesAtOnceAndFallsBackOnlyAfterTheHold() throws Exception {
    sum(0, 30.0);
    sum(15, 91.2); // very strong: Severe, at once
    sum(30, 40.0); // strong again, hold of 30 min starts
    sum(45, 45.0);
    assertThat(incidents())
        .extracting(Incident::version, Incident::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, Severity.MODERATE),
            org.assertj.core.groups.Tuple.tuple(2L, Severity.SEVERE));
    sum(60, 35.0); // 30 min below Severe: falls back
    assertThat(incidents())
        .last()
        .satisfies(
            i -> {
              assertThat(i.version()).isEqualTo(3);
              assertThat(i.severity()).isEqualTo(Severity.MODERATE);
              assertThat(i.evidence())
                  .extracting(e -> e.value())
                  .containsExactly(91.2, 35.0, 35.0, 0.0);
            });
  }

  @Test
  void clearsAfterTheRainStayedBelowStrongForTheClearHoldAndForgetsTheGauge() throws Exception {
    sum(0, 55.0);
    sum(15, 10.0);
    sum(30, 30.0); // heavy again: the clear hold restarts
    sum(45, 4.0);
    sum(90, 2.0);
    assertThat(incidents()).hasSize(1);
    sum(105, 0.0); // 60 min below strong since 45
    Incident cleared = incidents().get(1);
    assertThat(cleared.status()).isEqualTo(IncidentStatus.CLEARED_UNACK);
    assertThat(cleared.version()).isEqualTo(2);
    assertThat(cleared.clearedAt()).isEqualTo(minutes(105));
    assertThat(cleared.incidentId()).isEqualTo(incidents().get(0).incidentId());
    assertThat(keyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    sum(120, 26.0); // a new storm is a new incident
    assertThat(incidents().get(2).incidentId()).isNotEqualTo(cleared.incidentId());
    assertThat(incidents().get(2).version()).isEqualTo(1);
  }

  @Test
  void aCorrectedSumForAnHourAlreadyPassedDoesNotMoveTheLifecycleBack() throws Exception {
    sum(15, 30.0);
    sum(30, 60.0);
    sum(15, 80.0); // re-emitted after a late reading
    assertThat(incidents()).extracting(Incident::version).containsExactly(1L, 2L);
    sum(45, 20.0);
    sum(105, 0.0); // cleared: the last version shows the corrected peak
    assertThat(incidents())
        .last()
        .satisfies(
            i -> {
              assertThat(i.status()).isEqualTo(IncidentStatus.CLEARED_UNACK);
              assertThat(i.evidence().get(0).value()).isEqualTo(80.0);
              assertThat(i.evidence().get(0).time()).isEqualTo(minutes(15));
            });
  }

  @Test
  void sirenLevelIsReachedByTheHourOrByTheDay() throws Exception {
    KeyedBroadcastOperatorTestHarness<String, RainSums, RainRuleChange, Incident> siren =
        harness(RainLevelRule.sirenLevel(RainThresholds.alertaRio()), 0);
    RainSums[] input = {
      sums("a", 15, 39.9, 39.9), // below both
      sums("a", 30, 40.0, 60.0), // 40 mm in an hour: sirens
      sums("b", 15, 12.0, 124.9),
      sums("b", 30, 10.0, 125.0) // a long wet day: 125 mm in 24 h
    };
    for (RainSums s : input) {
      siren.processElement(s, s.windowEnd().toEpochMilli());
    }
    assertThat(siren.extractOutputValues())
        .extracting(Incident::incidentId, Incident::severity, Incident::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "siren_level:a:" + minutes(30).getEpochSecond(),
                Severity.EXTREME,
                org.cityops.events.IncidentType.SIREN_LEVEL),
            org.assertj.core.groups.Tuple.tuple(
                "siren_level:b:" + minutes(30).getEpochSecond(),
                Severity.EXTREME,
                org.cityops.events.IncidentType.SIREN_LEVEL));
    siren.close();
  }
}
