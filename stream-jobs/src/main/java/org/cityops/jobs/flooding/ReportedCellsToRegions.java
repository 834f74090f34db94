package org.cityops.jobs.flooding;

import org.apache.flink.api.common.functions.MapFunction;

/**
 * Tells the rain region ({@link RainRegions}) of a report cell that the cell heard a flood report,
 * and when: one per report signal of {@link FloodReportsToCells}, so the regions learn of exactly
 * the cells urban flooding sends the report to.
 */
public final class ReportedCellsToRegions implements MapFunction<CellSignal, RainRegionSignal> {
  private final RainRegions regions;

  public ReportedCellsToRegions(FloodingConfig config) {
    this.regions = new RainRegions(config);
  }

  @Override
  public RainRegionSignal map(CellSignal reported) {
    return RainRegionSignal.reported(
        regions.regionOf(reported.cell()), reported.cell(), reported.time());
  }
}
