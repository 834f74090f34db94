package org.cityops.jobs.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cityops.events.Area;
import org.cityops.events.CityStage;
import org.cityops.events.Evidence;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.Severity;
import org.cityops.jobs.common.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CityStageFunctionTest {
  private static final Instant T0 = Instant.parse("2019-02-06T21:00:00Z");
  private KeyedOneInputStreamOperatorTestHarness<String, Incident, CityStage> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new CityStageFunction(StageRules.from(new Settings(Map.of()))),
            i -> CityStageFunction.CITY,
            Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private static Instant minutes(int m) {
    return T0.plus(Duration.ofMinutes(m));
  }

  private void incident(
      String id, IncidentType type, long v, Severity s, int minute, boolean active)
      throws Exception {
    harness.processElement(
        new Incident(
            id,
            type,
            new Area(new GeoPoint(-22.9, -43.2), 1_000, null),
            s,
            active ? IncidentStatus.ACTIVE_UNACK : IncidentStatus.CLEARED_UNACK,
            List.of(new Evidence("rain_1h_mm", "g", minutes(minute), 30, "mm")),
            v,
            T0,
            minutes(minute),
            active ? null : minutes(minute)),
        minutes(minute).toEpochMilli());
  }

  private void rain(String id, long v, Severity s, int minute, boolean active) throws Exception {
    incident(id, IncidentType.HEAVY_RAIN, v, s, minute, active);
  }

  private void watermark(int minute) throws Exception {
    harness.processWatermark(new Watermark(minutes(minute).toEpochMilli()));
  }

  private List<String> stages() {
    return harness.extractOutputValues().stream().map(c -> c.stage() + "@" + c.since()).toList();
  }

  @Test
  void theStageRisesAtOnceAndFallsOnlyAfterTheHold() throws Exception {
    rain("a", 1, Severity.MODERATE, 0, true);
    watermark(0);
    assertThat(stages()).containsExactly("2@" + minutes(0));
    rain("a", 2, Severity.SEVERE, 15, true);
    rain("b", 1, Severity.SEVERE, 15, true);
    rain("c", 1, Severity.SEVERE, 20, true);
    watermark(20);
    assertThat(stages()).containsExactly("2@" + minutes(0), "3@" + minutes(15), "4@" + minutes(20));
    assertThat(harness.extractOutputValues().get(2).reason())
        .isEqualTo("3 active incident(s) at severe or above (stage 4 needs 3)");

    rain("c", 2, Severity.SEVERE, 30, false); // two Severe left: stage 3 is called for
    watermark(89);
    assertThat(stages()).hasSize(3);
    watermark(90);
    assertThat(stages()).last().isEqualTo("3@" + minutes(90));
    assertThat(harness.extractOutputValues().get(3).activeIncidents()).isEqualTo(2);
  }

  @Test
  void aShortLullDoesNotLowerTheStage() throws Exception {
    rain("a", 1, Severity.SEVERE, 0, true);
    rain("a", 2, Severity.MODERATE, 10, true);
    rain("a", 3, Severity.SEVERE, 40, true);
    watermark(300);
    assertThat(stages()).containsExactly("3@" + minutes(0));
  }

  @Test
  void arrivalOrderDoesNotMatterAndGaugeMaintenanceDoesNotCount() throws Exception {
    // the clearing of b (minute 20) arrives before b's opening (minute 5)
    rain("b", 2, Severity.SEVERE, 20, false);
    rain("a", 1, Severity.EXTREME, 10, true);
    rain("b", 1, Severity.EXTREME, 5, true);
    incident("sensor_maintenance:g", IncidentType.SENSOR_MAINTENANCE, 1, Severity.EXTREME, 6, true);
    watermark(30);
    assertThat(stages()).containsExactly("3@" + minutes(5), "5@" + minutes(10));
  }

  @Test
  void whenEverythingClearsTheCityReturnsToNormalAndOnlyTheStageIsKept() throws Exception {
    rain("a", 1, Severity.MODERATE, 0, true);
    rain("a", 2, Severity.MODERATE, 30, false);
    watermark(30);
    assertThat(stages()).containsExactly("2@" + minutes(0));
    watermark(90);
    assertThat(stages()).containsExactly("2@" + minutes(0), "1@" + minutes(90));
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1); // the published stage
  }
}
