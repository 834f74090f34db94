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
import org.assertj.core.groups.Tuple;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RollingRainSumFunctionTest {
  private KeyedOneInputStreamOperatorTestHarness<String, Reading, RainSums> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new RollingRainSumFunction(Duration.ofMinutes(30), Duration.ofMinutes(15)),
            Reading::sensorId,
            Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void add(Reading r) throws Exception {
    harness.processElement(r, r.time().toEpochMilli());
  }

  private void addEvery15Minutes(String gauge, long fromMinute, double... values) throws Exception {
    for (int i = 0; i < values.length; i++) {
      add(rain(gauge, fromMinute + 15L * i, values[i]));
    }
  }

  private static Reading missing(String gauge, long minute) {
    return Reading.missingRain(gauge, minutes(minute), RainFixtures.BARRINHA);
  }

  private void watermarkAt(long minute) throws Exception {
    harness.processWatermark(minutes(minute).toEpochMilli());
  }

  private List<RainSums> out() {
    return harness.extractOutputValues();
  }

  private List<Double> sums1h() {
    return out().stream().map(RainSums::rain1hMm).toList();
  }

  private List<Rejected> rejected() {
    var side = harness.getSideOutput(RollingRainSumFunction.REJECTED);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void sumsEveryWindowEndingAtEachReadingOnceTheWatermarkPassesIt() throws Exception {
    addEvery15Minutes("g", 15, 10.0, 20.4, 30.6, 30.0, 0.2);
    assertThat(out()).isEmpty();
    watermarkAt(75);
    // (t - 1 h, t]: the reading at 15 falls out of the hour ending at 75
    assertThat(sums1h()).containsExactly(10.0, 30.4, 61.0, 91.0, 81.2);
    RainSums last = out().get(4);
    assertThat(last.windowEnd()).isEqualTo(minutes(75));
    assertThat(last.rain15mMm()).isEqualTo(0.2);
    assertThat(last.rain4hMm()).isEqualTo(91.2);
    assertThat(last.rain24hMm()).isEqualTo(91.2);
    assertThat(last.rain96hMm()).isEqualTo(91.2);
  }

  @Test
  void windowsReachingBeforeTheFirstReadingAreIncomplete() throws Exception {
    addEvery15Minutes("g", 15, 1.0, 1.0, 1.0, 1.0, 1.0);
    watermarkAt(75);
    assertThat(out())
        .extracting(RainSums::complete15m, RainSums::complete1h, RainSums::complete4h)
        .containsExactly(
            Tuple.tuple(true, false, false),
            Tuple.tuple(true, false, false),
            Tuple.tuple(true, false, false),
            Tuple.tuple(true, true, false), // four values: the hour ending at 60 is whole
            Tuple.tuple(true, true, false));
  }

  @Test
  void aMissingValueIsUnknownNotZeroAndFlagsEveryWindowHoldingIt() throws Exception {
    addEvery15Minutes("g", 15, 1.0, 1.0, 1.0, 1.0);
    add(missing("g", 75));
    addEvery15Minutes("g", 90, 2.0, 2.0, 2.0, 2.0);
    watermarkAt(150);
    RainSums atMissing = out().get(4);
    assertThat(atMissing.windowEnd()).isEqualTo(minutes(75));
    assertThat(atMissing.rain1hMm()).isEqualTo(3.0);
    assertThat(atMissing.complete15m()).isFalse();
    assertThat(atMissing.complete1h()).isFalse();
    RainSums hourLater = out().get(8); // (75, 135]: no longer holds the missing value
    assertThat(hourLater.windowEnd()).isEqualTo(minutes(135));
    assertThat(hourLater.rain1hMm()).isEqualTo(8.0);
    assertThat(hourLater.complete1h()).isTrue();
  }

  @Test
  void aGapLeavesTheWindowsOverItIncomplete() throws Exception {
    addEvery15Minutes("g", 15, 1.0, 1.0, 1.0, 1.0);
    add(rain("g", 90, 1.0)); // nothing at 75
    watermarkAt(90);
    assertThat(out().get(4).complete1h()).isFalse();
    assertThat(out().get(4).rain1hMm()).isEqualTo(3.0);
  }

  @Test
  void outOfOrderReadingsWithinTheBoundAreSummedAsIfInOrder() throws Exception {
    add(rain("g", 30, 20.0));
    add(rain("g", 15, 10.0));
    add(rain("g", 45, 5.0));
    watermarkAt(45);
    assertThat(sums1h()).containsExactly(10.0, 30.0, 35.0);
  }

  @Test
  void lateReadingWithinAllowedLatenessCorrectsEveryWindowItBelongsTo() throws Exception {
    add(rain("g", 15, 10.0));
    add(rain("g", 45, 5.0));
    watermarkAt(50);
    assertThat(sums1h()).containsExactly(10.0, 15.0);
    add(rain("g", 30, 20.0)); // 20 minutes behind the watermark, allowed is 30
    assertThat(sums1h()).containsExactly(10.0, 15.0, 30.0, 35.0);
    assertThat(out().get(3).rain24hMm()).isEqualTo(35.0);
    assertThat(rejected()).isEmpty();
  }

  @Test
  void readingLaterThanAllowedIsRejectedAsLate() throws Exception {
    add(rain("g", 100, 1.0));
    watermarkAt(100);
    add(rain("g", 60, 50.0));
    assertThat(sums1h()).containsExactly(1.0);
    assertThat(rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason()).isEqualTo(RejectReason.LATE);
              assertThat(r.detail()).contains("2019-02-06T22:00:00Z").contains("PT30M");
              assertThat(r.payloadHead()).contains("\"rainMm\":50.0");
            });
  }

  @Test
  void exactDuplicateCountsOnceAndAConflictingOneIsFlagged() throws Exception {
    add(rain("g", 15, 10.0));
    add(rain("g", 15, 10.0));
    add(rain("g", 15, 99.0));
    watermarkAt(15);
    assertThat(sums1h()).containsExactly(10.0);
    assertThat(rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason()).isEqualTo(RejectReason.CONFLICTING_DUPLICATE);
              assertThat(r.detail()).contains("10.0 mm").contains("kept that");
            });
  }

  @Test
  void aValueForATimeReportedMissingFillsTheGap() throws Exception {
    add(missing("g", 15));
    add(rain("g", 15, 4.0));
    watermarkAt(15);
    assertThat(out())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.rain15mMm()).isEqualTo(4.0);
              assertThat(s.complete15m()).isTrue();
            });
    assertThat(rejected()).isEmpty();
  }

  @Test
  void gaugesAreSummedSeparately() throws Exception {
    add(rain("a", 15, 10.0));
    add(rain("b", 15, 1.0));
    watermarkAt(15);
    assertThat(out())
        .extracting(RainSums::gaugeId, RainSums::rain1hMm)
        .containsExactlyInAnyOrder(Tuple.tuple("a", 10.0), Tuple.tuple("b", 1.0));
  }

  @Test
  void the96HourWindowRemembersFourDaysAndThenStateAndTimersAreGone() throws Exception {
    add(rain("g", 15, 10.0));
    add(rain("g", 30, 10.0));
    assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    watermarkAt(30);
    long fourDays = Duration.ofHours(96).toMinutes();
    add(rain("g", fourDays, 0.2)); // (0, 96 h]: both early readings still inside
    watermarkAt(fourDays);
    assertThat(out().get(2).rain96hMm()).isEqualTo(20.2);
    assertThat(out().get(2).rain24hMm()).isEqualTo(0.2);
    add(rain("g", fourDays + 60, 0.2));
    watermarkAt(fourDays + 60);
    assertThat(out().get(3).rain96hMm()).isEqualTo(0.4);
    // a late reading for minute 15 is now beyond the allowed lateness and rejected
    add(rain("g", 15, 10.0));
    assertThat(rejected()).extracting(Rejected::reason).containsExactly(RejectReason.LATE);
    // the gauge falls silent: 96 h + 30 min after its newest sample, nothing of it is left
    assertThat(harness.numKeyedStateEntries()).isEqualTo(3); // samples, location, clean-up time
    assertThat(harness.numEventTimeTimers()).isEqualTo(1); // the clean-up timer
    watermarkAt(fourDays + 60 + fourDays + 30);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(out()).hasSize(4); // clean-up emits nothing
  }

  @Test
  void aReadingOnTheInstantOfTheCleanUpTimerIsStillSummed() throws Exception {
    long retention = Duration.ofHours(96).plusMinutes(30).toMinutes();
    add(rain("g", 15, 1.0));
    watermarkAt(15); // the clean-up timer is set for 15 + 96 h 30 min
    add(rain("g", 30, 1.0));
    watermarkAt(30);
    add(rain("g", 15 + retention, 2.0)); // a reading on that very instant
    watermarkAt(15 + retention + 15);
    assertThat(out())
        .extracting(RainSums::windowEnd)
        .containsExactly(minutes(15), minutes(30), minutes(15 + retention));
    assertThat(out().get(2).rain96hMm()).isEqualTo(2.0); // (45 min, ...]: only itself
  }

  /**
   * A savepoint from before {@link RainSamples} holds each gauge's samples in the map state
   * "rain-by-time": the first reading of the gauge after the upgrade finds them and sums them.
   */
  @Test
  void samplesKeptInTheOldMapStateAreSummedAndMovedOver() throws Exception {
    var backend = harness.getOperator().getKeyedStateBackend();
    backend.setCurrentKey("g");
    org.apache.flink.api.common.state.MapState<Long, Double> legacy =
        backend.getPartitionedState(
            org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
            org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE,
            new org.apache.flink.api.common.state.MapStateDescriptor<>(
                "rain-by-time", Types.LONG, Types.DOUBLE));
    legacy.put(minutes(15).toEpochMilli(), 1.0);
    legacy.put(minutes(30).toEpochMilli(), 2.0);
    legacy.put(minutes(45).toEpochMilli(), Double.NaN); // reported missing
    watermarkAt(45);
    add(rain("g", 60, 4.0));
    watermarkAt(60);
    RainSums sums = out().get(0);
    assertThat(sums.windowEnd()).isEqualTo(minutes(60));
    assertThat(sums.rain1hMm()).isEqualTo(7.0); // 1 + 2 + 4; the missing value is not zero...
    assertThat(sums.complete1h()).isFalse(); // ...it makes the hour incomplete
    backend.setCurrentKey("g");
    assertThat(legacy.isEmpty()).isTrue();
    assertThat(harness.numKeyedStateEntries()).isEqualTo(3); // samples, location, clean-up time
  }
}
