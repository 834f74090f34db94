package org.cityops.jobs.health;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.cityops.events.Disease;
import org.cityops.events.GeoPoint;
import org.cityops.jobs.health.methods.SpaceTimePermutationScan;

/**
 * Runs Kulldorff's space-time permutation scan once a day per disease (the key) over the last
 * {@code studyDays} of onsets in every neighbourhood, and emits the day's {@link ScanResult}.
 *
 * <p>Input: the current count of each (neighbourhood, onset day) whenever it changes, so a late
 * notification changes the day it belongs to. The scan runs when the reporting clock (the
 * watermark) passes midnight; its seed is the disease and the day, so a replay finds the same
 * clusters with the same p-values. State: counts per onset day for the study period, pruned each
 * day; cleared, with no timer left, when the period holds no case.
 */
public final class SurveillanceScan extends KeyedProcessFunction<String, OnsetCount, ScanResult> {
  private final HealthConfig.Scan settings;
  private final String timeZone;
  private final List<String> ids;
  private final List<GeoPoint> centroids;
  private transient Map<String, Integer> index;
  private transient SpaceTimePermutationScan scan;
  private transient ZoneId zone;
  private transient MapState<Long, int[]> byDay;
  private transient org.cityops.jobs.common.EventTimeQueue<OnsetCount> pending;

  /**
   * @param neighbourhoods every neighbourhood's id and centroid, in a fixed order
   */
  public SurveillanceScan(HealthConfig config, Map<String, GeoPoint> neighbourhoods) {
    this.settings = config.scan();
    this.timeZone = config.timeZone();
    this.ids = new ArrayList<>(new java.util.TreeMap<>(neighbourhoods).keySet());
    this.centroids = ids.stream().map(neighbourhoods::get).toList();
  }

  @Override
  public void open(OpenContext openContext) {
    index = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      index.put(ids.get(i), i);
    }
    scan =
        new SpaceTimePermutationScan(
            centroids, settings.maxAreas(), settings.maxRadiusM(), settings.maxWindowDays());
    zone = ZoneId.of(timeZone);
    pending =
        org.cityops.jobs.common.EventTimeQueue.open(
            getRuntimeContext(), "pending-counts", Types.POJO(OnsetCount.class));
    byDay =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "cases-by-onset-day",
                    Types.LONG,
                    PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO));
  }

  @Override
  public void processElement(OnsetCount c, Context ctx, Collector<ScanResult> out)
      throws Exception {
    if (!index.containsKey(c.neighbourhood())) {
      return; // placement only lets known neighbourhoods through; a changed map is not ours to fix
    }
    // applied when the watermark reaches it: the day's scan sees no count from later days
    pending.add(ctx.timerService(), ctx.timestamp(), c);
    ctx.timerService().registerEventTimeTimer(nextMidnight(ctx.timestamp() - 1));
  }

  private void apply(List<OnsetCount> counts) throws Exception {
    for (OnsetCount c : counts) {
      long day = c.epochDay();
      int[] row = byDay.get(day);
      row = row == null ? new int[ids.size()] : row.clone();
      row[index.get(c.neighbourhood())] = c.count();
      byDay.put(day, row);
    }
  }

  private boolean isMidnight(long millis) {
    return Instant.ofEpochMilli(millis)
        .atZone(zone)
        .toLocalTime()
        .equals(java.time.LocalTime.MIDNIGHT);
  }

  private long nextMidnight(long millis) {
    return Instant.ofEpochMilli(millis)
        .atZone(zone)
        .toLocalDate()
        .plusDays(1)
        .atStartOfDay(zone)
        .toInstant()
        .toEpochMilli();
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScanResult> out)
      throws Exception {
    apply(pending.take(timestamp));
    if (!isMidnight(timestamp)) {
      return; // a queue's own time, not a day's end: the day's end comes with its own timer
    }
    LocalDate today = Instant.ofEpochMilli(timestamp).atZone(zone).toLocalDate().minusDays(1);
    long first = today.toEpochDay() - settings.studyDays() + 1;
    int[][] counts = new int[ids.size()][settings.studyDays()];
    var it = byDay.iterator();
    while (it.hasNext()) {
      var e = it.next();
      long offset = e.getKey() - first;
      if (offset < 0) {
        it.remove();
      } else if (offset < settings.studyDays()) {
        int[] row = e.getValue();
        for (int a = 0; a < row.length; a++) {
          counts[a][(int) offset] = row[a];
        }
      }
    }
    Disease disease = Disease.valueOf(ctx.getCurrentKey().toUpperCase(java.util.Locale.ROOT));
    long seed = disease.ordinal() * 1_000_003L + today.toEpochDay();
    var result = scan.scan(counts, settings.replicas(), seed);
    List<ScanResult.Cluster> significant = new ArrayList<>();
    for (var c : result.significant(settings.alpha())) {
      significant.add(
          new ScanResult.Cluster(
              c.areas().stream().map(ids::get).toList(),
              c.windowDays(),
              c.observed(),
              c.expected(),
              c.logLikelihoodRatio(),
              c.pValue()));
    }
    double top = result.clusters().isEmpty() ? 1 : result.clusters().get(0).pValue();
    out.collect(
        new ScanResult(
            disease,
            today.toEpochDay(),
            result.totalCases(),
            settings.replicas(),
            top,
            List.copyOf(significant)));
    if (byDay.isEmpty() && pending.isEmpty()) {
      byDay.clear(); // an emptied map still holds a place in the backend
    } else {
      ctx.timerService().registerEventTimeTimer(nextMidnight(timestamp));
    }
  }
}
