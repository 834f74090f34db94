package org.cityops.roads;

import org.cityops.events.GeoPoint;

/**
 * A traffic detector (an inductive loop or a counting camera) on one directed road segment.
 *
 * @param id the sensor id its readings carry
 * @param segmentId the {@link Segment#id()} it measures, in its direction of travel
 * @param fraction how far along the segment it sits, 0 to 1
 * @param location where it sits
 * @param lanes lanes it covers
 * @param freeFlowKmh the speed of traffic with nothing in its way here: configured, or the speed
 *     limit
 */
public record DetectorSite(
    String id, String segmentId, double fraction, GeoPoint location, int lanes, double freeFlowKmh)
    implements java.io.Serializable {

  public DetectorSite {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a detector needs an id");
    }
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "detector " + id + ": fraction must be between 0 and 1, was " + fraction);
    }
    if (lanes < 1 || !(freeFlowKmh > 0 && freeFlowKmh <= 200)) {
      throw new IllegalArgumentException(
          "detector " + id + ": needs at least one lane and a free-flow speed up to 200 km/h");
    }
  }
}
