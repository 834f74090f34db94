package org.cityops.jobs.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityops.jobs.traffic.TrafficFixtures.at;
import static org.cityops.jobs.traffic.TrafficFixtures.free;
import static org.cityops.jobs.traffic.TrafficFixtures.reading;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.assertj.core.groups.Tuple;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DetectorHealthFunctionTest {
  private KeyedOneInputStreamOperatorTestHarness<String, DetectorReading, DetectorReading> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new DetectorHealthFunction(4, Duration.ofMinutes(10), TrafficFixtures.LAYOUT.sites()),
            DetectorReading::detectorId,
            Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void add(DetectorReading r) throws Exception {
    harness.processElement(r, r.time().toEpochMilli());
  }

  private void watermark(int n) throws Exception {
    harness.processWatermark(at(n).toEpochMilli());
  }

  private List<Incident> maintenance() {
    var records = harness.getSideOutput(DetectorHealthFunction.MAINTENANCE);
    return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void aDetectorRepeatingItsValuesIsStuckItsReadingsAreHeldBackAndItClearsWhenTheyChange()
      throws Exception {
    add(free("a", 0));
    for (int n = 1; n <= 6; n++) {
      add(reading("a", n, 20, 35.5, 21.0));
    }
    add(free("a", 7));
    watermark(7);
    // intervals 1 to 3 pass (not yet known to be stuck); 4 makes the run of 4; 5, 6 are held
    assertThat(harness.extractOutputValues())
        .extracting(DetectorReading::time)
        .containsExactly(at(0), at(1), at(2), at(3), at(7));
    assertThat(maintenance())
        .extracting(Incident::version, Incident::status, Incident::updatedAt)
        .containsExactly(
            Tuple.tuple(1L, IncidentStatus.ACTIVE_UNACK, at(4)),
            Tuple.tuple(2L, IncidentStatus.CLEARED_UNACK, at(7)));
    Incident opened = maintenance().get(0);
    assertThat(opened.type()).isEqualTo(IncidentType.SENSOR_MAINTENANCE);
    assertThat(opened.area().zone()).isEqualTo("a");
    assertThat(opened.evidence().get(0).signal()).isEqualTo("identical_readings_in_a_row");
    assertThat(opened.evidence().get(0).value()).isEqualTo(4);
    opened.validate();
  }

  @Test
  void anEmptyRoadMayRepeatItselfAllNightAndAStandingQueueToo() throws Exception {
    for (int n = 0; n < 40; n++) {
      add(reading("b", n, 0, 0, null));
    }
    // a jam over the loop: nobody passes, the loop is covered all the time (the demo found this)
    for (int n = 40; n < 60; n++) {
      add(reading("b", n, 0, 100, null));
    }
    watermark(60);
    assertThat(harness.extractOutputValues()).hasSize(60);
    assertThat(maintenance()).isEmpty();
  }

  @Test
  void aSilentDetectorRaisesMaintenanceButTheEndOfTheInputIsNotSilence() throws Exception {
    add(free("c", 0));
    watermark(0);
    watermark(19); // 9.5 min
    assertThat(maintenance()).isEmpty();
    watermark(21);
    assertThat(maintenance())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.updatedAt()).isEqualTo(at(20));
              assertThat(i.evidence().get(0).signal()).isEqualTo("silent_minutes");
            });
    add(free("c", 30));
    watermark(30);
    assertThat(maintenance()).extracting(Incident::status).endsWith(IncidentStatus.CLEARED_UNACK);
    assertThat(harness.extractOutputValues()).extracting(DetectorReading::time).contains(at(30));
    harness.processWatermark(Long.MAX_VALUE);
    assertThat(maintenance()).hasSize(2);
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aLateReadingFromBeforeTheSilenceWasDeclaredClearsItAtItsOpeningNotBefore() throws Exception {
    add(free("c", 0));
    watermark(21); // silent since 0: the incident opens at interval 20 (10 min)
    assertThat(maintenance())
        .singleElement()
        .satisfies(i -> assertThat(i.openedAt()).isEqualTo(at(20)));
    // a reading of interval 14, delayed on its way (another partition moved event time on), arrives
    // behind the watermark: the detector was not silent after all; the clearing version must not
    // predate the opening (one that did reached Kafka in a test and every reader refused it)
    add(free("c", 14));
    assertThat(maintenance())
        .last()
        .satisfies(
            i -> {
              assertThat(i.status()).isEqualTo(IncidentStatus.CLEARED_UNACK);
              assertThat(i.updatedAt()).isEqualTo(at(20));
              assertThat(i.clearedAt()).isEqualTo(at(20));
              i.validate();
            });
  }

  @Test
  void lateAndDuplicateReadingsAreDroppedAndNothingWaitsOnceJudged() throws Exception {
    add(free("a", 2));
    add(reading("a", 2, 99, 99, 1.0)); // same time: the first one counts
    add(free("a", 1)); // earlier, still ahead of the watermark: judged in order
    watermark(2);
    add(free("a", 0)); // behind the watermark and older than the last judged
    watermark(3);
    assertThat(harness.extractOutputValues())
        .extracting(DetectorReading::time, DetectorReading::flow)
        .containsExactly(Tuple.tuple(at(1), 13.0), Tuple.tuple(at(2), 14.0));
    // only the silence check of the newest reading remains
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
  }
}
