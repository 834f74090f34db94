package org.cityops.geo;

import java.io.Serializable;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cityops.events.GeoPoint;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * A set of zones and the question "which zone is this point in?". Immutable; serializable so a
 * Flink function can carry it (the spatial index is rebuilt on first use after deserialization).
 *
 * <p>Zones are expected not to overlap; where they do, or a point lies on a shared border, the zone
 * listed first in the file wins, so the answer never depends on index order.
 */
public final class ZoneMap implements Serializable {
  private static final GeometryFactory POINTS = new GeometryFactory();

  private final List<Zone> zones;
  private final Map<String, Zone> byId;
  private transient STRtree index;

  public ZoneMap(List<Zone> zones) {
    this.zones = List.copyOf(zones);
    Map<String, Zone> ids = new LinkedHashMap<>();
    for (Zone zone : this.zones) {
      if (ids.put(zone.id(), zone) != null) {
        throw new ZoneFormatException("zone id '" + zone.id() + "' appears twice");
      }
    }
    this.byId = ids;
  }

  public List<Zone> zones() {
    return zones;
  }

  public Optional<Zone> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The zone containing {@code point} (borders included), if any. */
  public Optional<Zone> zoneAt(GeoPoint point) {
    Point p = POINTS.createPoint(new Coordinate(point.lon(), point.lat()));
    @SuppressWarnings("unchecked")
    List<Indexed> candidates = index().query(p.getEnvelopeInternal());
    return candidates.stream()
        .filter(c -> c.prepared().covers(p))
        .min(Comparator.comparingInt(Indexed::order))
        .map(Indexed::zone);
  }

  /**
   * The zone containing {@code point}, or else the nearest one within {@code maxMetres}: a sensor
   * on the shore or just past the city's edge still belongs to the zone beside it.
   */
  public Optional<Zone> zoneAtOrNear(GeoPoint point, double maxMetres) {
    Optional<Zone> inside = zoneAt(point);
    if (inside.isPresent()) {
      return inside;
    }
    Point p = POINTS.createPoint(new Coordinate(point.lon(), point.lat()));
    // degrees of latitude are ~111 km everywhere; of longitude, shorter by cos(lat)
    double metresPerDegree = 111_320 * Math.cos(Math.toRadians(point.lat()));
    Zone best = null;
    double bestMetres = Double.MAX_VALUE;
    for (Zone zone : zones) {
      double metres = zone.geometry().distance(p) * metresPerDegree;
      if (metres <= maxMetres && metres < bestMetres) {
        best = zone;
        bestMetres = metres;
      }
    }
    return Optional.ofNullable(best);
  }

  private synchronized STRtree index() {
    STRtree built = index;
    if (built == null) {
      built = new STRtree();
      for (int i = 0; i < zones.size(); i++) {
        Zone zone = zones.get(i);
        built.insert(
            zone.geometry().getEnvelopeInternal(),
            new Indexed(i, zone, PreparedGeometryFactory.prepare(zone.geometry())));
      }
      built.build();
      index = built;
    }
    return built;
  }

  private record Indexed(int order, Zone zone, PreparedGeometry prepared) {}
}
