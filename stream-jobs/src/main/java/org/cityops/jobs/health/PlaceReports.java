package org.cityops.jobs.health;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cityops.events.CitizenReport;
import org.cityops.events.EventJson;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.events.ReportCategory;
import org.cityops.geo.ZoneMap;
import org.cityops.jobs.common.RejectedOutput;

/**
 * Lets through residents' reports of suspected dengue, each put in its neighbourhood; a report from
 * outside every neighbourhood goes to the rejected side output ({@code unknown_area}). Reports of
 * other categories belong to other jobs and pass by unremarked. Stateless.
 */
public final class PlaceReports extends ProcessFunction<CitizenReport, PlacedReport> {
  public static final OutputTag<Rejected> REJECTED =
      RejectedOutput.tag("health-reports-not-placed");
  private final ZoneMap neighbourhoods;

  public PlaceReports(ZoneMap neighbourhoods) {
    this.neighbourhoods = neighbourhoods;
  }

  @Override
  public void processElement(CitizenReport r, Context ctx, Collector<PlacedReport> out) {
    if (r.category() != ReportCategory.DENGUE_SUSPECTED) {
      return;
    }
    var zone = neighbourhoods.zoneAtOrNear(r.location(), CasePlacement.NEAR_METRES);
    if (zone.isPresent()) {
      out.collect(new PlacedReport(r, zone.get().id()));
    } else {
      ctx.output(
          REJECTED,
          RejectedOutput.of(
              "city.reports:" + r.reportId(),
              RejectReason.UNKNOWN_AREA,
              "a suspected dengue report at " + r.location() + " is in no neighbourhood",
              EventJson.write(r),
              r.time().toEpochMilli()));
    }
  }
}
