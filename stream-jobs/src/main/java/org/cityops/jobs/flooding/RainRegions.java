package org.cityops.jobs.flooding;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.Set;
import org.cityops.events.GeoPoint;

/**
 * Blocks of report cells ({@link ReportGrid}) as wide as a gauge's reach, to key the strong rain
 * that waits for reports: a gauge's reach (every cell within {@code rainRadiusM}, as urban flooding
 * counts it) spans {@code 2 * ceil(rainRadiusM / cellM) + 1} cells a side, so a region that wide
 * sees each gauge's rain in at most a few regions, where sending it to every cell of its reach took
 * one record per cell (169 with the defaults).
 */
public record RainRegions(ReportGrid cells, double rainRadiusM) implements Serializable {

  public RainRegions(FloodingConfig config) {
    this(new ReportGrid(config.radiusM()), config.rainRadiusM());
  }

  /** Cells a side of a region. */
  long width() {
    return 2 * (long) Math.ceil(rainRadiusM / cells.cellM()) + 1;
  }

  /** The region holding a cell (cell ids are {@code row:col}). */
  public String regionOf(String cell) {
    int colon = cell.indexOf(':');
    long row = Long.parseLong(cell.substring(0, colon));
    long col = Long.parseLong(cell.substring(colon + 1));
    return Math.floorDiv(row, width()) + ":" + Math.floorDiv(col, width());
  }

  /** The report cells a gauge's strong rain corroborates: every cell within its reach. */
  public Set<String> reach(GeoPoint gauge) {
    return cells.cellsWithin(gauge, rainRadiusM);
  }

  /** The regions holding some cell of the gauge's reach. */
  public Set<String> regionsReachedFrom(GeoPoint gauge) {
    Set<String> regions = new LinkedHashSet<>();
    for (String cell : reach(gauge)) {
      regions.add(regionOf(cell));
    }
    return regions;
  }
}
