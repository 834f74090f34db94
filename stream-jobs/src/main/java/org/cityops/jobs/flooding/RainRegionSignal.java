package org.cityops.jobs.flooding;

import java.time.Instant;
import org.cityops.events.GeoPoint;

/**
 * What a rain region ({@link RainRegions}) hears: strong rain at a gauge whose reach touches the
 * region, or that a report cell of the region heard a flood report. Exactly one of {@code gaugeId}
 * and {@code cell} is set.
 */
public record RainRegionSignal(
    String region,
    Instant time,
    String gaugeId,
    GeoPoint gaugeLocation,
    double rain1hMm,
    String cell) {

  static RainRegionSignal rain(
      String region, String gaugeId, GeoPoint location, Instant at, double mm) {
    return new RainRegionSignal(region, at, gaugeId, location, mm, null);
  }

  static RainRegionSignal reported(String region, String cell, Instant at) {
    return new RainRegionSignal(region, at, null, null, 0, cell);
  }

  boolean isRain() {
    return gaugeId != null;
  }
}
