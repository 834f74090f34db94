package org.cityops.jobs.rain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Quality;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.jobs.common.RejectedOutput;

/**
 * Per rain gauge (keyed by sensor id), the rolling 15 min, 1 h, 4 h, 24 h and 96 h sums in event
 * time, computed as Alerta Rio computes them from 15-minute values.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>A reading registers a timer at its own time; when the watermark passes it, the sums of the
 *       windows ending there are emitted. Readings out of order within the watermark bound are so
 *       summed exactly as if they had come in order.
 *   <li>A reading behind the watermark but within the allowed lateness updates the sums it belongs
 *       to, and those are emitted again (same gauge and windowEnd, new values): consumers keep the
 *       last. Later than that it goes to {@link #REJECTED} with reason {@code late}.
 *   <li>A missing value (quality {@code missing}) is unknown, not zero: it is not summed, and every
 *       window holding it is flagged incomplete. So is a window lacking readings for some interval
 *       of {@code readingInterval}, including windows reaching back before the first reading.
 *   <li>An exact duplicate (same time and value) counts once. A conflicting one (same time, other
 *       value) goes to {@link #REJECTED} with reason {@code conflicting_duplicate}; the first value
 *       stays. A value arriving for a time first reported missing fills the gap.
 *   <li>State: the gauge's samples in one {@link RainSamples} (sorted arrays: a sum is a walk over
 *       primitive values; a map state of boxed entries, iterated three times per step, took half
 *       the job's time). A savepoint from before keeps them in the map state {@code rain-by-time};
 *       they move to the new state the first time their gauge is seen. Samples are dropped once no
 *       window that can still change needs them (older than watermark - 96 h - allowed lateness);
 *       when none are left, all state of the gauge is cleared, also for a gauge that fell silent (a
 *       clean-up timer 96 h + allowed lateness after its newest sample). Timers: one per pending
 *       reading time, plus that clean-up timer.
 * </ul>
 */
public final class RollingRainSumFunction extends KeyedProcessFunction<String, Reading, RainSums> {
  public static final OutputTag<Rejected> REJECTED = RejectedOutput.tag("rain-sums-rejected");
  private static final String SOURCE = "flink:rain-sums";

  /** {@link RainWindow}s' lengths, ascending: one array, so each gauge's kept sums stay valid. */
  private static final long[] WINDOW_MILLIS =
      java.util.Arrays.stream(RainWindow.values()).mapToLong(w -> w.length().toMillis()).toArray();

  private final Duration allowedLateness;
  private final Duration readingInterval;
  private transient ValueState<RainSamples> samples;

  /** Where samples were kept before {@link RainSamples}; read once per gauge, then cleared. */
  private transient MapState<Long, Double> legacyRainByTime;

  private transient ValueState<GeoPoint> location;
  private transient ValueState<Long> cleanupAt;

  /**
   * @param readingInterval how often the gauges report (Alerta Rio: 15 minutes); decides when a
   *     window holds all its values
   */
  public RollingRainSumFunction(Duration allowedLateness, Duration readingInterval) {
    this.allowedLateness = allowedLateness;
    this.readingInterval = readingInterval;
  }

  @Override
  public void open(OpenContext openContext) {
    samples =
        getRuntimeContext().getState(new ValueStateDescriptor<>("rain-samples", RainSamples.class));
    legacyRainByTime =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("rain-by-time", Types.LONG, Types.DOUBLE));
    location = getRuntimeContext().getState(new ValueStateDescriptor<>("location", GeoPoint.class));
    cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
  }

  @Override
  public void processElement(Reading reading, Context ctx, Collector<RainSums> out)
      throws Exception {
    boolean missing = reading.quality() == Quality.MISSING || reading.rainMm() == null;
    double value = missing ? Double.NaN : reading.rainMm();
    long time = reading.time().toEpochMilli();
    long watermark = ctx.timerService().currentWatermark();
    // Before the first watermark it is Long.MIN_VALUE: subtracting would wrap around.
    long lateLimit =
        watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark - allowedLateness.toMillis();
    if (time <= lateLimit) {
      reject(
          ctx,
          reading,
          RejectReason.LATE,
          "reading at "
              + reading.time()
              + " is more than "
              + allowedLateness
              + " behind the watermark "
              + Instant.ofEpochMilli(watermark));
      return;
    }
    RainSamples gauge = samplesOfGauge();
    Double known = gauge.at(time);
    if (known != null) {
      boolean fillsGap = known.isNaN() && !missing;
      if (!fillsGap) {
        if (!sameValue(known, value)) {
          reject(
              ctx,
              reading,
              RejectReason.CONFLICTING_DUPLICATE,
              "gauge already reported "
                  + (known.isNaN() ? "a missing value" : known + " mm")
                  + " for "
                  + reading.time()
                  + "; kept that");
        }
        return; // an exact duplicate counts once
      }
    }
    gauge.put(time, value);
    samples.update(gauge);
    location.update(reading.location());
    if (time > watermark) {
      if (known == null) {
        ctx.timerService().registerEventTimeTimer(time);
      }
    } else {
      // Late but allowed: re-emit every already-emitted window end this reading belongs to.
      long lastAffected = Math.min(watermark, time + RainWindow.longest().toMillis() - 1);
      for (long end : gauge.timesBetween(time, lastAffected)) {
        out.collect(sumsEndingAt(ctx.getCurrentKey(), gauge, end));
      }
    }
  }

  private static boolean sameValue(double a, double b) {
    return (Double.isNaN(a) && Double.isNaN(b)) || Math.abs(a - b) < 1e-9;
  }

  private void reject(Context ctx, Reading reading, RejectReason reason, String detail) {
    ctx.output(
        REJECTED,
        RejectedOutput.of(SOURCE, reason, detail, EventJson.write(reading), ctx.timestamp()));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RainSums> out)
      throws Exception {
    RainSamples gauge = samplesOfGauge();
    if (gauge.at(timestamp) != null) {
      out.collect(sumsEndingAt(ctx.getCurrentKey(), gauge, timestamp));
    }
    long retention = RainWindow.longest().toMillis() + allowedLateness.toMillis();
    int before = gauge.size;
    gauge.dropUpTo(timestamp - retention);
    if (gauge.isEmpty()) {
      samples.clear();
      location.clear();
    } else if (gauge.size != before) {
      samples.update(gauge);
    }
    // A gauge that falls silent must not keep its samples forever: once its newest sample can no
    // longer change any window, the clean-up timer clears the gauge.
    long newest = gauge.isEmpty() ? Long.MIN_VALUE : gauge.newest();
    // At most one clean-up timer is pending, and it is never deleted: deleting a timer would also
    // delete a reading's timer that falls on the same instant (Flink merges same-time timers).
    // When it fires early (newer samples came), it re-arms itself for the newest sample.
    Long pending = cleanupAt.value();
    if (newest == Long.MIN_VALUE) {
      cleanupAt.clear();
    } else if (pending == null || pending <= timestamp) {
      ctx.timerService().registerEventTimeTimer(newest + retention);
      cleanupAt.update(newest + retention);
    }
  }

  /**
   * The gauge's samples; on the first call for a gauge restored from a savepoint of the map-state
   * layout, moves them over.
   */
  private RainSamples samplesOfGauge() throws Exception {
    RainSamples gauge = samples.value();
    if (gauge != null) {
      return gauge;
    }
    gauge = new RainSamples();
    if (!legacyRainByTime.isEmpty()) {
      for (Map.Entry<Long, Double> e : legacyRainByTime.entries()) {
        gauge.put(e.getKey(), e.getValue());
      }
      legacyRainByTime.clear();
      samples.update(gauge);
    }
    return gauge;
  }

  private RainSums sumsEndingAt(String gaugeId, RainSamples gauge, long end) throws Exception {
    return windowSums(gaugeId, location.value(), gauge, end, readingInterval);
  }

  /**
   * The sums of every window ending at {@code end} (exclusive of its start, inclusive of its end)
   * over a gauge's samples; a window is complete when no sample in it is missing and it holds one
   * per {@code readingInterval}. Slides from the gauge's previous sums ({@link
   * RainSamples#sumWindows}): the hot path of the job, measured alone by {@code cityops-bench
   * micro}.
   */
  public static RainSums windowSums(
      String gaugeId, GeoPoint location, RainSamples gauge, long end, Duration readingInterval) {
    int n = WINDOW_MILLIS.length;
    double[] sums = new double[n];
    int[] values = new int[n];
    int[] missing = new int[n];
    gauge.sumWindows(end, WINDOW_MILLIS, sums, values, missing);
    boolean[] complete = new boolean[n];
    for (int k = 0; k < n; k++) {
      complete[k] = missing[k] == 0 && values[k] >= WINDOW_MILLIS[k] / readingInterval.toMillis();
    }
    return new RainSums(
        gaugeId,
        location,
        Instant.ofEpochMilli(end),
        tenths(sums[0]),
        tenths(sums[1]),
        tenths(sums[2]),
        tenths(sums[3]),
        tenths(sums[4]),
        complete[0],
        complete[1],
        complete[2],
        complete[3],
        complete[4]);
  }

  /** Gauges count in tenths of a millimetre; a sum of doubles picks up binary noise below that. */
  private static double tenths(double mm) {
    return Math.round(mm * 10) / 10.0;
  }
}
