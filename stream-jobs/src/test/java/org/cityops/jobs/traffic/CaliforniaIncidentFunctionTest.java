package org.cityops.jobs.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityops.jobs.traffic.TrafficFixtures.at;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.assertj.core.groups.Tuple;
import org.cityops.events.Evidence;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Severity;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RuleVersions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CaliforniaIncidentFunctionTest {
  private static final String PAIR = "a>b";
  private KeyedBroadcastOperatorTestHarness<String, PairReading, RainRuleChange, Incident> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness = harness(TrafficFixtures.CONFIG);
  }

  private static KeyedBroadcastOperatorTestHarness<String, PairReading, RainRuleChange, Incident>
      harness(TrafficConfig config) throws Exception {
    var harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new CaliforniaIncidentFunction(config.california(), TrafficFixtures.LAYOUT),
            PairReading::pairId,
            Types.STRING,
            RuleVersions.RULES);
    // the rule input is idle in the job: event time is the readings'
    harness.processBroadcastWatermark(Long.MAX_VALUE);
    return harness;
  }

  /** A traffic-incident rule version {@code version}, in force from interval {@code from}. */
  private void push(long version, int from, double occupancyDifference) throws Exception {
    harness.processBroadcastElement(
        RainRuleChange.trafficIncident(
            "queues",
            version,
            at(from),
            "eng",
            at(0),
            new RainRuleChange.California(occupancyDifference, 0.5, 0.3, 30.0, 0.4)),
        0);
  }

  /** The scenario of the first test: a queue builds at a from interval 6, evens out from 11. */
  private void queueFromSixToTen() throws Exception {
    for (int n = 0; n < 6; n++) {
      both(n, 10, 10);
    }
    both(6, 25, 4); // OCCDF 21
    both(7, 40, 4); // 36
    for (int n = 8; n < 11; n++) {
      both(n, 60, 3); // 57
    }
    for (int n = 11; n < 15; n++) {
      both(n, 10, 10);
    }
    watermark(15);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  /** Both detectors' readings of interval {@code n}. */
  private void both(int n, double upOcc, double downOcc) throws Exception {
    both(n, upOcc, downOcc, upOcc > 30 ? 8.0 : 55.0, 57.0);
  }

  private void both(int n, double upOcc, double downOcc, Double upSpeed, Double downSpeed)
      throws Exception {
    side(true, TrafficFixtures.reading("a", n, 10, upOcc, upSpeed));
    side(false, TrafficFixtures.reading("b", n, 10, downOcc, downSpeed));
  }

  private void side(boolean upstream, DetectorReading r) throws Exception {
    harness.processElement(new PairReading(PAIR, upstream, r), r.time().toEpochMilli());
  }

  private void watermark(int n) throws Exception {
    harness.processWatermark(at(n).toEpochMilli());
  }

  private List<Incident> out() {
    return harness.extractOutputValues();
  }

  private static double evidence(Incident i, String signal) {
    return i.evidence().stream()
        .filter(e -> e.signal().equals(signal))
        .mapToDouble(Evidence::value)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aQueueUpstreamAndThinTrafficDownstreamIsAnIncidentThatClearsWhenTheyEvenOut()
      throws Exception {
    for (int n = 0; n < 6; n++) {
      both(n, 10, 10);
    }
    both(6, 25, 4); // OCCDF 21, OCCRDF 0.84, DOCCTD 0.6: tentative
    both(7, 40, 4); // still: confirmed, dated from the tentative interval
    for (int n = 8; n < 11; n++) {
      both(n, 60, 3);
    }
    for (int n = 11; n < 15; n++) {
      both(n, 10, 10);
    }
    watermark(15);
    assertThat(out())
        .extracting(Incident::version, Incident::status, Incident::openedAt, Incident::updatedAt)
        .containsExactly(
            Tuple.tuple(1L, IncidentStatus.ACTIVE_UNACK, at(6), at(7)),
            Tuple.tuple(2L, IncidentStatus.CLEARED_UNACK, at(6), at(14)));
    Incident first = out().get(0);
    first.validate();
    assertThat(first.incidentId()).isEqualTo("traffic_incident:a>b:" + at(6).getEpochSecond());
    assertThat(first.type()).isEqualTo(IncidentType.TRAFFIC_INCIDENT);
    assertThat(first.severity()).isEqualTo(Severity.MODERATE);
    assertThat(first.area().zone()).isNull();
    assertThat(first.evidence()).extracting(Evidence::sourceId).contains(PAIR, "a", "b");
    // halfway between detectors 300 m apart
    assertThat(first.area().radiusM()).isCloseTo(150, org.assertj.core.data.Offset.offset(2.0));
    assertThat(evidence(first, "occdf")).isEqualTo(36);
    assertThat(evidence(first, "occrdf")).isEqualTo(0.9);
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(TrafficFixtures.keyedStateEntries(harness)).isEqualTo(1); // the phase; nothing waits
  }

  @Test
  void aVersionPushedAtRunTimeJudgesTheIntervalsFromItsEffectiveTimeOn() throws Exception {
    // from the start, OCCDF must reach 40 points: 21 (interval 6) no longer does; at 7 the
    // speed trigger fires instead (a filling at 8 km/h, b free), confirmed at 8
    push(2, 0, 40);
    queueFromSixToTen();
    assertThat(out())
        .extracting(Incident::version, Incident::openedAt, Incident::updatedAt)
        .containsExactly(Tuple.tuple(1L, at(7), at(8)), Tuple.tuple(2L, at(7), at(14)));
    assertThat(out()).allSatisfy(i -> assertThat(RuleVersions.judgedBy(i)).contains("queues v2"));
    out().forEach(Incident::validate);
  }

  @Test
  void aVersionInForceOnlyLaterLeavesTheEarlierIntervalsToTheStartingRule() throws Exception {
    push(2, 12, 40);
    queueFromSixToTen();
    assertThat(out())
        .extracting(Incident::version, Incident::openedAt, Incident::updatedAt)
        .containsExactly(Tuple.tuple(1L, at(6), at(7)), Tuple.tuple(2L, at(6), at(14)));
    assertThat(RuleVersions.judgedBy(out().get(0))).contains("traffic-incident v0");
    assertThat(RuleVersions.judgedBy(out().get(1))).contains("queues v2");
    // a lower version pushed after it, and another detector's rule, change nothing
    harness.processBroadcastElement(
        RainRuleChange.congestion(
            "jams", 9, at(0), "eng", at(0), new RainRuleChange.CongestionLevels(0.8, 0.5, 0.2)),
        0);
    assertThat(harness.getBroadcastState(RuleVersions.RULES).entries())
        .extracting(java.util.Map.Entry::getValue)
        .extracting(RainRuleChange::ruleId)
        .containsExactly("queues");
  }

  @Test
  void aCompressionWaveFromDownstreamSuppressesTheAlarmsOfItsDischarge() throws Exception {
    for (int n = 0; n < 6; n++) {
      both(n, 10, 10);
    }
    for (int n = 6; n < 10; n++) {
      both(n, n == 6 ? 10 : 50, 45); // a queue from further down reaches b first, then a
    }
    for (int n = 10; n < 14; n++) {
      both(n, 50, 8); // b discharges before a: looks like an incident, within the suppression
    }
    for (int n = 14; n < 20; n++) {
      both(n, 10, 10);
    }
    watermark(20);
    assertThat(out()).isEmpty();
  }

  @Test
  void aSingleIntervalSpikeIsNotConfirmed() throws Exception {
    for (int n = 0; n < 6; n++) {
      both(n, 10, 10);
    }
    both(6, 30, 4);
    for (int n = 7; n < 12; n++) {
      both(n, 10, 10);
    }
    watermark(12);
    assertThat(out()).isEmpty();
  }

  @Test
  void anIntervalWithOneSideMissingIsSkippedAndForgotten() throws Exception {
    for (int n = 0; n < 6; n++) {
      both(n, 10, 10);
    }
    side(true, TrafficFixtures.reading("a", 6, 10, 45, 9.0)); // b's reading was lost
    both(7, 10, 10);
    watermark(8);
    assertThat(out()).isEmpty();
    assertThat(TrafficFixtures.keyedStateEntries(harness)).isEqualTo(1);
    // a reading for an interval already judged is late
    side(false, TrafficFixtures.reading("b", 6, 10, 2, 57.0));
    watermark(9);
    assertThat(out()).isEmpty();
    assertThat(TrafficFixtures.keyedStateEntries(harness)).isEqualTo(1);
  }

  @Test
  void aQueueThatBuildsSlowlyIsConfirmedByPersistenceWithoutADownstreamDrop() throws Exception {
    for (int n = 0; n < 6; n++) {
      both(n, 4, 3); // light night traffic
    }
    both(6, 12, 3);
    both(7, 18, 3);
    both(8, 25, 3);
    both(9, 33, 3);
    watermark(10);
    assertThat(out())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.openedAt()).isEqualTo(at(6));
              assertThat(i.updatedAt()).isEqualTo(at(9));
            });
  }

  @Test
  void aSuddenSpeedDropAtAFillingDetectorIsTheSecondTrigger() throws Exception {
    for (int n = 0; n < 6; n++) {
      both(n, 10, 9, 58.0, 57.0);
    }
    // occupancy difference under 8 points, but speed fell from 58 to 20 with traffic free below
    both(6, 15, 9, 20.0, 57.0);
    both(7, 16, 9, 18.0, 56.0);
    watermark(8);
    assertThat(out()).singleElement().extracting(Incident::updatedAt).isEqualTo(at(7));

    harness.close();
    harness =
        harness(TrafficConfig.from(new Settings(Map.of("traffic.california.speed-drop", "0"))));
    harness.open();
    for (int n = 0; n < 6; n++) {
      both(n, 10, 9, 58.0, 57.0);
    }
    both(6, 15, 9, 20.0, 57.0);
    both(7, 16, 9, 18.0, 56.0);
    watermark(8);
    assertThat(out()).as("with the speed trigger off").isEmpty();
  }
}
