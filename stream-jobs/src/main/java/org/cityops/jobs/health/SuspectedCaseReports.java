package org.cityops.jobs.health;

import java.time.Duration;
import java.time.ZoneId;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.cityops.events.CitizenReport;

/**
 * Counts residents' reports of suspected dengue per neighbourhood (the key) and epidemiological
 * week: distinct reports and distinct reporters, sent as {@link NeighbourhoodReports} whenever they
 * grow. A report delivered twice, or the same resident reporting again, adds no reporter. Reports
 * arrive in any order within {@code keepWeeks}; a week's state is cleared {@code keepWeeks} after
 * it ends.
 */
public final class SuspectedCaseReports
    extends KeyedProcessFunction<String, PlacedReport, NeighbourhoodReports> {
  private final String timeZone;
  private final long keepMillis;
  private transient ZoneId zone;
  private transient MapState<String, Boolean> seen;

  public SuspectedCaseReports(String timeZone, Duration keep) {
    this.timeZone = timeZone;
    this.keepMillis = keep.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    zone = ZoneId.of(timeZone);
    seen =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("seen", Types.STRING, Types.BOOLEAN));
  }

  @Override
  public void processElement(PlacedReport p, Context ctx, Collector<NeighbourhoodReports> out)
      throws Exception {
    CitizenReport r = p.report();
    long week = EpiWeeks.start(r.time().atZone(zone).toLocalDate()).toEpochDay();
    String reportKey = week + "|report|" + r.reportId();
    if (seen.contains(reportKey)) {
      return;
    }
    seen.put(reportKey, true);
    seen.put(week + "|reporter|" + r.reporterId(), true);
    int reports = 0;
    int reporters = 0;
    for (String k : seen.keys()) {
      if (k.startsWith(week + "|report|")) {
        reports++;
      } else if (k.startsWith(week + "|reporter|")) {
        reporters++;
      }
    }
    out.collect(new NeighbourhoodReports(p.neighbourhood(), week, reports, reporters));
    long weekEnd =
        java.time.LocalDate.ofEpochDay(week)
            .plusDays(7)
            .atStartOfDay(zone)
            .toInstant()
            .toEpochMilli();
    ctx.timerService().registerEventTimeTimer(weekEnd + keepMillis);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<NeighbourhoodReports> out)
      throws Exception {
    long cutoff =
        java.time.Instant.ofEpochMilli(timestamp - keepMillis)
            .atZone(zone)
            .toLocalDate()
            .toEpochDay();
    var it = seen.iterator();
    while (it.hasNext()) {
      String k = it.next().getKey();
      if (Long.parseLong(k.substring(0, k.indexOf('|'))) < cutoff) {
        it.remove();
      }
    }
    if (seen.isEmpty()) {
      seen.clear();
    }
  }
}
