package org.cityops.jobs.flooding;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.cityops.events.CitizenReport;
import org.cityops.events.ReportCategory;

/** Sends each flood report to its cell and the cells around it; other categories pass nothing. */
public final class FloodReportsToCells implements FlatMapFunction<CitizenReport, CellSignal> {
  private final ReportGrid grid;
  private final double radiusM;

  public FloodReportsToCells(FloodingConfig config) {
    this.grid = new ReportGrid(config.radiusM());
    this.radiusM = config.radiusM();
  }

  @Override
  public void flatMap(CitizenReport report, Collector<CellSignal> out) {
    if (report.category() != ReportCategory.FLOODING) {
      return;
    }
    for (String cell : grid.cellsWithin(report.location(), radiusM)) {
      out.collect(CellSignal.report(cell, report));
    }
  }
}
