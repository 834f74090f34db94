package org.cityops.jobs.flooding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.cityops.jobs.common.EventTimeQueue;

/**
 * Per rain region ({@link RainRegions}), hands a gauge's strong rain to the report cells that can
 * use it: those of its reach that heard a flood report within {@code window} of the rain. Urban
 * flooding uses rain only that close in time to a report the cell heard (to corroborate a crowd, or
 * to raise an incident whose last report is that recent), so it sees the same rain as when every
 * strong sum went to every cell of the gauge's reach — 169 records per sum with the defaults, most
 * to cells nobody reports from, which made urban flooding most of the rain job's work in a storm.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Order: signals wait in state until the watermark passes their time and are then taken in
 *       event-time order, at one instant rain before reports; a signal at or behind the watermark
 *       is taken at once.
 *   <li>Rain goes at once to each reported cell of its reach with a report within {@code window} of
 *       it; a cell's first report within {@code window} of rain heard earlier brings it that rain
 *       (what the region holds), so a cell never misses rain that could back its reports, and gets
 *       each rain once per report spell. Rain sent again for a gauge and time (a sum revised by a
 *       late reading) goes again, with its new value: the cell keeps the last.
 *   <li>The rain a cell receives keeps its own time; it reaches the cell before the watermark that
 *       passes the report it backs, so the cell still takes rain before reports of the same
 *       instant. A report already behind the watermark when it comes may be judged by its cell
 *       before the rain it brings arrives: the rain then raises the incident in a later version.
 *   <li>State: the region's strong rain of the last {@code window}, its cells' report times of the
 *       last two (they tell which kept rain a cell was sent already, so none is sent twice), and
 *       signals waiting for the watermark. Timers: one per waiting instant and one when each record
 *       may go; when one fires, older records go; a region holding nothing has no state.
 * </ul>
 */
public final class RainForReportedCells
    extends KeyedProcessFunction<String, RainRegionSignal, CellSignal> {
  private static final Comparator<RainRegionSignal> IN_ORDER =
      Comparator.comparing((RainRegionSignal s) -> !s.isRain())
          .thenComparing(s -> s.isRain() ? s.gaugeId() : s.cell());

  private static final Comparator<GaugeRain> BY_TIME = Comparator.comparing(GaugeRain::at);

  private final RainRegions regions;
  private transient ReachCache reaches;
  private final long windowMillis;
  private transient MapState<String, List<GaugeRain>> rainByGauge;
  private transient MapState<String, List<Long>> reportTimesByCell;
  private transient EventTimeQueue<RainRegionSignal> pending;

  public RainForReportedCells(FloodingConfig config) {
    this.regions = new RainRegions(config);
    this.windowMillis = config.window().toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    reaches = new ReachCache(regions);
    rainByGauge =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "rain-by-gauge",
                    Types.STRING,
                    Types.LIST(TypeInformation.of(GaugeRain.class))));
    reportTimesByCell =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "report-times-by-cell", Types.STRING, Types.LIST(Types.LONG)));
    pending =
        EventTimeQueue.open(
            getRuntimeContext(), "pending", TypeInformation.of(RainRegionSignal.class));
  }

  @Override
  public void processElement(RainRegionSignal signal, Context ctx, Collector<CellSignal> out)
      throws Exception {
    if (!pending.addUnlessDue(ctx.timerService(), signal.time().toEpochMilli(), signal)) {
      apply(signal, ctx, out);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CellSignal> out)
      throws Exception {
    List<RainRegionSignal> ordered = new ArrayList<>(pending.take(timestamp));
    ordered.sort(IN_ORDER);
    for (RainRegionSignal signal : ordered) {
      apply(signal, ctx, out);
    }
    forget(timestamp);
  }

  private void apply(RainRegionSignal signal, Context ctx, Collector<CellSignal> out)
      throws Exception {
    long t = signal.time().toEpochMilli();
    if (signal.isRain()) {
      ctx.timerService().registerEventTimeTimer(t + windowMillis + 1);
      GaugeRain rain =
          new GaugeRain(signal.gaugeId(), signal.gaugeLocation(), signal.time(), signal.rain1hMm());
      keep(rain);
      Set<String> reach = null;
      for (Map.Entry<String, List<Long>> cell : reportTimesByCell.entries()) {
        if (anyWithin(cell.getValue(), t)) {
          reach = reach == null ? reaches.reach(rain.location()) : reach;
          if (reach.contains(cell.getKey())) {
            out.collect(send(cell.getKey(), rain));
          }
        }
      }
    } else {
      List<Long> times = reportTimesByCell.get(signal.cell());
      List<Long> known = times == null ? List.of() : times;
      if (known.contains(t)) {
        return;
      }
      for (List<GaugeRain> ofGauge : rainByGauge.values()) {
        for (GaugeRain rain : ofGauge) {
          long r = rain.at().toEpochMilli();
          // rain within the window of an earlier report of the cell was sent then
          if (Math.abs(r - t) <= windowMillis
              && !anyWithin(known, r)
              && reaches.reach(rain.location()).contains(signal.cell())) {
            out.collect(send(signal.cell(), rain));
          }
        }
      }
      List<Long> longer = new ArrayList<>(known);
      longer.add(t);
      reportTimesByCell.put(signal.cell(), longer);
      ctx.timerService().registerEventTimeTimer(t + 2 * windowMillis + 1);
    }
  }

  /** Keeps the rain, in time order; a gauge's rain at the same time again replaces it. */
  private void keep(GaugeRain rain) throws Exception {
    List<GaugeRain> ofGauge = rainByGauge.get(rain.gaugeId());
    List<GaugeRain> kept = new ArrayList<>(ofGauge == null ? 1 : ofGauge.size() + 1);
    if (ofGauge != null) {
      for (GaugeRain other : ofGauge) {
        if (!other.at().equals(rain.at())) {
          kept.add(other);
        }
      }
    }
    kept.add(rain);
    // rain comes in time order but for a revised sum: sort only then
    if (kept.size() > 1 && kept.get(kept.size() - 2).at().isAfter(rain.at())) {
      kept.sort(BY_TIME);
    }
    rainByGauge.put(rain.gaugeId(), kept);
  }

  private boolean anyWithin(List<Long> reportTimes, long rainAt) {
    for (long reported : reportTimes) {
      if (Math.abs(reported - rainAt) <= windowMillis) {
        return true;
      }
    }
    return false;
  }

  private static CellSignal send(String cell, GaugeRain rain) {
    return CellSignal.rain(cell, rain.gaugeId(), rain.location(), rain.at(), rain.rain1hMm());
  }

  /**
   * Drops rain no later report can pair with (older than the window), and report times older than
   * twice the window: until then they tell which kept rain a cell was sent already.
   */
  private void forget(long now) throws Exception {
    long oldest = now - windowMillis;
    Instant oldestRain = Instant.ofEpochMilli(oldest);
    keepOnly(rainByGauge, r -> !r.at().isBefore(oldestRain));
    keepOnly(reportTimesByCell, t -> t >= oldest - windowMillis);
  }

  /** Keeps the items that pass in each entry's list; an entry left with none goes. */
  private static <T> void keepOnly(MapState<String, List<T>> lists, Predicate<T> passes)
      throws Exception {
    List<String> emptied = new ArrayList<>();
    for (Map.Entry<String, List<T>> e : lists.entries()) {
      // called on every timer of the region, for every gauge and cell it holds: most lists keep
      // all their items, so count first and copy only when some go
      List<T> items = e.getValue();
      int passing = 0;
      for (T item : items) {
        passing += passes.test(item) ? 1 : 0;
      }
      if (passing == 0) {
        emptied.add(e.getKey());
      } else if (passing != items.size()) {
        List<T> left = new ArrayList<>(passing);
        for (T item : items) {
          if (passes.test(item)) {
            left.add(item);
          }
        }
        e.setValue(left);
      }
    }
    for (String key : emptied) {
      lists.remove(key);
    }
  }
}
