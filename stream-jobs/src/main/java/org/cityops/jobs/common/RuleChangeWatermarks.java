package org.cityops.jobs.common;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of a rule-change input that neither hold a detector's event time back nor push it on.
 * A rule version applies by its own effective time, kept in broadcast state with every other
 * version, not by when its record's watermark passes; so the input is marked idle from the start
 * and never emits a watermark, and a detector's event time is its data input's alone.
 *
 * <p>Why not a watermark at the end of time, as this once was: a quiet {@code city.control} must
 * not stop the detectors that wait for the watermark (landslide risk judges a zone's inputs in
 * event-time order), but with the end of time on one input a detector whose data input fell idle
 * (no readings for {@code rain.idleness}, no residents' reports for a while) took the end of time
 * as its own and fired every timer at once: urban-flooding incidents cleared minutes after the last
 * report instead of two hours, water levels forgot their last hour. An idle input counts for
 * nothing; records still flow on it, with their own timestamps.
 */
public final class RuleChangeWatermarks implements WatermarkGenerator<RawRecord> {

  /** The strategy for a source of rule changes: timestamps from the records, idle for good. */
  public static WatermarkStrategy<RawRecord> strategy() {
    return WatermarkStrategy.<RawRecord>forGenerator(ctx -> new RuleChangeWatermarks())
        .withTimestampAssigner((r, ts) -> r.timestampMillis());
  }

  @Override
  public void onEvent(RawRecord event, long eventTimestamp, WatermarkOutput output) {
    output.markIdle(); // a record does not end idleness, a watermark would; none is ever emitted
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    output.markIdle();
  }
}
