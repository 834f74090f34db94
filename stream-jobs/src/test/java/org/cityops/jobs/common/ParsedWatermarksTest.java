package org.cityops.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.RelativeClock;
import org.apache.flink.util.clock.SystemClock;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.junit.jupiter.api.Test;

/**
 * A backlog of readings hours old, appended to Kafka now behind a malformed record: the malformed
 * record (stamped with its append time, having no event time of its own) must not move event time
 * past the backlog.
 */
class ParsedWatermarksTest {
  private static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");
  private static final Duration BOUND = Duration.ofMinutes(2);

  private final WatermarkStrategy<ParsedReading> strategy =
      ParsedWatermarks.of(BOUND, Duration.ofMinutes(5));
  private final WatermarkGenerator<ParsedReading> generator =
      strategy.createWatermarkGenerator(context());
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

  private void read(ParsedReading record, Instant appended) {
    long timestamp = timestamps.extractTimestamp(record, appended.toEpochMilli());
    generator.onEvent(record, timestamp, output);
  }

  private static ParsedReading reading(Instant time) {
    Reading r = Reading.rain("g1", time, new GeoPoint(-22.9, -43.2), 1.2);
    return ParsedReading.parse(EventJson.write(r), 0);
  }

  private static org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier.Context
      context() {
    return new org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier.Context() {
      @Override
      public org.apache.flink.metrics.MetricGroup getMetricGroup() {
        return new UnregisteredMetricsGroup();
      }

      @Override
      public RelativeClock getInputActivityClock() {
        return SystemClock.getInstance();
      }
    };
  }
}
