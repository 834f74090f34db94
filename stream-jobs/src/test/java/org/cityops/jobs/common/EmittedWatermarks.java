package org.cityops.jobs.common;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/** A watermark generator's output, kept for a test to read: the timestamps it emitted, in order. */
final class EmittedWatermarks implements WatermarkOutput {
  final List<Long> emitted = new ArrayList<>();

  @Override
  public void emitWatermark(Watermark watermark) {
    emitted.add(watermark.getTimestamp());
  }

  @Override
  public void markIdle() {}

  @Override
  public void markActive() {}
}
