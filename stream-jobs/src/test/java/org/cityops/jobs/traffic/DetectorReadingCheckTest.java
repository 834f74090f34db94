package org.cityops.jobs.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cityops.events.GeoPoint;
import org.cityops.events.Quality;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.events.SensorKind;
import org.junit.jupiter.api.Test;

class DetectorReadingCheckTest {

  private static Reading loop(String id, Double speed, Double flow, Double occ, Quality q) {
    return new Reading(
        id,
        SensorKind.TRAFFIC_LOOP,
        TrafficFixtures.T0,
        new GeoPoint(-22.9, -43.2),
        null,
        null,
        speed,
        flow,
        occ,
        null,
        null,
        null,
        q);
  }

  @Test
  void badReadingsAreRejectedWithAReasonAndGoodOnesPass() throws Exception {
    OneInputStreamOperatorTestHarness<Reading, DetectorReading> harness =
        ProcessFunctionTestHarnesses.forProcessFunction(
            new DetectorReadingCheck(TrafficFixtures.LAYOUT.sites().keySet()));
    List<Reading> in =
        List.of(
            loop("a", 55.0, 12.0, 8.0, Quality.OK),
            loop("a", -3.0, 12.0, 8.0, Quality.OK),
            loop("a", 55.0, 12.0, 100.5, Quality.OK),
            loop("a", 55.0, -1.0, 8.0, Quality.OK),
            loop("a", 55.0, 12.0, Double.NaN, Quality.OK),
            loop("a", null, null, null, Quality.OK),
            loop("zz-unknown", 55.0, 12.0, 8.0, Quality.OK),
            loop("b", null, null, null, Quality.MISSING),
            Reading.rain("gauge-1", TrafficFixtures.T0, new GeoPoint(-22.9, -43.2), 3.0),
            loop("b", null, 0.0, 0.0, Quality.OK));
    for (Reading r : in) {
      harness.processElement(r, r.time().toEpochMilli());
    }
    assertThat(harness.extractOutputValues())
        .containsExactly(
            new DetectorReading("a", TrafficFixtures.T0, 12, 8, 55.0),
            new DetectorReading("b", TrafficFixtures.T0, 0, 0, null));
    List<Rejected> rejected =
        harness.getSideOutput(DetectorReadingCheck.REJECTED).stream()
            .map(org.apache.flink.streaming.runtime.streamrecord.StreamRecord::getValue)
            .toList();
    assertThat(rejected)
        .extracting(Rejected::reason)
        .containsExactly(
            RejectReason.OUT_OF_RANGE,
            RejectReason.OUT_OF_RANGE,
            RejectReason.OUT_OF_RANGE,
            RejectReason.OUT_OF_RANGE,
            RejectReason.INVALID_FIELD,
            RejectReason.UNKNOWN_SENSOR);
    assertThat(rejected.get(0).detail()).contains("speedKmh -3.0");
    assertThat(rejected.get(1).detail()).contains("occupancyPct 100.5 is outside 0 to 100");
    assertThat(rejected.get(2).detail()).contains("flowVehicles -1.0");
    assertThat(rejected.get(3).detail()).contains("occupancyPct NaN");
    assertThat(rejected.get(5).detail()).contains("zz-unknown is not in the traffic layout");
    for (Rejected r : rejected) {
      r.validate();
      assertThat(r.source()).startsWith("city.readings:");
    }
    harness.close();
  }
}
