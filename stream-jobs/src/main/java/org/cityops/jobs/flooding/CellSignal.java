package org.cityops.jobs.flooding;

import java.time.Instant;
import org.cityops.events.CitizenReport;
import org.cityops.events.GeoPoint;

/**
 * What one grid cell hears: a flood report (in the cell or near it), or strong rain at a gauge near
 * enough to corroborate. Exactly one of {@code report} and {@code gaugeId} is set.
 */
public record CellSignal(
    String cell,
    CitizenReport report,
    String gaugeId,
    GeoPoint gaugeLocation,
    Instant rainAt,
    double rain1hMm) {

  /** The event time of what was heard. */
  public Instant time() {
    return report != null ? report.time() : rainAt;
  }

  static CellSignal report(String cell, CitizenReport report) {
    return new CellSignal(cell, report, null, null, null, 0);
  }

  static CellSignal rain(String cell, String gaugeId, GeoPoint at, Instant time, double mm) {
    return new CellSignal(cell, null, gaugeId, at, time, mm);
  }
}
