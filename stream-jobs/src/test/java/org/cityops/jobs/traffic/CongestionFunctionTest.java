package org.cityops.jobs.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityops.jobs.traffic.TrafficFixtures.at;
import static org.cityops.jobs.traffic.TrafficFixtures.reading;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.assertj.core.groups.Tuple;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Severity;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RuleVersions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CongestionFunctionTest {
  private KeyedBroadcastOperatorTestHarness<String, DetectorReading, RainRuleChange, Incident>
      harness;

  private void start(Map<String, String> settings) throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new CongestionFunction(
                TrafficConfig.from(new Settings(settings)).congestion(),
                TrafficFixtures.LAYOUT.sites()),
            DetectorReading::detectorId,
            Types.STRING,
            RuleVersions.RULES);
    // the rule input is idle in the job: event time is the readings'
    harness.processBroadcastWatermark(Long.MAX_VALUE);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void speed(int n, Double kmh, double occ) throws Exception {
    DetectorReading r = reading("a", n, kmh == null ? 0 : 10, occ, kmh);
    harness.processElement(r, r.time().toEpochMilli());
  }

  private List<SegmentStatus> statuses() {
    var records = harness.getSideOutput(CongestionFunction.STATUS);
    return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void aLevelCountsOnceItHeldAndTheIncidentFallsBackOnlyAfterItsHolds() throws Exception {
    start(Map.of());
    // free flow is a's limit, 60 km/h: 25 km/h is congested, 10 km/h standstill
    speed(0, 58.0, 8);
    speed(1, 25.0, 30);
    speed(2, 25.0, 30);
    speed(3, 58.0, 8); // a slow platoon of two intervals raises nothing
    for (int n = 4; n < 7; n++) {
      speed(n, 25.0, 30);
    }
    for (int n = 7; n < 10; n++) {
      speed(n, 10.0, 70);
    }
    for (int n = 10; n < 22; n++) {
      speed(n, 58.0, 8);
    }
    harness.processWatermark(at(22).toEpochMilli());
    assertThat(harness.extractOutputValues())
        .extracting(Incident::version, Incident::severity, Incident::status, Incident::updatedAt)
        .containsExactly(
            Tuple.tuple(1L, Severity.MINOR, IncidentStatus.ACTIVE_UNACK, at(6)),
            Tuple.tuple(2L, Severity.MODERATE, IncidentStatus.ACTIVE_UNACK, at(9)),
            // free from 10: the normal spell lasts the 5 min clear hold at 20
            Tuple.tuple(3L, Severity.MODERATE, IncidentStatus.CLEARED_UNACK, at(20)));
    Incident first = harness.extractOutputValues().get(0);
    first.validate();
    assertThat(first.type()).isEqualTo(IncidentType.CONGESTION);
    assertThat(first.incidentId()).isEqualTo("congestion:a:" + at(6).getEpochSecond());
    assertThat(first.area().zone()).isNull();
    assertThat(first.evidence())
        .filteredOn(e -> !e.signal().equals(RuleVersions.RULE_VERSION))
        .allMatch(e -> e.sourceId().equals("a"));
    assertThat(RuleVersions.judgedBy(first)).contains("congestion v0");
    assertThat(statuses()).hasSize(22);
    assertThat(statuses().get(6).level()).isEqualTo(TrafficLevel.CONGESTED);
    assertThat(statuses().get(9).level()).isEqualTo(TrafficLevel.STANDSTILL);
    assertThat(statuses().get(10).level()).isEqualTo(TrafficLevel.FREE);
    assertThat(statuses().get(2).level()).isEqualTo(TrafficLevel.FREE);
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(TrafficFixtures.keyedStateEntries(harness)).isEqualTo(1);
  }

  @Test
  void nobodyPassingAFullDetectorIsAStandstillAndNobodyOnAnEmptyOneIsFree() throws Exception {
    start(Map.of());
    for (int n = 0; n < 3; n++) {
      speed(n, null, 0);
    }
    for (int n = 3; n < 6; n++) {
      speed(n, null, 85);
    }
    harness.processWatermark(at(6).toEpochMilli());
    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.severity()).isEqualTo(Severity.MODERATE);
              assertThat(i.updatedAt()).isEqualTo(at(5));
            });
  }

  @Test
  void theFreeFlowSpeedIsLearnedFromQuietReadings() throws Exception {
    start(Map.of());
    // the limit says 60, but this street runs at 45 when it is empty
    for (int n = 0; n < 70; n++) {
      speed(n, 45.0, 4);
    }
    for (int n = 70; n < 80; n++) {
      speed(n, 28.0, 20); // 0.62 of 45: slow, no incident (0.47 of 60 would be congested)
    }
    harness.processWatermark(at(80).toEpochMilli());
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(statuses().get(79).freeFlowKmh()).isEqualTo(45.0);
    assertThat(statuses().get(79).level()).isEqualTo(TrafficLevel.SLOW);
    assertThat(statuses().get(10).freeFlowKmh()).as("too few samples yet").isEqualTo(60.0);
    harness.close();

    start(Map.of("traffic.congestion.learn-free-flow", "false"));
    for (int n = 0; n < 70; n++) {
      speed(n, 45.0, 4);
    }
    for (int n = 70; n < 80; n++) {
      speed(n, 28.0, 20);
    }
    harness.processWatermark(at(80).toEpochMilli());
    assertThat(harness.extractOutputValues())
        .singleElement()
        .extracting(Incident::severity)
        .isEqualTo(Severity.MINOR);
  }

  @Test
  void aVersionPushedAtRunTimeJudgesReadingsFromItsEffectiveTimeOn() throws Exception {
    start(Map.of());
    // from interval 10, 0.7 of free flow is congested (was 0.5), 0.4 a standstill (was 0.25)
    harness.processBroadcastElement(
        RainRuleChange.congestion(
            "jams", 2, at(10), "eng", at(0), new RainRuleChange.CongestionLevels(0.9, 0.7, 0.4)),
        0);
    for (int n = 0; n < 20; n++) {
      speed(n, 40.0, 25); // 0.67 of a's 60 km/h: slow, then congested
    }
    harness.processWatermark(at(20).toEpochMilli());
    assertThat(statuses().get(9).level()).isEqualTo(TrafficLevel.SLOW);
    assertThat(statuses().get(12).level()).isEqualTo(TrafficLevel.CONGESTED);
    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            i -> {
              // three congested intervals in a row (10, 11, 12) raise it
              assertThat(i.openedAt()).isEqualTo(at(12));
              assertThat(i.severity()).isEqualTo(Severity.MINOR);
              assertThat(RuleVersions.judgedBy(i)).contains("jams v2");
            });
  }

  @Test
  void lateAndDuplicateReadingsAreDropped() throws Exception {
    start(Map.of());
    speed(1, 58.0, 8);
    speed(1, 5.0, 90);
    harness.processWatermark(at(1).toEpochMilli());
    speed(0, 5.0, 90);
    harness.processWatermark(at(2).toEpochMilli());
    assertThat(statuses())
        .extracting(SegmentStatus::time, SegmentStatus::speedKmh)
        .containsExactly(Tuple.tuple(at(1), 58.0));
  }
}
