package org.cityops.jobs.rain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityops.jobs.rain.RainFixtures.minutes;
import static org.cityops.jobs.rain.RainFixtures.rain;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RollingRainSumFunctionTest {
  private KeyedOneInputStreamOperatorTestHarness<String, Reading, HourlyRain> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new RollingRainSumFunction(Duration.ofMinutes(30)), Reading::sensorId, Types.STRING);
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

  private List<Double> sums() {
    return harness.extractOutputValues().stream().map(HourlyRain::rain1hMm).toList();
  }

  @Test
  void sumsTheHourEndingAtEachReadingOnceTheWatermarkPassesIt() throws Exception {
    add(rain("g", 15, 10.0));
    add(rain("g", 30, 20.4));
    add(rain("g", 45, 30.6));
    add(rain("g", 60, 30.0));
    add(rain("g", 75, 0.2));
    assertThat(harness.extractOutputValues()).isEmpty();
    watermarkAt(75);
    // (t-1h, t]: the reading at 15 falls out of the hour ending at 75
    assertThat(sums()).containsExactly(10.0, 30.4, 61.0, 91.0, 81.2);
    assertThat(harness.extractOutputValues().get(3).samples()).isEqualTo(4);
    assertThat(harness.extractOutputValues().get(3).windowEnd()).isEqualTo(minutes(60));
  }

  @Test
  void outOfOrderReadingsWithinTheBoundAreSummedAsIfInOrder() throws Exception {
    add(rain("g", 30, 20.0));
    add(rain("g", 15, 10.0));
    add(rain("g", 45, 5.0));
    watermarkAt(45);
    assertThat(sums()).containsExactly(10.0, 30.0, 35.0);
  }

  @Test
  void lateReadingWithinAllowedLatenessCorrectsTheSumsItBelongsTo() throws Exception {
    add(rain("g", 15, 10.0));
    add(rain("g", 45, 5.0));
    watermarkAt(50);
    assertThat(sums()).containsExactly(10.0, 15.0);
    add(rain("g", 30, 20.0)); // 20 minutes behind the watermark, allowed is 30
    assertThat(sums()).containsExactly(10.0, 15.0, 30.0, 35.0);
    assertThat(harness.getSideOutput(RollingRainSumFunction.LATE)).isNull();
  }

  @Test
  void readingLaterThanAllowedIsRejectedAsLate() throws Exception {
    add(rain("g", 100, 1.0));
    watermarkAt(100);
    add(rain("g", 60, 50.0));
    assertThat(sums()).containsExactly(1.0);
    List<Rejected> late =
        harness.getSideOutput(RollingRainSumFunction.LATE).stream()
            .map(StreamRecord::getValue)
            .toList();
    assertThat(late)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason()).isEqualTo(RejectReason.LATE);
              assertThat(r.detail()).contains("2019-02-06T22:00:00Z").contains("PT30M");
              assertThat(r.payloadHead()).contains("\"rainMm\":50.0");
            });
  }

  @Test
  void duplicateReadingCountsOnce() throws Exception {
    add(rain("g", 15, 10.0));
    add(rain("g", 15, 10.0));
    add(rain("g", 15, 99.0)); // same time, other value: the first stays
    watermarkAt(15);
    assertThat(sums()).containsExactly(10.0);
  }

  @Test
  void missingValuesAreNotSummedAsZero() throws Exception {
    Reading missing =
        new Reading(
            "g",
            org.cityops.events.SensorKind.RAIN_GAUGE,
            minutes(30),
            RainFixtures.BARRINHA,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            org.cityops.events.Quality.MISSING);
    add(rain("g", 15, 10.0));
    add(missing);
    watermarkAt(30);
    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(h -> assertThat(h.samples()).isEqualTo(1));
  }

  @Test
  void gaugesAreSummedSeparately() throws Exception {
    add(rain("a", 15, 10.0));
    add(rain("b", 15, 1.0));
    watermarkAt(15);
    assertThat(harness.extractOutputValues())
        .extracting(HourlyRain::gaugeId, HourlyRain::rain1hMm)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("a", 10.0),
            org.assertj.core.groups.Tuple.tuple("b", 1.0));
  }

  @Test
  void stateAndTimersAreGoneOnceNoWindowCanChange() throws Exception {
    add(rain("g", 15, 10.0));
    add(rain("g", 30, 10.0));
    assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    watermarkAt(30);
    assertThat(harness.numKeyedStateEntries()).isPositive();
    // a later reading's timer evicts everything older than 1 h + 30 min before it
    add(rain("g", 130, 0.2));
    watermarkAt(130);
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numKeyedStateEntries()).isEqualTo(2); // the 130 sample and the location
    add(rain("g", 300, 0.2));
    watermarkAt(300);
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(sums()).endsWith(0.2, 0.2);
  }
}
