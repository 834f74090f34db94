package org.cityops.jobs.flooding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.cityops.events.CitizenReport;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.RainRuleChange;
import org.cityops.events.ReportCategory;
import org.cityops.events.Severity;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RainSums;
import org.cityops.jobs.rain.RuleVersions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UrbanFloodingFunctionTest {
  private static final Instant T0 = Instant.parse("2019-02-06T21:00:00Z");

  /** Praça da Bandeira, which floods in every storm. */
  private static final GeoPoint BANDEIRA = new GeoPoint(-22.9115, -43.2130);

  // defaults: 3 reporters within 500 m and 30 min; clear after 2 h; rain within 3 km, 25.1 mm/h
  private final FloodingConfig config = FloodingConfig.from(new Settings(Map.of()));
  private KeyedBroadcastOperatorTestHarness<String, CellSignal, RainRuleChange, Incident> harness;

  /**
   * The rain's way to the cells, as in the job: strong rain to its regions (with its own copy of
   * the rules), where it waits for the cells that hear reports.
   */
  private BroadcastOperatorTestHarness<RainSums, RainRuleChange, RainRegionSignal> rainToRegions;

  private KeyedOneInputStreamOperatorTestHarness<String, RainRegionSignal, CellSignal> regions;

  /** Whether each signal the helpers send also moves the watermark to its time. */
  private boolean advanceWatermark = true;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new UrbanFloodingFunction(config), CellSignal::cell, Types.STRING, RuleVersions.RULES);
    rainToRegions =
        ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
            new StrongRainToRegions(config, 0), RuleVersions.RULES);
    regions =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new RainForReportedCells(config), RainRegionSignal::region, Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
    rainToRegions.close();
    regions.close();
  }

  /** Event time reaches {@code t} on both inputs, the rain regions first (as upstream). */
  private void watermark(long t) throws Exception {
    regions.processWatermark(t);
    passRainToCells();
    harness.processWatermark(t);
    harness.processBroadcastWatermark(t);
  }

  /** A rule version pushed at run time, as both operators get it. */
  private void push(RainRuleChange change) throws Exception {
    harness.processBroadcastElement(change, change.pushedAt().toEpochMilli());
    rainToRegions.processBroadcastElement(change, change.pushedAt().toEpochMilli());
  }

  private long keyedStateEntries() {
    return ((org.apache.flink.runtime.state.AbstractKeyedStateBackend<?>)
            harness.getOperator().getKeyedStateBackend())
        .numKeyValueStateEntries();
  }

  private static Instant minutes(long m) {
    return T0.plusSeconds(60 * m);
  }

  /** A report {@code northM} metres north and {@code eastM} east of Praça da Bandeira. */
  private void report(String id, String reporter, long minute, double northM, double eastM)
      throws Exception {
    GeoPoint at =
        new GeoPoint(
            BANDEIRA.lat() + northM / 111_320,
            BANDEIRA.lon() + eastM / (111_320 * Math.cos(Math.toRadians(BANDEIRA.lat()))));
    CitizenReport r =
        new CitizenReport(
            id, ReportCategory.FLOODING, minutes(minute), at, "rua alagada", null, reporter);
    List<CellSignal> signals = new ArrayList<>();
    new FloodReportsToCells(config).flatMap(r, collector(signals));
    ReportedCellsToRegions toRegions = new ReportedCellsToRegions(config);
    for (CellSignal s : signals) {
      harness.processElement(s, r.time().toEpochMilli());
      regions.processElement(toRegions.map(s), r.time().toEpochMilli());
    }
    passRainToCells();
    if (advanceWatermark) {
      watermark(r.time().toEpochMilli());
    }
  }

  private void rain(String gauge, long minute, GeoPoint at, double mm1h) throws Exception {
    RainSums sums =
        new RainSums(
            gauge, at, minutes(minute), 0, mm1h, mm1h, mm1h, mm1h, true, true, true, true, true);
    rainToRegions.processElement(sums, sums.windowEnd().toEpochMilli());
    List<RainRegionSignal> signals = rainToRegions.extractOutputValues();
    rainToRegions.getOutput().clear();
    for (RainRegionSignal s : signals) {
      regions.processElement(s, sums.windowEnd().toEpochMilli());
    }
    passRainToCells();
    if (advanceWatermark) {
      watermark(sums.windowEnd().toEpochMilli());
    }
  }

  /** What the rain regions sent so far, to the cells. */
  private void passRainToCells() throws Exception {
    List<CellSignal> rain = regions.extractOutputValues();
    regions.getOutput().clear();
    for (CellSignal s : rain) {
      harness.processElement(s, s.time().toEpochMilli());
    }
  }

  private static <T> Collector<T> collector(List<T> into) {
    return new Collector<>() {
      @Override
      public void collect(T record) {
        into.add(record);
      }

      @Override
      public void close() {}
    };
  }

  private List<Incident> incidents() {
    return harness.extractOutputValues();
  }

  @Test
  void threeResidentsCloseTogetherMakeAnIncidentTwoDoNot() throws Exception {
    report("r1", "ana", 0, 0, 0);
    report("r2", "bia", 5, 120, -80);
    assertThat(incidents()).isEmpty();
    report("r3", "caio", 10, -150, 60);
    Incident opened = incidents().get(0);
    assertThat(opened.type()).isEqualTo(IncidentType.URBAN_FLOODING);
    assertThat(opened.severity()).isEqualTo(Severity.MODERATE);
    assertThat(opened.incidentId())
        .startsWith("urban_flooding:")
        .endsWith(":" + minutes(10).getEpochSecond());
    assertThat(opened.area().center().distanceMetresTo(BANDEIRA)).isLessThan(100);
    assertThat(opened.evidence())
        .extracting(e -> e.signal(), e -> e.value())
        .containsExactly(
            tuple("reporters", 3.0), tuple("confidence", 0.6), tuple("rule_version", 0.0));
    assertThat(RuleVersions.judgedBy(opened)).contains("urban-flooding v0");
    opened.validate();
    assertThat(incidents()).hasSize(1);
  }

  private static RainRuleChange flooding(long version, long fromMinute, int reporters, double mm) {
    return RainRuleChange.urbanFlooding(
        "urban-flooding",
        version,
        minutes(fromMinute),
        "eng",
        T0.minusSeconds(3600),
        new RainRuleChange.UrbanFlooding(reporters, mm));
  }

  @Test
  void aRulePushedAtRunTimeJudgesFromItsEffectiveTimeOnBothTheCrowdAndTheRain() throws Exception {
    // from minute 20: two residents are enough, and 10 mm/h corroborates
    push(flooding(2, 20, 2, 10));
    push(flooding(2, 20, 2, 10)); // delivered twice
    // a lower version pushed late, in force only after v2 is: never in force, dropped
    push(flooding(1, 30, 9, 100));
    // before minute 20 the starting rule (3 reporters, 25.1 mm) judges: two are a rumour
    report("r1", "ana", 0, 0, 0);
    report("r2", "bia", 5, 120, -80);
    rain("tijuca", 6, BANDEIRA, 12);
    assertThat(incidents()).isEmpty();
    // at minute 25, two residents at another spot of the street make an incident under v2
    report("r3", "caio", 25, 900, 0);
    report("r4", "duda", 27, 950, 40);
    List<Incident> opened = incidents();
    assertThat(opened).singleElement().satisfies(i -> assertThat(i.version()).isEqualTo(1));
    assertThat(RuleVersions.judgedBy(opened.get(0))).contains("urban-flooding v2");
    assertThat(opened.get(0).severity()).isEqualTo(Severity.MODERATE);
    // 12 mm/h was not strong under the starting rule at minute 6; at minute 28 it is
    rain("tijuca", 28, BANDEIRA, 12);
    assertThat(incidents())
        .last()
        .satisfies(
            i -> {
              assertThat(i.severity()).isEqualTo(Severity.SEVERE);
              assertThat(i.evidence())
                  .extracting(e -> e.signal(), e -> e.sourceId(), e -> e.value())
                  .contains(
                      tuple("rain_1h_mm", "tijuca", 12.0),
                      tuple("rule_version", "urban-flooding", 2.0));
            });
    assertThat(harness.getBroadcastState(RuleVersions.RULES).entries())
        .extracting(e -> e.getValue().version())
        .containsExactly(2L);
  }

  @Test
  void oneResidentReportingManyTimesOrARedeliveryIsNotACrowd() throws Exception {
    report("r1", "ana", 0, 0, 0);
    report("r1", "ana", 0, 0, 0); // redelivered
    report("r2", "ana", 5, 50, 0);
    report("r3", "ana", 10, 0, 50);
    report("r4", "bia", 12, 0, 0);
    assertThat(incidents()).isEmpty();
  }

  @Test
  void reportsTooFarApartInSpaceOrTimeDoNotCluster() throws Exception {
    report("r1", "ana", 0, 0, 0);
    report("r2", "bia", 5, 900, 0); // 900 m away
    report("r3", "caio", 45, 0, 0); // 45 min later
    assertThat(incidents()).isEmpty();
  }

  @Test
  void aClusterAcrossACellBorderIsFoundOnce() throws Exception {
    // 400 m apart east-west: with 500 m cells they straddle a border wherever it falls
    report("r1", "ana", 0, 0, -200);
    report("r2", "bia", 1, 0, 200);
    report("r3", "caio", 2, 0, 0);
    assertThat(incidents()).hasSize(1);
  }

  @Test
  void strongRainNearbyCorroboratesBeforeOrAfterTheReports() throws Exception {
    report("r1", "ana", 0, 0, 0);
    report("r2", "bia", 5, 0, 0);
    report("r3", "caio", 10, 0, 0);
    rain("tijuca", 15, new GeoPoint(-22.93, -43.22), 44.0); // ~2.2 km away
    rain("far-away", 15, new GeoPoint(-23.0, -43.6), 80.0);
    assertThat(incidents())
        .extracting(Incident::version, Incident::severity, i -> i.evidence().get(1).value())
        .containsExactly(tuple(1L, Severity.MODERATE, 0.6), tuple(2L, Severity.SEVERE, 0.9));
    assertThat(incidents().get(1).evidence().get(2).sourceId()).isEqualTo("tijuca");
  }

  /**
   * The job's two inputs interleave as they like: the gauge's later, weaker hour arriving first
   * must not hide the strong hour that backs the reports (once a flake of the job test).
   */
  @Test
  void theResultDoesNotDependOnArrivalOrder() throws Exception {
    GeoPoint tijuca = new GeoPoint(-22.93, -43.22);
    watermark(minutes(-1).toEpochMilli());
    advanceWatermark = false;
    rain("tijuca", 200, tijuca, 30.0);
    report("r3", "caio", 10, 0, 0);
    rain("tijuca", 12, tijuca, 44.0);
    report("r2", "bia", 5, 0, 0);
    report("r1", "ana", 0, 0, 0);
    assertThat(incidents()).isEmpty(); // nothing before the watermark passes
    watermark(minutes(11).toEpochMilli());
    assertThat(incidents())
        .extracting(Incident::version, Incident::severity)
        .containsExactly(tuple(1L, Severity.MODERATE));
    watermark(minutes(12).toEpochMilli());
    assertThat(incidents())
        .extracting(Incident::version, Incident::severity)
        .containsExactly(tuple(1L, Severity.MODERATE), tuple(2L, Severity.SEVERE));
    // late rain is taken at once; it adds nothing to an incident already corroborated
    advanceWatermark = true;
    rain("tijuca", 1, tijuca, 90.0);
    assertThat(incidents()).hasSize(2);
  }

  @Test
  void moreReportersRaiseTheConfidenceAndQuietClearsItAndTheCellForgets() throws Exception {
    report("r1", "ana", 0, 0, 0);
    report("r2", "bia", 5, 0, 0);
    report("r3", "caio", 10, 0, 0);
    report("r4", "duda", 20, 30, 30);
    report("r5", "duda", 25, 30, 30); // same person again: no new version
    assertThat(incidents())
        .extracting(Incident::version, i -> i.evidence().get(0).value())
        .containsExactly(tuple(1L, 3.0), tuple(2L, 4.0));
    watermark(minutes(25 + 120).toEpochMilli());
    assertThat(incidents())
        .last()
        .extracting(Incident::status, Incident::clearedAt)
        .containsExactly(IncidentStatus.CLEARED_UNACK, minutes(25 + 120));
    assertThat(keyedStateEntries()).isZero();
  }

  @Test
  void aGrowingCrowdMakesAVersionWhileTheConfidenceRisesThenOnlyEachTimeItDoubles()
      throws Exception {
    for (int i = 0; i < 40; i++) {
      report("crowd-" + i, "person-" + i, i / 4, (i % 5) * 20, (i / 5) * 20);
    }
    assertThat(incidents())
        .extracting(i -> i.evidence().get(0).value())
        .as("reporters of each version")
        .containsExactly(3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 16.0, 32.0);
    assertThat(incidents())
        .extracting(Incident::version)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    // what is held counts everyone: quiet clears it with the whole crowd
    watermark(minutes(10 + 120).toEpochMilli());
    assertThat(incidents())
        .last()
        .satisfies(
            i -> {
              assertThat(i.status()).isEqualTo(IncidentStatus.CLEARED_UNACK);
              assertThat(i.evidence().get(0).value()).isEqualTo(40.0);
            });
  }
}
