package org.cityops.jobs.flooding;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.Set;
import org.cityops.events.GeoPoint;

/**
 * A square grid over the city, cells {@code cellM} metres wide, to key spatial clustering: a report
 * goes to its own cell and to every cell within {@code cellM} of it, so each cell sees every report
 * that could cluster with one of its own. The cells are true squares within the small-area
 * approximation (longitude scaled by the cosine of the cell row's latitude).
 */
public record ReportGrid(double cellM) implements Serializable {
  private static final double METRES_PER_DEGREE = 111_320;

  public String cellOf(GeoPoint p) {
    long row = (long) Math.floor(p.lat() * METRES_PER_DEGREE / cellM);
    double rowLat = (row + 0.5) * cellM / METRES_PER_DEGREE;
    double metresPerLonDegree = METRES_PER_DEGREE * Math.cos(Math.toRadians(rowLat));
    long col = (long) Math.floor(p.lon() * metresPerLonDegree / cellM);
    return row + ":" + col;
  }

  /** The cells holding some point within {@code metres} of {@code p} (its own first). */
  public Set<String> cellsWithin(GeoPoint p, double metres) {
    Set<String> cells = new LinkedHashSet<>();
    cells.add(cellOf(p));
    int steps = (int) Math.ceil(metres / cellM);
    double dLat = cellM / METRES_PER_DEGREE;
    double dLon = cellM / (METRES_PER_DEGREE * Math.cos(Math.toRadians(p.lat())));
    for (int i = -steps; i <= steps; i++) {
      for (int j = -steps; j <= steps; j++) {
        cells.add(cellOf(new GeoPoint(p.lat() + i * dLat, p.lon() + j * dLon)));
      }
    }
    return cells;
  }
}
