package org.cityops.jobs.incidents;

import java.util.Collection;
import org.cityops.events.Area;
import org.cityops.events.GeoPoint;

/**
 * When two incident areas are one place, and the area of several. Areas named after a zone (a rain
 * zone, a neighbourhood) are the same place only when the zone is the same, so adjacent zones stay
 * apart ("one incident per zone"); otherwise circles that overlap are one place.
 */
final class IncidentAreas {
  private IncidentAreas() {}

  static boolean overlap(Area a, Area b) {
    if (a.zone() != null && b.zone() != null) {
      return a.zone().equals(b.zone());
    }
    return a.center().distanceMetresTo(b.center()) <= a.radiusM() + b.radiusM();
  }

  /**
   * One area covering all: the one zone if they share it, else a circle around the mean of the
   * centers wide enough to hold every circle (not the smallest such circle, but never too small).
   */
  static Area cover(Collection<Area> areas) {
    if (areas.size() == 1) {
      return areas.iterator().next();
    }
    String zone = areas.iterator().next().zone();
    boolean oneZone = zone != null && areas.stream().allMatch(a -> zone.equals(a.zone()));
    double lat = 0;
    double lon = 0;
    for (Area a : areas) {
      lat += a.center().lat();
      lon += a.center().lon();
    }
    GeoPoint center =
        new GeoPoint(
            Math.round(lat / areas.size() * 1e6) / 1e6, Math.round(lon / areas.size() * 1e6) / 1e6);
    double radius = 0;
    for (Area a : areas) {
      radius = Math.max(radius, center.distanceMetresTo(a.center()) + a.radiusM());
    }
    return new Area(center, Math.min(100_000, Math.ceil(radius)), oneZone ? zone : null);
  }
}
