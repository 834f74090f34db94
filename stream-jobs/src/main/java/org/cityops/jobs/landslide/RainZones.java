package org.cityops.jobs.landslide;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.cityops.events.GeoPoint;
import org.cityops.geo.Zone;
import org.cityops.geo.ZoneMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which rain zone a gauge stands for: the zone polygon it lies in (or within {@link #NEAR_METRES}
 * of, for a gauge on the shore). Without a zones file, or for a gauge outside every zone, the gauge
 * is a zone of its own, a circle of {@link #OWN_ZONE_RADIUS_M} around it: such a gauge is still
 * judged, never dropped.
 */
public final class RainZones implements Serializable {
  public static final double NEAR_METRES = 1_000;
  public static final double OWN_ZONE_RADIUS_M = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(RainZones.class);
  private static final double METRES_PER_DEGREE = 111_320;

  private final ZoneMap zones;
  private transient Map<String, ZoneRef> byGauge;

  /**
   * @param zones the zone polygons, or null: every gauge its own zone
   */
  public RainZones(ZoneMap zones) {
    this.zones = zones;
  }

  public ZoneRef zoneOf(String gaugeId, GeoPoint location) {
    if (byGauge == null) {
      byGauge = new HashMap<>();
    }
    ZoneRef known = byGauge.get(gaugeId);
    if (known != null) {
      return known;
    }
    ZoneRef ref =
        zones == null
            ? ownZone(gaugeId, location)
            : zones
                .zoneAtOrNear(location, NEAR_METRES)
                .map(RainZones::ref)
                .orElseGet(
                    () -> {
                      LOG.warn(
                          "gauge {} at {} lies in no rain zone: judged as a zone of its own",
                          gaugeId,
                          location);
                      return ownZone(gaugeId, location);
                    });
    byGauge.put(gaugeId, ref);
    return ref;
  }

  private static ZoneRef ownZone(String gaugeId, GeoPoint location) {
    return new ZoneRef("gauge:" + gaugeId, gaugeId, location, OWN_ZONE_RADIUS_M);
  }

  private static ZoneRef ref(Zone zone) {
    GeoPoint center = zone.representativePoint();
    double squareMetres =
        zone.geometry().getArea()
            * METRES_PER_DEGREE
            * METRES_PER_DEGREE
            * Math.cos(Math.toRadians(center.lat()));
    double radius = Math.min(100_000, Math.sqrt(squareMetres / Math.PI));
    return new ZoneRef(zone.id(), zone.name(), center, Math.round(radius));
  }
}
