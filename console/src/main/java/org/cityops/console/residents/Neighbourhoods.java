package org.cityops.console.residents;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cityops.events.GeoPoint;
import org.cityops.events.Subscription;
import org.cityops.geo.GeoJsonZones;
import org.cityops.geo.Zone;
import org.cityops.geo.ZoneMap;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

/**
 * The city's neighbourhoods, so a resident can subscribe "Tijuca" instead of drawing a circle: a
 * name is turned into a subscription place with the neighbourhood's outline (its largest polygon,
 * simplified to about 15 m so it stays small in every cell it is routed to) and the circle around
 * it. Names match without regard to case or accents' absence.
 */
public final class Neighbourhoods {
  private static final double TOLERANCE_DEGREES = 0.00015; // about 15 m

  private final ZoneMap zones;

  public Neighbourhoods(ZoneMap zones) {
    this.zones = zones;
  }

  /** From a GeoJSON file of polygons, ids and names from the given properties. */
  public static Neighbourhoods read(Path file, String idProperty, String nameProperty) {
    return new Neighbourhoods(GeoJsonZones.read(file, idProperty, nameProperty));
  }

  /** The neighbourhoods as zones, for placing points in them. */
  public ZoneMap zones() {
    return zones;
  }

  /** The neighbourhoods, by name: their ids and names. */
  public List<Map<String, String>> list() {
    return zones.zones().stream()
        .sorted(Comparator.comparing(Zone::name))
        .map(z -> Map.of("id", z.id(), "name", z.name()))
        .toList();
  }

  /** The subscription place of the named neighbourhood, when there is one of that name. */
  public Optional<Subscription.Place> place(String name) {
    String wanted = fold(name);
    return zones.zones().stream()
        .filter(z -> fold(z.name()).equals(wanted) || z.id().equals(name))
        .findFirst()
        .map(Neighbourhoods::placeOf);
  }

  private static Subscription.Place placeOf(Zone z) {
    Polygon largest = largestPolygon(z.geometry());
    // topology-preserving: Douglas-Peucker may split a thin polygon into a multipolygon (the
    // outlines of all 164 of Rio's neighbourhoods showed one)
    Geometry simple = TopologyPreservingSimplifier.simplify(largest, TOLERANCE_DEGREES);
    double tolerance = TOLERANCE_DEGREES;
    while (simple.getCoordinates().length > Subscription.MAX_OUTLINE_POINTS) {
      tolerance *= 2;
      simple = TopologyPreservingSimplifier.simplify(largest, tolerance);
    }
    Coordinate[] ring = largestPolygon(simple).getExteriorRing().getCoordinates();
    GeoPoint center = z.representativePoint();
    List<GeoPoint> outline = new ArrayList<>(ring.length);
    double radius = 0;
    for (Coordinate c : ring) {
      GeoPoint p = new GeoPoint(Math.round(c.y * 1e6) / 1e6, Math.round(c.x * 1e6) / 1e6);
      outline.add(p);
      radius = Math.max(radius, center.distanceMetresTo(p));
    }
    return new Subscription.Place(z.name(), center, Math.ceil(radius), z.name(), outline);
  }

  private static Polygon largestPolygon(Geometry g) {
    Polygon largest = null;
    for (int i = 0; i < g.getNumGeometries(); i++) {
      if (g.getGeometryN(i) instanceof Polygon p
          && (largest == null || p.getArea() > largest.getArea())) {
        largest = p;
      }
    }
    return largest;
  }

  private static String fold(String s) {
    return java.text.Normalizer.normalize(s == null ? "" : s, java.text.Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "")
        .toLowerCase(Locale.ROOT)
        .strip();
  }
}
