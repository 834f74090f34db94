package org.cityops.jobs.rain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityops.jobs.rain.RainFixtures.minutes;
import static org.cityops.jobs.rain.RainFixtures.sums;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RainLevelIncidentFunctionTest {
  private KeyedOneInputStreamOperatorTestHarness<String, RainSums, Incident> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new RainLevelIncidentFunction(
                RainLevelRule.heavyRain(RainThresholds.alertaRio()), RainThresholds.alertaRio()),
            RainSums::gaugeId,
            Types.STRING);
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
    assertThat(harness.numKeyedStateEntries()).isZero();
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
            org.assertj.core.groups.Tuple.tuple("rain_24h_mm", 25.1, "barrinha"));
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
              assertThat(i.evidence()).extracting(e -> e.value()).containsExactly(91.2, 35.0, 35.0);
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
    assertThat(harness.numKeyedStateEntries()).isZero();
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
    KeyedOneInputStreamOperatorTestHarness<String, RainSums, Incident> siren =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new RainLevelIncidentFunction(
                RainLevelRule.sirenLevel(RainThresholds.alertaRio()), RainThresholds.alertaRio()),
            RainSums::gaugeId,
            Types.STRING);
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
