package org.cityops.geo;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cityops.events.GeoPoint;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.distance.DistanceOp;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

/**
 * Which zones touch which: two zones are neighbours when their borders come within {@code
 * toleranceM} of each other (official polygons leave slivers and overlaps of a few metres between
 * neighbours, so exact touching would miss some). Built once from a {@link ZoneMap}; immutable and
 * serializable.
 *
 * <p>Answers the questions a hotspot asks: which of a set of zones form connected groups, and the
 * outline of a group as one polygon (or several, where a group is joined only across water or at a
 * corner).
 */
public final class ZoneAdjacency implements Serializable {
  private final ZoneMap zones;
  private final Map<String, Set<String>> neighbours;

  private ZoneAdjacency(ZoneMap zones, Map<String, Set<String>> neighbours) {
    this.zones = zones;
    this.neighbours = neighbours;
  }

  /**
   * The adjacency of {@code zones}, borders within {@code toleranceM} metres counted as touching.
   */
  public static ZoneAdjacency of(ZoneMap zones, double toleranceM) {
    List<Zone> all = zones.zones();
    Map<String, Set<String>> neighbours = new LinkedHashMap<>();
    for (Zone z : all) {
      neighbours.put(z.id(), new TreeSet<>());
    }
    for (int i = 0; i < all.size(); i++) {
      Zone a = all.get(i);
      double degrees = toleranceM / metresPerDegree(a);
      var envelope = a.geometry().getEnvelopeInternal().copy();
      envelope.expandBy(degrees);
      for (int j = i + 1; j < all.size(); j++) {
        Zone b = all.get(j);
        if (envelope.intersects(b.geometry().getEnvelopeInternal())
            && DistanceOp.isWithinDistance(a.geometry(), b.geometry(), degrees)) {
          neighbours.get(a.id()).add(b.id());
          neighbours.get(b.id()).add(a.id());
        }
      }
    }
    neighbours.replaceAll((id, set) -> Set.copyOf(set));
    return new ZoneAdjacency(zones, Map.copyOf(neighbours));
  }

  /** Longitude degrees are shorter by cos(latitude); the tolerance uses the shorter, to be safe. */
  private static double metresPerDegree(Zone zone) {
    double lat = zone.geometry().getEnvelopeInternal().centre().getY();
    return 111_320 * Math.cos(Math.toRadians(lat));
  }

  /** The zones touching {@code id}; empty for an unknown id. */
  public Set<String> neighbours(String id) {
    return neighbours.getOrDefault(id, Set.of());
  }

  public ZoneMap zones() {
    return zones;
  }

  /**
   * {@code members} split into groups that touch, each group sorted by id, groups by their first
   * id: the same members always give the same groups. Unknown ids form groups of their own.
   */
  public List<List<String>> groups(Collection<String> members) {
    Set<String> left = new TreeSet<>(members);
    List<List<String>> groups = new ArrayList<>();
    while (!left.isEmpty()) {
      String first = left.iterator().next();
      Set<String> group = new TreeSet<>();
      Deque<String> todo = new ArrayDeque<>(List.of(first));
      left.remove(first);
      while (!todo.isEmpty()) {
        String id = todo.pop();
        group.add(id);
        for (String n : neighbours(id)) {
          if (left.remove(n)) {
            todo.push(n);
          }
        }
      }
      groups.add(List.copyOf(group));
    }
    groups.sort(Comparator.comparing(g -> g.get(0)));
    return groups;
  }

  /**
   * The outline of {@code ids} merged, as outer rings (holes dropped: a warning covers them too),
   * simplified to about {@code toleranceM} metres, largest first. Unknown ids are skipped.
   */
  public List<List<GeoPoint>> outline(Collection<String> ids, double toleranceM) {
    List<Geometry> parts = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (seen.add(id)) {
        zones.byId(id).ifPresent(z -> parts.add(z.geometry()));
      }
    }
    if (parts.isEmpty()) {
      return List.of();
    }
    Geometry union = UnaryUnionOp.union(parts);
    double degrees = toleranceM / 111_320;
    Geometry simple = TopologyPreservingSimplifier.simplify(union, degrees);
    List<Polygon> polygons = new ArrayList<>();
    for (int i = 0; i < simple.getNumGeometries(); i++) {
      if (simple.getGeometryN(i) instanceof Polygon p && !p.isEmpty()) {
        polygons.add(p);
      }
    }
    polygons.sort(Comparator.comparingDouble(Polygon::getArea).reversed());
    List<List<GeoPoint>> rings = new ArrayList<>();
    for (Polygon p : polygons) {
      List<GeoPoint> ring = new ArrayList<>();
      for (var c : p.getExteriorRing().getCoordinates()) {
        ring.add(new GeoPoint(c.getY(), c.getX()));
      }
      rings.add(List.copyOf(ring));
    }
    return List.copyOf(rings);
  }
}
