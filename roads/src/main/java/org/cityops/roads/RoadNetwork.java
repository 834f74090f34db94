package org.cityops.roads;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cityops.events.GeoPoint;

/**
 * A city's drivable roads: node positions and the ways through them, cut into directed {@link
 * Segment}s. Immutable once built.
 *
 * <p>A road is followed across the end of its way into the way that continues it (OSM splits a
 * street into many ways wherever a tag changes), see {@link #next(Segment)}.
 */
public final class RoadNetwork {
  /** How sharp a bend may be and still continue the same road at a way's end. */
  static final double MAX_CONTINUATION_TURN_DEG = 35;

  private final Map<Long, GeoPoint> nodes;
  private final List<Road> roads;
  private final Map<String, Segment> segments = new LinkedHashMap<>();
  private final Map<Long, List<Segment>> leaving = new HashMap<>();

  public RoadNetwork(Map<Long, GeoPoint> nodes, List<Road> roads) {
    this.nodes = Map.copyOf(nodes);
    this.roads = List.copyOf(roads);
    for (Road road : this.roads) {
      List<Long> ids = road.nodes();
      for (Long id : ids) {
        if (!this.nodes.containsKey(id)) {
          throw new IllegalArgumentException(
              "way " + road.wayId() + " refers to node " + id + ", which is not in the network");
        }
      }
      for (int i = 0; i + 1 < ids.size(); i++) {
        add(road, ids.get(i), ids.get(i + 1));
        if (!road.oneway()) {
          add(road, ids.get(i + 1), ids.get(i));
        }
      }
    }
  }

  private void add(Road road, long from, long to) {
    Segment s =
        new Segment(
            road.wayId(),
            from,
            to,
            nodes.get(from),
            nodes.get(to),
            road.lanes(),
            road.maxSpeedKmh());
    segments.put(s.id(), s);
    leaving.computeIfAbsent(from, k -> new ArrayList<>()).add(s);
  }

  public Map<Long, GeoPoint> nodes() {
    return nodes;
  }

  public List<Road> roads() {
    return roads;
  }

  /** Every directed segment, in way order. */
  public List<Segment> segments() {
    return List.copyOf(segments.values());
  }

  /** The segment with this {@link Segment#id()}, or null. */
  public Segment segment(String id) {
    return segments.get(id);
  }

  /** Segments that can be driven away from a node. */
  public List<Segment> leaving(long node) {
    return leaving.getOrDefault(node, List.of());
  }

  /**
   * The segment a driver following the road reaches after {@code s}: the next one on the same way,
   * or at the way's end the segment of another way that turns least, if it turns less than {@value
   * #MAX_CONTINUATION_TURN_DEG} degrees. Null where the road ends or only turns remain.
   */
  public Segment next(Segment s) {
    Segment best = null;
    double bestTurn = Double.MAX_VALUE;
    for (Segment candidate : leaving(s.toNode())) {
      if (candidate.toNode() == s.fromNode()) {
        continue;
      }
      if (candidate.wayId() == s.wayId()) {
        return candidate;
      }
      double turn = turnDeg(s.bearingDeg(), candidate.bearingDeg());
      if (turn < bestTurn) {
        bestTurn = turn;
        best = candidate;
      }
    }
    return bestTurn <= MAX_CONTINUATION_TURN_DEG ? best : null;
  }

  static double turnDeg(double a, double b) {
    double d = Math.abs(a - b) % 360;
    return d > 180 ? 360 - d : d;
  }
}
