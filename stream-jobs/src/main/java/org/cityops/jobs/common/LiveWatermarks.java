package org.cityops.jobs.common;

import java.time.Clock;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded out-of-orderness watermarks for a live input whose records may stop coming (a quiet city
 * sends no detections, a quiet console no actions). While records come, the watermark is the newest
 * event time less the bound, as usual. When none has come for {@code idleAfter}, the quiet is read
 * as "nothing happened until now": the watermark moves on by the time waited, and at least to the
 * wall clock less the bound. So work held for the watermark (the incident lifecycle's ordering,
 * escalation timers, an operator's action stamped by the console's clock) is held neither until the
 * next record, which may be hours away, nor behind sensors whose last reading is old, nor after a
 * restore from a checkpoint taken when all input had been read (an input with no record since the
 * job started moves with the wall clock once the wait is over).
 *
 * <p>Flink's idleness would instead leave such an input out and the watermark where it was: right
 * for a partition among busy ones, wrong when all inputs are quiet. The price: records that come
 * after a pause with event times before the wall clock, such as a recording replayed unshifted from
 * years ago, are late, and the functions take late input at once, in arrival order.
 */
public final class LiveWatermarks<T> implements WatermarkGenerator<T> {
  private final long boundMs;
  private final long idleAfterMs;
  private final Clock clock;
  private final long startedAt;
  private long newest = Long.MIN_VALUE;
  private long newestArrivedAt;
  private long emitted = Long.MIN_VALUE;

  /** The strategy for a live input, on the system clock, event time read by {@code timestamps}. */
  public static <T> WatermarkStrategy<T> strategy(
      Duration bound, Duration idleAfter, SerializableTimestampAssigner<T> timestamps) {
    return WatermarkStrategy.<T>forGenerator(
            context -> new LiveWatermarks<>(bound, idleAfter, Clock.systemUTC()))
        .withTimestampAssigner(timestamps);
  }

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
      candidate =
          waited >= idleAfterMs
              ? Math.max(newest - boundMs - 1 + waited, now - boundMs)
              : newest - boundMs - 1;
    }
    if (candidate > emitted) {
      emitted = candidate;
      output.emitWatermark(new Watermark(candidate));
    }
  }
}
