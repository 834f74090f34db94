package org.cityops.jobs.common;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * A watermark generator's output, kept for a test to read: the timestamps it emitted, in order, and
 * whether it was last marked idle (a watermark makes it active again, as in Flink's outputs).
 */
final class EmittedWatermarks implements WatermarkOutput {
  final List<Long> emitted = new ArrayList<>();
  int idleMarks;
  boolean idle;

  @Override
  public void emitWatermark(Watermark watermark) {
    emitted.add(watermark.getTimestamp());
    idle = false;
  }

  @Override
  public void markIdle() {
    idleMarks++;
    idle = true;
  }

  @Override
  public void markActive() {}
}
