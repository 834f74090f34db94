package org.cityops.jobs.traffic;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cityops.events.CitizenReport;
import org.cityops.events.EventJson;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.events.ReportCategory;
import org.cityops.jobs.common.RejectedOutput;
import org.cityops.jobs.common.RoadSettings;
import org.cityops.roads.NearestRoad;
import org.cityops.roads.Segment;

/**
 * Puts residents' accident and blocked-road reports on the stretch of road nearest them, within
 * {@code maxDistanceM}. A report that far from every road cannot be about traffic on it and goes to
 * the rejected side output with its reason; reports of other kinds belong to other jobs and pass
 * by. Stateless; the road index is built where the function runs.
 */
public final class ReportsToStretches extends ProcessFunction<CitizenReport, StretchReport> {
  public static final OutputTag<Rejected> REJECTED = RejectedOutput.tag("traffic-reports-rejected");

  private final RoadSettings roads;
  private final double maxDistanceM;
  private transient NearestRoad nearest;

  public ReportsToStretches(RoadSettings roads, double maxDistanceM) {
    this.roads = roads;
    this.maxDistanceM = maxDistanceM;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    nearest = new NearestRoad(roads.network());
  }

  @Override
  public void processElement(CitizenReport r, Context ctx, Collector<StretchReport> out) {
    if (r.category() != ReportCategory.ACCIDENT && r.category() != ReportCategory.ROAD_BLOCKED) {
      return;
    }
    Segment s = nearest.nearest(r.location(), maxDistanceM);
    if (s == null) {
      ctx.output(
          REJECTED,
          RejectedOutput.of(
              "city.reports:" + r.reportId(),
              RejectReason.OUT_OF_RANGE,
              "no road within " + (long) maxDistanceM + " m of the reported place",
              EventJson.writeString(r).getBytes(StandardCharsets.UTF_8),
              r.time().toEpochMilli()));
      return;
    }
    out.collect(
        new StretchReport(
            NearestRoad.stretchOf(s),
            s.pointAt(0.5),
            s.lengthM() / 2,
            r.reportId(),
            r.reporterId(),
            r.time()));
  }
}
