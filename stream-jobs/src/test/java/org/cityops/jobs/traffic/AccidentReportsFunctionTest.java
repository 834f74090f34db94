package org.cityops.jobs.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.assertj.core.groups.Tuple;
import org.cityops.events.CitizenReport;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.RainRuleChange;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.events.ReportCategory;
import org.cityops.jobs.common.RoadSettings;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RuleVersions;
import org.cityops.roads.Segment;
import org.cityops.roads.SyntheticRoads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccidentReportsFunctionTest {
  private static final Instant T0 = Instant.parse("2026-03-02T11:00:00Z");
  private static final GeoPoint MIDDLE =
      SyntheticRoads.demoCity().segment("101:59-60").pointAt(0.5);
  private KeyedBroadcastOperatorTestHarness<String, StretchReport, RainRuleChange, Incident>
      harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new AccidentReportsFunction(TrafficFixtures.CONFIG.reports()),
            StretchReport::stretchId,
            Types.STRING,
            RuleVersions.RULES);
    // the rule input is idle in the job: event time is the reports'
    harness.processBroadcastWatermark(Long.MAX_VALUE);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void report(String id, String reporter, int minute) throws Exception {
    StretchReport r =
        new StretchReport("101:59~60", MIDDLE, 150, id, reporter, T0.plusSeconds(60L * minute));
    harness.processElement(r, r.time().toEpochMilli());
  }

  private void watermark(int minute) throws Exception {
    harness.processWatermark(T0.plusSeconds(60L * minute).toEpochMilli());
  }

  @Test
  void independentReportersRaiseConfidenceAndSilenceClearsIt() throws Exception {
    report("r1", "ana", 0);
    report("r1", "ana", 0); // the same report delivered twice
    report("r2", "ana", 3); // the same person again
    watermark(5);
    assertThat(harness.extractOutputValues()).isEmpty();
    report("r3", "bia", 6);
    report("r4", "caio", 9);
    watermark(10);
    assertThat(harness.extractOutputValues())
        .extracting(Incident::version, i -> i.evidence().get(0).value(), Incident::updatedAt)
        .containsExactly(
            Tuple.tuple(1L, 2.0, T0.plusSeconds(360)), Tuple.tuple(2L, 3.0, T0.plusSeconds(540)));
    Incident first = harness.extractOutputValues().get(0);
    first.validate();
    assertThat(first.type()).isEqualTo(IncidentType.TRAFFIC_INCIDENT);
    assertThat(first.openedAt()).isEqualTo(T0);
    assertThat(first.evidence())
        .extracting(e -> e.signal())
        .containsExactly("reporters", "confidence", RuleVersions.RULE_VERSION);
    assertThat(first.evidence().get(1).value()).isEqualTo(0.75);
    assertThat(first.area().zone()).isNull();
    assertThat(first.evidence())
        .filteredOn(e -> !e.signal().equals(RuleVersions.RULE_VERSION))
        .allMatch(e -> e.sourceId().equals("101:59~60"));
    assertThat(RuleVersions.judgedBy(first)).contains("accident-reports v0");
    // no report for 30 min after the last (minute 9): cleared at 39
    watermark(38);
    assertThat(harness.extractOutputValues()).hasSize(2);
    watermark(40);
    assertThat(harness.extractOutputValues().get(2).status())
        .isEqualTo(IncidentStatus.CLEARED_UNACK);
    assertThat(harness.extractOutputValues().get(2).clearedAt()).isEqualTo(T0.plusSeconds(39 * 60));
    assertThat(TrafficFixtures.keyedStateEntries(harness)).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aVersionPushedAtRunTimeCountsTheReportsFromItsEffectiveTimeOn() throws Exception {
    // from minute 10 three residents are needed (two before)
    harness.processBroadcastElement(
        RainRuleChange.accidentReports(
            "crowd", 2, T0.plusSeconds(600), "eng", T0, new RainRuleChange.AccidentReports(3)),
        0);
    report("r1", "ana", 0);
    report("r2", "bia", 1); // two, under the starting rule: an incident
    report("r3", "ana", 20);
    report("r4", "bia", 21); // two again, under version 2: not yet
    watermark(22);
    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(i -> assertThat(RuleVersions.judgedBy(i)).contains("accident-reports v0"));
    watermark(60); // the first one clears (30 min after minute 1), the window of the others passes
    report("r5", "ana", 61);
    report("r6", "bia", 62);
    report("r7", "caio", 63); // three: an incident under version 2
    watermark(64);
    assertThat(harness.extractOutputValues())
        .extracting(Incident::status, Incident::openedAt, i -> RuleVersions.judgedBy(i).orElse(""))
        .containsExactly(
            Tuple.tuple(IncidentStatus.ACTIVE_UNACK, T0, "accident-reports v0"),
            Tuple.tuple(IncidentStatus.CLEARED_UNACK, T0, "crowd v2"),
            Tuple.tuple(IncidentStatus.ACTIVE_UNACK, T0.plusSeconds(61 * 60), "crowd v2"));
  }

  @Test
  void reportersTooFarApartInTimeDoNotAddUpAndAreForgotten() throws Exception {
    report("r1", "ana", 0);
    report("r2", "bia", 25); // the window is 20 min
    watermark(30);
    assertThat(harness.extractOutputValues()).isEmpty();
    watermark(50);
    assertThat(TrafficFixtures.keyedStateEntries(harness)).isZero();
  }

  @Test
  void reportsAreOnTheNearestRoadOrRefused() throws Exception {
    RoadSettings roads = RoadSettings.from(new Settings(Map.of()));
    OneInputStreamOperatorTestHarness<CitizenReport, StretchReport> placing =
        ProcessFunctionTestHarnesses.forProcessFunction(new ReportsToStretches(roads, 60));
    Segment s = roads.network().segment("101:60-59");
    GeoPoint beside = new GeoPoint(s.pointAt(0.3).lat() - 25 / 111_195.0, s.pointAt(0.3).lon());
    GeoPoint field = new GeoPoint(s.pointAt(0.5).lat() + 500 / 111_195.0, s.pointAt(0.5).lon());
    for (CitizenReport r :
        List.of(
            new CitizenReport("a", ReportCategory.ACCIDENT, T0, beside, "batida", null, "ana"),
            new CitizenReport("b", ReportCategory.ROAD_BLOCKED, T0, beside, null, null, "bia"),
            new CitizenReport("c", ReportCategory.ACCIDENT, T0, field, "no campo", null, "caio"),
            new CitizenReport("d", ReportCategory.FLOODING, T0, beside, "água", null, "duda"))) {
      placing.processElement(r, T0.toEpochMilli());
    }
    assertThat(placing.extractOutputValues())
        .extracting(StretchReport::reportId, StretchReport::stretchId)
        .containsExactly(Tuple.tuple("a", "101:59~60"), Tuple.tuple("b", "101:59~60"));
    List<Rejected> rejected =
        placing.getSideOutput(ReportsToStretches.REJECTED).stream()
            .map(StreamRecord::getValue)
            .toList();
    assertThat(rejected)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
              assertThat(r.source()).isEqualTo("city.reports:c");
              assertThat(r.detail()).contains("no road within 60 m");
            });
    placing.close();
    assertThat(Duration.ofMinutes(20)).isEqualTo(TrafficFixtures.CONFIG.reports().window());
  }
}
