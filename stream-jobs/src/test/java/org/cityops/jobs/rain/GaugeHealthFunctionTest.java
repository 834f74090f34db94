package org.cityops.jobs.rain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityops.jobs.rain.RainFixtures.minutes;
import static org.cityops.jobs.rain.RainFixtures.rain;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.assertj.core.groups.Tuple;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.Reading;
import org.cityops.events.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GaugeHealthFunctionTest {
  private KeyedOneInputStreamOperatorTestHarness<String, Reading, Incident> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new GaugeHealthFunction(Duration.ofHours(1), 2), Reading::sensorId, Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void add(Reading r) throws Exception {
    harness.processElement(r, r.time().toEpochMilli());
  }

  private void watermarkAt(long minute) throws Exception {
    harness.processWatermark(minutes(minute).toEpochMilli());
  }

  private List<Incident> out() {
    return harness.extractOutputValues();
  }

  @Test
  void aSilentGaugeRaisesMaintenanceWhenTheSilenceGrowsTooLongAndClearsWhenItReportsAgain()
      throws Exception {
    add(rain("g", 15, 0.0));
    watermarkAt(15);
    watermarkAt(74);
    assertThat(out()).isEmpty();
    watermarkAt(80); // the last report was at 15: silent for an hour at 75
    assertThat(out())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.type()).isEqualTo(IncidentType.SENSOR_MAINTENANCE);
              assertThat(i.severity()).isEqualTo(Severity.MINOR);
              assertThat(i.updatedAt()).isEqualTo(minutes(75));
              assertThat(i.evidence().get(0).signal()).isEqualTo("silent_minutes");
              i.validate();
            });
    assertThat(harness.numEventTimeTimers()).isZero();
    add(rain("g", 90, 1.2));
    watermarkAt(90);
    assertThat(out())
        .extracting(Incident::version, Incident::status)
        .containsExactly(
            Tuple.tuple(1L, IncidentStatus.ACTIVE_UNACK),
            Tuple.tuple(2L, IncidentStatus.CLEARED_UNACK));
    assertThat(out().get(1).incidentId()).isEqualTo(out().get(0).incidentId());
    assertThat(harness.numEventTimeTimers()).isEqualTo(1); // the next silence check only
    assertThat(out().get(1).evidence().get(0).signal()).isEqualTo("reporting_again");
  }

  @Test
  void aLateReportFromBeforeTheSilenceWasDeclaredClearsItAtItsOpeningNotBefore() throws Exception {
    add(rain("g", 15, 0.0));
    watermarkAt(80); // silent since 15: the incident opens at 75
    assertThat(out())
        .singleElement()
        .satisfies(i -> assertThat(i.openedAt()).isEqualTo(minutes(75)));
    // a reading of 60, delayed on its way, arrives behind the watermark: the gauge was not silent
    // for an hour after all; the clearing version must not predate the opening (a version that did
    // once reached Kafka and every reader refused it: updatedAt before openedAt)
    add(rain("g", 60, 0.4));
    assertThat(out())
        .last()
        .satisfies(
            i -> {
              assertThat(i.status()).isEqualTo(IncidentStatus.CLEARED_UNACK);
              assertThat(i.updatedAt()).isEqualTo(minutes(75));
              assertThat(i.clearedAt()).isEqualTo(minutes(75));
              i.validate();
            });
  }

  @Test
  void aGaugeReportingRegularlyKeepsOneSilenceCheckThatFollowsItsNewestReport() throws Exception {
    for (int i = 1; i <= 12; i++) {
      add(rain("g", 15L * i, 0.2));
      watermarkAt(15L * i);
      // one check, not one per report of the last hour
      assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }
    assertThat(out()).isEmpty();
    watermarkAt(15L * 12 + 59);
    assertThat(out()).isEmpty();
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    // silent since 180: the check, moved on from report to report, fires at 240 exactly
    watermarkAt(300);
    assertThat(out())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.updatedAt()).isEqualTo(minutes(240));
              assertThat(i.evidence().get(0).signal()).isEqualTo("silent_minutes");
            });
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aReportAtTheInstantOfTheCheckIsJudgedBeforeIt() throws Exception {
    add(rain("g", 15, 0.2));
    watermarkAt(15); // check armed for 75
    add(rain("g", 75, 0.2)); // its timer is the check's instant
    watermarkAt(75);
    assertThat(out()).as("a report at 75 is not an hour's silence").isEmpty();
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    watermarkAt(134);
    assertThat(out()).isEmpty();
    watermarkAt(135);
    assertThat(out()).singleElement().extracting(Incident::updatedAt).isEqualTo(minutes(135));
  }

  @Test
  void reportsAreJudgedInEventTimeOrderWhateverTheirArrivalOrder() throws Exception {
    add(Reading.missingRain("g", minutes(45), RainFixtures.BARRINHA));
    add(rain("g", 15, 0.0));
    add(Reading.missingRain("g", minutes(30), RainFixtures.BARRINHA));
    assertThat(gaugesWithWaitingReports()).isEqualTo(1);
    watermarkAt(45);
    // in time order: value, missing, missing: opened at 45 by the second missing value
    assertThat(out())
        .singleElement()
        .satisfies(i -> assertThat(i.updatedAt()).isEqualTo(minutes(45)));
    assertThat(gaugesWithWaitingReports()).as("judged reports leave no state").isZero();
  }

  private long gaugesWithWaitingReports() {
    return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>)
            harness.getOperator().getKeyedStateBackend())
        .getKeys("waiting-reports", org.apache.flink.runtime.state.VoidNamespace.INSTANCE)
        .count();
  }

  @Test
  void missingValuesInARowRaiseMaintenanceAtTheSecond() throws Exception {
    add(rain("g", 15, 0.0));
    add(Reading.missingRain("g", minutes(30), RainFixtures.BARRINHA));
    watermarkAt(30);
    assertThat(out()).isEmpty();
    add(Reading.missingRain("g", minutes(45), RainFixtures.BARRINHA));
    watermarkAt(45);
    assertThat(out())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.updatedAt()).isEqualTo(minutes(45));
              assertThat(i.evidence().get(0).signal()).isEqualTo("missing_values_in_a_row");
              assertThat(i.evidence().get(0).value()).isEqualTo(2.0);
            });
    add(Reading.missingRain("g", minutes(60), RainFixtures.BARRINHA)); // still open: nothing new
    add(rain("g", 75, 0.4));
    watermarkAt(75);
    assertThat(out())
        .extracting(Incident::status)
        .containsExactly(IncidentStatus.ACTIVE_UNACK, IncidentStatus.CLEARED_UNACK);
  }

  @Test
  void theEndOfAFiniteInputIsNotSilence() throws Exception {
    add(rain("g", 15, 0.0));
    harness.processWatermark(Long.MAX_VALUE);
    assertThat(out()).isEmpty();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aReportBehindTheWatermarkAndOlderThanTheNewestIsIgnored() throws Exception {
    add(rain("g", 60, 0.0));
    watermarkAt(60);
    add(Reading.missingRain("g", minutes(30), RainFixtures.BARRINHA));
    add(Reading.missingRain("g", minutes(45), RainFixtures.BARRINHA));
    assertThat(out()).isEmpty();
    assertThat(harness.numEventTimeTimers()).isEqualTo(1); // the silence check of 60
  }

  @Test
  void aReportAfterATooLongGapRaisesAndClearsTheSilenceWhateverTheWatermark() throws Exception {
    add(rain("g", 15, 0.0));
    watermarkAt(15);
    add(rain("g", 135, 0.6)); // two hours later, before any watermark passed 75
    watermarkAt(74);
    harness.processWatermark(minutes(135).toEpochMilli()); // 75 and 135 fire in order
    assertThat(out())
        .extracting(Incident::version, Incident::status, Incident::updatedAt)
        .containsExactly(
            Tuple.tuple(1L, IncidentStatus.ACTIVE_UNACK, minutes(75)),
            Tuple.tuple(2L, IncidentStatus.CLEARED_UNACK, minutes(135)));
    watermarkAt(190); // silent again from 195 on, which is another story
    assertThat(out()).hasSize(2); // nothing fires twice
  }
}
