package org.cityops.jobs.landslide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Severity;
import org.cityops.jobs.rain.RainSums;
import org.cityops.jobs.rain.RuleVersions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LandslideRiskFunctionTest {
  private static final Instant T0 = Instant.parse("2019-02-06T21:00:00Z");
  private static final GeoPoint ALTO = new GeoPoint(-22.958, -43.278);
  private static final ZoneRef ZONE = new ZoneRef("28", "Alto da Boa Vista", ALTO, 2_600);

  private KeyedBroadcastOperatorTestHarness<String, ZoneSignal, RainRuleChange, Incident> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new LandslideRiskFunction(LandslideThresholds.defaults(), "landslide-risk", 1),
            ZoneSignal::zoneId,
            Types.STRING,
            RuleVersions.RULES);
  }

  private long keyedStateEntries() {
    return ((org.apache.flink.runtime.state.AbstractKeyedStateBackend<?>)
            harness.getOperator().getKeyedStateBackend())
        .numKeyValueStateEntries();
  }

  /** Both inputs' watermark. */
  private void watermark(Instant at) throws Exception {
    harness.processWatermark(at.toEpochMilli());
    harness.processBroadcastWatermark(at.toEpochMilli());
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private static Instant minutes(long m) {
    return T0.plusSeconds(60 * m);
  }

  private void rain(String gauge, long minute, double mm1h, double mm24h, double mm96h)
      throws Exception {
    RainSums sums =
        new RainSums(
            gauge,
            ALTO,
            minutes(minute),
            0,
            mm1h,
            mm1h,
            mm24h,
            mm96h,
            true,
            true,
            true,
            true,
            true);
    harness.processElement(
        ZoneSignal.of(new ZonedRain(ZONE, sums)), sums.windowEnd().toEpochMilli());
    watermark(sums.windowEnd());
  }

  private void rain(long minute, double mm1h) throws Exception {
    rain("alto", minute, mm1h, mm1h, mm1h);
  }

  private void gauge(String gauge, long minute, boolean down) throws Exception {
    harness.processElement(
        ZoneSignal.of(new GaugeStatus(ZONE, gauge, minutes(minute), down)),
        minutes(minute).toEpochMilli());
    watermark(minutes(minute));
  }

  private List<Incident> incidents() {
    return harness.extractOutputValues();
  }

  private List<ZoneRisk> risks() {
    var queue = harness.getSideOutput(LandslideRiskFunction.ZONE_RISK);
    return queue == null ? List.of() : queue.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void lightRainIsLowAndLeavesNoState() throws Exception {
    rain(0, 2);
    rain(15, 9.9);
    assertThat(incidents()).isEmpty();
    assertThat(risks()).isEmpty();
    assertThat(keyedStateEntries()).isZero();
  }

  @Test
  void anHourOfTenMillimetresMakesTheZoneMediumWithAStableId() throws Exception {
    rain(15, 10);
    Incident opened = incidents().get(0);
    assertThat(opened.incidentId()).isEqualTo("landslide_risk:28:" + minutes(15).getEpochSecond());
    assertThat(opened.type()).isEqualTo(IncidentType.LANDSLIDE_RISK);
    assertThat(opened.severity()).isEqualTo(Severity.MODERATE);
    assertThat(opened.area().zone()).isEqualTo("Alto da Boa Vista");
    assertThat(opened.area().radiusM()).isEqualTo(2_600);
    assertThat(opened.evidence())
        .extracting(e -> e.signal(), e -> e.sourceId(), e -> e.value())
        .containsExactly(
            tuple("landslide_level", "28", 1.0),
            tuple("rain_1h_mm", "alto", 10.0),
            tuple("rain_24h_mm", "alto", 10.0),
            tuple("rain_96h_mm", "alto", 10.0),
            tuple("rule_version", "landslide-risk", 1.0));
    opened.validate();
    assertThat(risks())
        .containsExactly(
            new ZoneRisk("28", "Alto da Boa Vista", minutes(15), LandslideLevel.MEDIUM, false));
  }

  @Test
  void aVersionPushedAtRunTimeClassifiesFromItsEffectiveTimeAndNamesItself() throws Exception {
    RainRuleChange.Bounds high = new RainRuleChange.Bounds(30.0, 100.0, 175.0);
    RainRuleChange.Bounds veryHigh = new RainRuleChange.Bounds(50.0, 175.0, 250.0);
    // version 2: medium from 5 mm in an hour (was 10), in force from minute 30
    harness.processBroadcastElement(
        RainRuleChange.landslide(
            "landslide-risk",
            2,
            minutes(30),
            "geo",
            T0,
            new RainRuleChange.LandslideLevels(
                new RainRuleChange.Bounds(5.0, 50.0, 100.0), high, veryHigh)),
        T0.toEpochMilli());
    // neither an old version, nor another detector's rule, changes anything
    harness.processBroadcastElement(
        RainRuleChange.landslide(
            "landslide-risk",
            1,
            minutes(0),
            "geo",
            T0,
            new RainRuleChange.LandslideLevels(
                new RainRuleChange.Bounds(1.0, 50.0, 100.0), high, veryHigh)),
        T0.toEpochMilli());
    harness.processBroadcastElement(
        new RainRuleChange(
            "heavy-rain",
            9,
            RainRuleChange.Detector.HEAVY_RAIN,
            minutes(0),
            "geo",
            T0,
            1.0,
            2.0,
            3.0,
            null,
            null),
        T0.toEpochMilli());
    rain(15, 8); // before version 2: low under version 1
    assertThat(incidents()).isEmpty();
    rain(30, 8); // version 2 in force: medium
    assertThat(incidents())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.openedAt()).isEqualTo(minutes(30));
              assertThat(i.severity()).isEqualTo(Severity.MODERATE);
              assertThat(RuleVersions.judgedBy(i)).contains("landslide-risk v2");
            });
    assertThat(harness.getBroadcastState(RuleVersions.RULES).entries())
        .extracting(e -> e.getKey())
        .containsExactly("LANDSLIDE_RISK/2");
  }

  @Test
  void fourWetDaysAloneMakeItVeryHigh() throws Exception {
    rain("alto", 0, 0.4, 60, 251);
    assertThat(incidents()).extracting(Incident::severity).containsExactly(Severity.EXTREME);
    assertThat(risks()).extracting(ZoneRisk::level).containsExactly(LandslideLevel.VERY_HIGH);
  }

  @Test
  void risesAtOnceFallsAfterTheHoldClearsAfterTheClearHoldAndForgetsTheZone() throws Exception {
    rain(0, 12); // medium
    rain(15, 55); // very high, at once
    rain(30, 35); // high: the one-hour downgrade hold starts
    rain(75, 35); // 45 min: still very high
    rain(90, 35); // 60 min: high
    rain(105, 1); // low: the two-hour clear hold starts
    rain(210, 1);
    assertThat(keyedStateEntries()).isPositive();
    rain(225, 1); // two hours of low: clear
    assertThat(incidents())
        .extracting(Incident::version, Incident::severity, Incident::status, Incident::updatedAt)
        .containsExactly(
            tuple(1L, Severity.MODERATE, IncidentStatus.ACTIVE_UNACK, minutes(0)),
            tuple(2L, Severity.EXTREME, IncidentStatus.ACTIVE_UNACK, minutes(15)),
            tuple(3L, Severity.SEVERE, IncidentStatus.ACTIVE_UNACK, minutes(90)),
            tuple(4L, Severity.SEVERE, IncidentStatus.CLEARED_UNACK, minutes(225)));
    assertThat(incidents())
        .extracting(Incident::incidentId)
        .containsOnly(incidents().get(0).incidentId());
    assertThat(risks())
        .extracting(ZoneRisk::at, ZoneRisk::level)
        .containsExactly(
            tuple(minutes(0), LandslideLevel.MEDIUM),
            tuple(minutes(15), LandslideLevel.VERY_HIGH),
            tuple(minutes(90), LandslideLevel.HIGH),
            tuple(minutes(225), LandslideLevel.LOW));
    assertThat(keyedStateEntries()).isZero();
  }

  @Test
  void aBlindZoneIsMarkedDegradedAndItsIncidentNeitherFallsNorClears() throws Exception {
    rain(0, 31); // high
    gauge("alto", 15, true); // the gauge goes silent
    rain(15, 0); // (a stale low sum arriving while down changes nothing)
    rain(300, 0);
    assertThat(incidents())
        .extracting(Incident::version, Incident::severity, Incident::status)
        .containsExactly(
            tuple(1L, Severity.SEVERE, IncidentStatus.ACTIVE_UNACK),
            tuple(2L, Severity.SEVERE, IncidentStatus.ACTIVE_UNACK));
    assertThat(incidents().get(1).evidence())
        .anySatisfy(e -> assertThat(e.signal()).isEqualTo("gauges_down"));
    gauge("alto", 315, false); // back: the hold counts from now
    rain(330, 0);
    rain(435, 0);
    assertThat(incidents()).hasSize(3);
    rain(450, 0);
    assertThat(incidents())
        .extracting(Incident::version, Incident::status)
        .endsWith(tuple(4L, IncidentStatus.CLEARED_UNACK));
    assertThat(risks())
        .extracting(ZoneRisk::level, ZoneRisk::degraded)
        .containsExactly(
            tuple(LandslideLevel.HIGH, false),
            tuple(LandslideLevel.HIGH, true),
            tuple(LandslideLevel.HIGH, false),
            tuple(LandslideLevel.LOW, false));
    assertThat(keyedStateEntries()).isZero();
  }

  @Test
  void aBlindCalmZoneIsDegradedNotLow() throws Exception {
    gauge("alto", 0, true);
    assertThat(risks())
        .containsExactly(
            new ZoneRisk("28", "Alto da Boa Vista", minutes(0), LandslideLevel.LOW, true));
    assertThat(incidents()).isEmpty();
    gauge("alto", 30, false);
    assertThat(risks()).extracting(ZoneRisk::degraded).containsExactly(true, false);
    assertThat(keyedStateEntries()).isZero();
  }

  @Test
  void aLateSumFromAnotherGaugeNeverDatesAVersionBeforeTheIncidentOpened() throws Exception {
    rain("alto", 60, 12, 12, 12); // medium, opened at minute 60
    // another gauge of the zone, 30 minutes behind and arriving after the watermark passed it:
    // a very wet hour that raises the zone
    RainSums late =
        new RainSums("tijuca", ALTO, minutes(30), 0, 60, 60, 60, 60, true, true, true, true, true);
    harness.processElement(ZoneSignal.of(new ZonedRain(ZONE, late)), minutes(30).toEpochMilli());
    assertThat(incidents())
        .extracting(Incident::version, Incident::openedAt, Incident::updatedAt)
        .containsExactly(tuple(1L, minutes(60), minutes(60)), tuple(2L, minutes(60), minutes(60)));
    assertThat(incidents().get(1).severity()).isGreaterThan(incidents().get(0).severity());
    incidents().forEach(Incident::validate); // updatedAt never precedes openedAt
  }

  @Test
  void inputsAreJudgedInEventTimeOrderWhateverTheirArrival() throws Exception {
    // sums run hours ahead of gauge health, as in a backtest: nothing is judged before the
    // watermark, then the gauge's outage at minute 15 comes before the sums of minute 15
    for (long m : new long[] {0, 15, 30}) {
      RainSums sums =
          new RainSums("alto", ALTO, minutes(m), 0, 31, 31, 31, 31, true, true, true, true, true);
      harness.processElement(ZoneSignal.of(new ZonedRain(ZONE, sums)), minutes(m).toEpochMilli());
    }
    harness.processElement(
        ZoneSignal.of(new GaugeStatus(ZONE, "alto", minutes(15), true)),
        minutes(15).toEpochMilli());
    assertThat(incidents()).isEmpty();
    watermark(minutes(30));
    assertThat(incidents())
        .extracting(Incident::version, Incident::updatedAt)
        .containsExactly(tuple(1L, minutes(0)), tuple(2L, minutes(15)));
    assertThat(risks())
        .extracting(ZoneRisk::at, ZoneRisk::degraded)
        .containsExactly(tuple(minutes(0), false), tuple(minutes(15), true));
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void theWettestGaugeOfAZoneSetsItsLevel() throws Exception {
    rain("north", 0, 32, 32, 32); // high
    rain("south", 0, 11, 11, 11); // medium
    rain("north", 15, 0, 32, 32); // north low, south medium: the downgrade hold starts
    rain("north", 30, 0, 5, 5);

    rain("south", 30, 11, 11, 11);
    assertThat(incidents()).extracting(Incident::severity).containsExactly(Severity.SEVERE);
    rain("north", 90, 0, 5, 5); // an hour below high: down to medium (south keeps it there)
    assertThat(incidents())
        .extracting(Incident::severity)
        .containsExactly(Severity.SEVERE, Severity.MODERATE);
    assertThat(
            incidents().get(1).evidence().stream()
                .filter(e -> e.signal().equals("rain_1h_mm"))
                .map(e -> e.sourceId())
                .filter(Objects::nonNull)
                .toList())
        .containsExactly("south");
  }

  /**
   * The zone's level at an instant comes from all its gauges then: taking them one by one would
   * open the incident at the first gauge's level and raise it again at the same instant (two
   * versions, two warnings, for one moment of rain).
   */
  @Test
  void allGaugesOfAnInstantMakeOneVersion() throws Exception {
    for (String[] gauge : new String[][] {{"a-medium", "11"}, {"b-high", "32"}, {"c-low", "2"}}) {
      double mm = Double.parseDouble(gauge[1]);
      RainSums sums =
          new RainSums(gauge[0], ALTO, minutes(0), 0, mm, mm, mm, mm, true, true, true, true, true);
      harness.processElement(ZoneSignal.of(new ZonedRain(ZONE, sums)), minutes(0).toEpochMilli());
    }
    watermark(minutes(0));
    assertThat(incidents())
        .extracting(Incident::version, Incident::severity, Incident::updatedAt)
        .containsExactly(tuple(1L, Severity.SEVERE, minutes(0)));
    assertThat(
            incidents().get(0).evidence().stream()
                .filter(e -> e.signal().equals("rain_1h_mm"))
                .map(e -> e.sourceId())
                .toList())
        .containsExactly("b-high");
    assertThat(risks())
        .extracting(ZoneRisk::at, ZoneRisk::level)
        .containsExactly(tuple(minutes(0), LandslideLevel.HIGH));
  }
}
