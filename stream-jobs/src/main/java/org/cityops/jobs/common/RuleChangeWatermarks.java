package org.cityops.jobs.common;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of a rule-change input that never hold a detector's event time back. A rule version
 * applies by its own effective time, kept in broadcast state with every other version, not by when
 * its record's watermark passes; so a quiet {@code city.control} (the usual case) must not stop the
 * detectors that wait for the watermark (landslide risk judges a zone's inputs in event-time order)
 * until its idleness timeout, nor for good when the timeout is long. The input's watermark is the
 * end of time from the start; its records keep their own timestamps.
 */
public final class RuleChangeWatermarks implements WatermarkGenerator<RawRecord> {
  private boolean emitted;

  /** The strategy for a source of rule changes: timestamps from the records, no hold-back. */
  public static WatermarkStrategy<RawRecord> strategy() {
    return WatermarkStrategy.<RawRecord>forGenerator(ctx -> new RuleChangeWatermarks())
        .withTimestampAssigner((r, ts) -> r.timestampMillis());
  }

  @Override
  public void onEvent(RawRecord event, long eventTimestamp, WatermarkOutput output) {
    onPeriodicEmit(output);
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (!emitted) {
      output.emitWatermark(new Watermark(Long.MAX_VALUE));
      emitted = true;
    }
  }
}
