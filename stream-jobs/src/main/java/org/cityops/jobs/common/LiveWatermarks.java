package org.cityops.jobs.common;

import java.time.Clock;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness watermarks for a live input whose records may stop coming (a quiet city
 * sends no detections, a quiet console no actions). While records come, the watermark is the newest
 * event time less the bound, as usual. When none has come for {@code idleAfter}, event time is
 * taken to flow on with the wall clock from the newest record: the watermark moves on by the time
 * waited, so work held for the watermark (the incident lifecycle's ordering, escalation timers) is
 * not held until the next record, which may be hours away. An input that has had no record at all
 * since the job (re)started, such as every input just after a restore from a checkpoint taken when
 * all input had been read, moves with the wall clock less the bound.
 *
 * <p>Flink's idleness would instead leave such an input out and the watermark where it was; that is
 * right for a partition among busy ones, wrong when all inputs are quiet. Records that come after
 * the watermark moved on are late by the wait, and the functions take late input at once.
 */
public final class LiveWatermarks<T> implements WatermarkGenerator<T> {
  private final long boundMs;
  private final long idleAfterMs;
  private final Clock clock;
  private final long startedAt;
  private long newest = Long.MIN_VALUE;
  private long newestArrivedAt;
  private long emitted = Long.MIN_VALUE;

  public LiveWatermarks(Duration bound, Duration idleAfter, Clock clock) {
    this.boundMs = bound.toMillis();
    this.idleAfterMs = idleAfter.toMillis();
    this.clock = clock;
    this.startedAt = clock.millis();
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    if (eventTimestamp > newest) {
      newest = eventTimestamp;
    }
    newestArrivedAt = clock.millis();
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long now = clock.millis();
    long candidate;
    if (newest == Long.MIN_VALUE) {
      if (now - startedAt < idleAfterMs) {
        return;
      }
      candidate = now - boundMs;
    } else {
      long waited = now - newestArrivedAt;
      candidate = newest - boundMs - 1 + (waited >= idleAfterMs ? waited : 0);
    }
    if (candidate > emitted) {
      emitted = candidate;
      output.emitWatermark(new Watermark(candidate));
    }
  }
}
