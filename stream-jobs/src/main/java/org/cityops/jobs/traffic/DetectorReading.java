package org.cityops.jobs.traffic;

import java.time.Instant;
import java.util.Objects;
import org.cityops.events.Reading;

/**
 * One traffic detector's report for the interval ending at {@code time}, checked: counts and
 * occupancy within range, the detector known.
 *
 * @param flow vehicles counted in the interval, all lanes
 * @param occupancyPct share of the interval the detector was covered, 0 to 100
 * @param speedKmh space-mean speed, or null when no vehicle passed
 */
public record DetectorReading(
    String detectorId, Instant time, double flow, double occupancyPct, Double speedKmh) {

  static DetectorReading of(Reading r) {
    return new DetectorReading(
        r.sensorId(),
        r.time(),
        r.flowVehicles() == null ? 0 : r.flowVehicles(),
        r.occupancyPct() == null ? 0 : r.occupancyPct(),
        r.speedKmh());
  }

  /** The same values as {@code other}: what a detector stuck on its last frame sends. */
  boolean sameValuesAs(DetectorReading other) {
    return other != null
        && flow == other.flow
        && occupancyPct == other.occupancyPct
        && Objects.equals(speedKmh, other.speedKmh);
  }
}
