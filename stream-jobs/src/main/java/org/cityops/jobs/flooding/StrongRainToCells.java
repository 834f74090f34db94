package org.cityops.jobs.flooding;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.cityops.jobs.rain.RainSums;

/**
 * Sends a gauge's strong hourly rain to every report cell within the corroboration radius. Sums
 * below the bound pass nothing: only strong rain corroborates.
 */
public final class StrongRainToCells implements FlatMapFunction<RainSums, CellSignal> {
  private final ReportGrid grid;
  private final double rainRadiusM;
  private final double strongMm;

  public StrongRainToCells(FloodingConfig config) {
    this.grid = new ReportGrid(config.radiusM());
    this.rainRadiusM = config.rainRadiusM();
    this.strongMm = config.strongRainMm();
  }

  @Override
  public void flatMap(RainSums sums, Collector<CellSignal> out) {
    if (sums.rain1hMm() < strongMm) {
      return;
    }
    for (String cell : grid.cellsWithin(sums.location(), rainRadiusM)) {
      out.collect(
          CellSignal.rain(
              cell, sums.gaugeId(), sums.location(), sums.windowEnd(), sums.rain1hMm()));
    }
  }
}
