package org.cityops.jobs.flooding;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.cityops.events.CitizenReport;
import org.cityops.events.ReportCategory;

/**
 * Tells each rain region ({@link RainRegions}) which of its report cells heard a flood report, and
 * when: the same cells {@link FloodReportsToCells} sends the report to. Other categories pass
 * nothing.
 */
public final class ReportedCellsToRegions
    implements FlatMapFunction<CitizenReport, RainRegionSignal> {
  private final ReportGrid grid;
  private final double radiusM;
  private final RainRegions regions;

  public ReportedCellsToRegions(FloodingConfig config) {
    this.grid = new ReportGrid(config.radiusM());
    this.radiusM = config.radiusM();
    this.regions = new RainRegions(config);
  }

  @Override
  public void flatMap(CitizenReport report, Collector<RainRegionSignal> out) {
    if (report.category() != ReportCategory.FLOODING) {
      return;
    }
    for (String cell : grid.cellsWithin(report.location(), radiusM)) {
      out.collect(RainRegionSignal.reported(regions.regionOf(cell), cell, report.time()));
    }
  }
}
