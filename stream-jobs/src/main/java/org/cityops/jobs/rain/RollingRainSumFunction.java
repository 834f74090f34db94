package org.cityops.jobs.rain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.jobs.common.RejectedOutput;

/**
 * Per rain gauge (keyed by sensor id), the rolling 1 h sum in event time.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>A reading registers a timer at its own time; when the watermark passes it, the sum of the
 *       hour ending there is emitted. Readings out of order within the watermark bound are so
 *       summed exactly as if they had come in order.
 *   <li>A reading behind the watermark but within the allowed lateness updates the sums it belongs
 *       to, and those sums are emitted again (same gauge and windowEnd, new value): consumers keep
 *       the last. Later than that it goes to {@link #LATE} as a rejection with reason {@code late}.
 *   <li>Duplicates (same gauge and time) count once; the first value stays.
 *   <li>Readings with quality {@code missing} carry no rain and are not summed.
 *   <li>State: samples are dropped once no window that can still change needs them (older than
 *       watermark - 1 h - allowed lateness); when none are left, all state of the gauge is cleared.
 * </ul>
 */
public final class RollingRainSumFunction
    extends KeyedProcessFunction<String, Reading, HourlyRain> {
  public static final Duration WINDOW = Duration.ofHours(1);
  public static final OutputTag<Rejected> LATE = RejectedOutput.tag("late-readings");

  private final Duration allowedLateness;
  private transient MapState<Long, Double> rainByTime;
  private transient ValueState<GeoPoint> location;

  public RollingRainSumFunction(Duration allowedLateness) {
    this.allowedLateness = allowedLateness;
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
    rainByTime =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("rain-by-time", Types.LONG, Types.DOUBLE));
    location = getRuntimeContext().getState(new ValueStateDescriptor<>("location", GeoPoint.class));
  }

  @Override
  public void processElement(Reading reading, Context ctx, Collector<HourlyRain> out)
      throws Exception {
    if (reading.rainMm() == null) {
      return;
    }
    long time = reading.time().toEpochMilli();
    long watermark = ctx.timerService().currentWatermark();
    // Before the first watermark it is Long.MIN_VALUE: subtracting would wrap around.
    long lateLimit =
        watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark - allowedLateness.toMillis();
    if (time <= lateLimit) {
      ctx.output(
          LATE,
          RejectedOutput.of(
              "flink:rain-sums",
              RejectReason.LATE,
              "reading at "
                  + reading.time()
                  + " is more than "
                  + allowedLateness
                  + " behind the watermark "
                  + Instant.ofEpochMilli(watermark),
              EventJson.write(reading),
              ctx.timestamp()));
      return;
    }
    if (rainByTime.contains(time)) {
      return;
    }
    rainByTime.put(time, reading.rainMm());
    location.update(reading.location());
    if (time > watermark) {
      ctx.timerService().registerEventTimeTimer(time);
    } else {
      // Late but allowed: re-emit every already-emitted hour this reading belongs to.
      for (long end : sampleTimesBetween(time, Math.min(watermark, time + WINDOW.toMillis() - 1))) {
        out.collect(sumEndingAt(ctx.getCurrentKey(), end));
      }
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<HourlyRain> out)
      throws Exception {
    if (rainByTime.contains(timestamp)) {
      out.collect(sumEndingAt(ctx.getCurrentKey(), timestamp));
    }
    evictBefore(timestamp - WINDOW.toMillis() - allowedLateness.toMillis());
  }

  private HourlyRain sumEndingAt(String gauge, long end) throws Exception {
    double sum = 0;
    int samples = 0;
    long start = end - WINDOW.toMillis();
    for (Map.Entry<Long, Double> e : rainByTime.entries()) {
      if (e.getKey() > start && e.getKey() <= end) {
        sum += e.getValue();
        samples++;
      }
    }
    // Sums of 0.2 mm steps pick up binary noise; Alerta Rio publishes tenths.
    double rounded = Math.round(sum * 100) / 100.0;
    return new HourlyRain(gauge, location.value(), Instant.ofEpochMilli(end), rounded, samples);
  }

  private List<Long> sampleTimesBetween(long from, long to) throws Exception {
    List<Long> times = new ArrayList<>();
    for (Long t : rainByTime.keys()) {
      if (t >= from && t <= to) {
        times.add(t);
      }
    }
    times.sort(Long::compare);
    return times;
  }

  private void evictBefore(long limit) throws Exception {
    List<Long> old = new ArrayList<>();
    for (Long t : rainByTime.keys()) {
      if (t <= limit) {
        old.add(t);
      }
    }
    for (Long t : old) {
      rainByTime.remove(t);
    }
    if (rainByTime.isEmpty()) {
      rainByTime.clear();
      location.clear();
    }
  }
}
