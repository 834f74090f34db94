package org.cityops.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
import org.apache.kafka.common.record.RecordBatch;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.junit.jupiter.api.Test;

/**
 * Watermarks of parsed readings, per partition. A backlog of readings hours old, appended to Kafka
 * now behind a malformed record: the malformed record (stamped with its append time, having no
 * event time of its own) must not move event time past the backlog. A partition whose readings have
 * stopped follows the input-activity clock (a {@link ManualClock} here) up to its newest reading,
 * never beyond, then goes idle.
 */
class ParsedWatermarksTest {
  private static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");
  private static final Duration BOUND = Duration.ofMinutes(2);
  private static final Duration IDLENESS = Duration.ofMinutes(5);

  private final ManualClock clock = new ManualClock();
  private final WatermarkStrategy<ParsedReading> strategy = ParsedWatermarks.live(BOUND, IDLENESS);
  private final WatermarkGenerator<ParsedReading> generator =
      strategy.createWatermarkGenerator(context(clock));
  private final TimestampAssigner<ParsedReading> timestamps =
      strategy.createTimestampAssigner(
          new TimestampAssignerSupplier.Context() {
            @Override
            public org.apache.flink.metrics.MetricGroup getMetricGroup() {
              return new UnregisteredMetricsGroup();
            }
          });
  private final EmittedWatermarks output = new EmittedWatermarks();

  @Test
  void aMalformedRecordMovesNoEventTimeAndTheBacklogBehindItIsOnTime() {
    ParsedReading malformed =
        ParsedReading.parse("{\"sensorId\": not json".getBytes(StandardCharsets.UTF_8), 0);
    assertThat(malformed.isEvent()).isFalse();
    read(malformed, NOW);
    Instant threeHoursAgo = NOW.minus(Duration.ofHours(3));
    ParsedReading old = reading(threeHoursAgo);
    read(old, NOW);
    generator.onPeriodicEmit(output);
    // the backlog's own time, less the bound: its next readings (minutes apart) are on time
    assertThat(output.emitted).containsExactly(threeHoursAgo.minus(BOUND).toEpochMilli() - 1);
    // the rejection keeps its append time, for the dead-letter record
    assertThat(timestamps.extractTimestamp(malformed, NOW.toEpochMilli()))
        .isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void readingsMoveEventTimeAsTheirOwnTimesSay() {
    read(reading(NOW.minusSeconds(600)), NOW);
    read(reading(NOW.minusSeconds(900)), NOW); // out of order, within the bound
    generator.onPeriodicEmit(output);
    assertThat(output.emitted)
        .containsExactly(NOW.minusSeconds(600).minus(BOUND).toEpochMilli() - 1);
  }

  @Test
  void whileReadingsComeTheWatermarkIsTheNewestLessTheBound() {
    for (int step = 0; step < 5; step++) {
      read(reading(NOW.plusSeconds(60L * step)), NOW);
      clock.advanceTime(Duration.ofMillis(200));
      generator.onPeriodicEmit(output);
    }
    assertThat(output.emitted).last().isEqualTo(at(NOW.plusSeconds(240).minus(BOUND)) - 1);
    assertThat(output.idleMarks).isZero();
  }

  @Test
  void aQuietPartitionFollowsTheClockUpToItsNewestReadingAndNoFurther() {
    WatermarkGenerator<ParsedReading> patient =
        ParsedWatermarks.<ParsedReading>live(BOUND, Duration.ofHours(1))
            .createWatermarkGenerator(context(clock));
    // the gauges' 06:00 marks, all at once, then nothing until 06:15
    read(patient, reading(NOW.minusSeconds(20)));
    read(patient, reading(NOW));
    patient.onPeriodicEmit(output);
    assertThat(output.emitted).containsExactly(at(NOW.minus(BOUND)) - 1);

    clock.advanceTime(Duration.ofSeconds(30));
    patient.onPeriodicEmit(output);
    assertThat(output.emitted).last().isEqualTo(at(NOW.minus(BOUND).plusSeconds(30)) - 1);

    clock.advanceTime(Duration.ofSeconds(90).plusMillis(1));
    patient.onPeriodicEmit(output);
    assertThat(output.emitted).last().isEqualTo(at(NOW)); // the 06:00 sums are judged now

    clock.advanceTime(Duration.ofMinutes(50));
    patient.onPeriodicEmit(output);
    assertThat(output.emitted).last().isEqualTo(at(NOW)); // not 50 minutes on
    assertThat(output.idleMarks).isZero();

    // the bridge catches up: readings from the quiet 50 minutes are on time, none of them late
    Instant backlog = NOW.plus(Duration.ofMinutes(15));
    assertThat(at(backlog)).isGreaterThan(output.emitted.get(output.emitted.size() - 1));
    read(patient, reading(backlog));
    patient.onPeriodicEmit(output);
    assertThat(output.emitted).last().isEqualTo(at(backlog.minus(BOUND)) - 1);
  }

  @Test
  void quietForTheIdlenessTheNewestReadingIsSentThenThePartitionGoesIdleUntilTheNext() {
    WatermarkGenerator<ParsedReading> quick =
        ParsedWatermarks.<ParsedReading>live(BOUND, Duration.ofMinutes(1))
            .createWatermarkGenerator(context(clock));
    read(quick, reading(NOW));
    quick.onPeriodicEmit(output);
    clock.advanceTime(Duration.ofMinutes(1));
    quick.onPeriodicEmit(output);
    // idleness (1 min) before the bound (2 min) was waited out: the newest reading at once
    assertThat(output.emitted).last().isEqualTo(at(NOW));
    assertThat(output.idle).isFalse(); // idle in the same round, N would never be combined
    clock.advanceTime(Duration.ofMillis(200));
    quick.onPeriodicEmit(output);
    assertThat(output.idle).isTrue();
    clock.advanceTime(Duration.ofMillis(200));
    quick.onPeriodicEmit(output);
    assertThat(output.idleMarks).isEqualTo(1);

    Instant next = NOW.plus(Duration.ofMinutes(15));
    read(quick, reading(next));
    quick.onPeriodicEmit(output);
    assertThat(output.idle).isFalse();
    assertThat(output.emitted).last().isEqualTo(at(next.minus(BOUND)) - 1);
  }

  @Test
  void aPartitionWithoutReadingsGoesIdleWithoutAWatermark() {
    generator.onPeriodicEmit(output);
    clock.advanceTime(IDLENESS);
    generator.onPeriodicEmit(output);
    assertThat(output.emitted).isEmpty();
    assertThat(output.idleMarks).isEqualTo(1);
  }

  @Test
  void malformedRecordsDoNotKeepAQuietPartitionFromFollowingTheClock() {
    read(reading(NOW), NOW);
    generator.onPeriodicEmit(output);
    ParsedReading malformed =
        ParsedReading.parse("{\"sensorId\": 7,".getBytes(StandardCharsets.UTF_8), 0);
    for (int i = 0; i < 4; i++) {
      clock.advanceTime(Duration.ofSeconds(40));
      read(malformed, NOW.plusSeconds(40L * (i + 1)));
      generator.onPeriodicEmit(output);
    }
    // 160 s of malformed records only: the bound (120 s) was waited out
    assertThat(output.emitted).last().isEqualTo(at(NOW));
  }

  @Test
  void heldWatermarksStayWhereTheLastEventLeftThemWhileQuiet() {
    // case notifications lag their times by days: a quiet hour says nothing about the next one
    WatermarkGenerator<ParsedReading> held =
        ParsedWatermarks.<ParsedReading>held(BOUND, IDLENESS)
            .createWatermarkGenerator(context(clock));
    read(held, reading(NOW));
    held.onPeriodicEmit(output);
    clock.advanceTime(Duration.ofMinutes(3));
    held.onPeriodicEmit(output);
    clock.advanceTime(Duration.ofMinutes(1));
    held.onPeriodicEmit(output);
    assertThat(output.emitted).containsOnly(at(NOW.minus(BOUND)) - 1);
    assertThat(output.idleMarks).isZero();
  }

  @Test
  void idlenessMustBePositive() {
    for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ParsedWatermarks.live(BOUND, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("idleness must be positive");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ParsedWatermarks.held(BOUND, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("idleness must be positive");
    }
  }

  private static long at(Instant instant) {
    return instant.toEpochMilli();
  }

  private void read(WatermarkGenerator<ParsedReading> target, ParsedReading record) {
    target.onEvent(record, timestamps.extractTimestamp(record, at(NOW)), output);
  }

  private void read(ParsedReading record, Instant appended) {
    long timestamp = timestamps.extractTimestamp(record, appended.toEpochMilli());
    generator.onEvent(record, timestamp, output);
  }

  private static ParsedReading reading(Instant time) {
    Reading r = Reading.rain("g1", time, new GeoPoint(-22.9, -43.2), 1.2);
    return ParsedReading.parse(EventJson.write(r), RecordBatch.NO_TIMESTAMP);
  }

  private static org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier.Context context(
      RelativeClock clock) {
    return new org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier.Context() {
      @Override
      public org.apache.flink.metrics.MetricGroup getMetricGroup() {
        return new UnregisteredMetricsGroup();
      }

      @Override
      public RelativeClock getInputActivityClock() {
        return clock;
      }
    };
  }
}
