package org.cityops.jobs.common;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks for parsed Kafka records: bounded out-of-orderness over the events' own times, idle
 * partitions left out after {@code idleness}; a record that did not parse moves no watermark.
 *
 * <p>Why: a rejection carries the record's Kafka timestamp (the time it was appended, so the wall
 * clock), having no event time of its own. Counted like an event, one malformed record ahead of a
 * backlog (a replay, a bridge catching up after an outage: readings hours old, appended now) moved
 * the watermark to the present, and every reading of the backlog behind it was then late and
 * rejected: valid data lost to a bad neighbour. Seen as a flaky test (DashboardQueriesTest replays
 * a storm behind a few malformed records: when the source read past the first watermark before the
 * storm, most of its sums were never made).
 */
public final class ParsedWatermarks {
  private ParsedWatermarks() {}

  public static <T extends ParsedRecord> WatermarkStrategy<T> of(
      Duration outOfOrderness, Duration idleness) {
    return WatermarkStrategy.<T>forGenerator(context -> new EventsOnly<>(outOfOrderness))
        .withTimestampAssigner((record, timestamp) -> record.eventTimeMillis(timestamp))
        .withIdleness(idleness);
  }

  /** Flink's bounded out-of-orderness generator, shown events only. */
  static final class EventsOnly<T extends ParsedRecord> implements WatermarkGenerator<T> {
    private final BoundedOutOfOrdernessWatermarks<T> bounded;

    EventsOnly(Duration outOfOrderness) {
      this.bounded = new BoundedOutOfOrdernessWatermarks<>(outOfOrderness);
    }

    @Override
    public void onEvent(T record, long timestamp, WatermarkOutput output) {
      if (record.isEvent()) {
        bounded.onEvent(record, timestamp, output);
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      bounded.onPeriodicEmit(output);
    }
  }
}
