package org.cityops.roads;

import java.util.List;
import org.cityops.events.GeoPoint;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Finds the stretch of road nearest a point (a resident's report), within a distance. Built once
 * per network over a JTS STR-tree of the segments' bounding boxes; queries are read-only and may
 * run concurrently.
 *
 * <p>A stretch is a segment without its direction: {@code way:lower-higher} node ids. A report does
 * not say which carriageway it means.
 */
public final class NearestRoad {
  private static final double METRES_PER_DEG_LAT = 111_195;
  private final STRtree index = new STRtree();

  public NearestRoad(RoadNetwork network) {
    for (Segment s : network.segments()) {
      if (s.fromNode() < s.toNode()
          || network.segment(Segment.id(s.wayId(), s.toNode(), s.fromNode())) == null) {
        Envelope box = new Envelope(s.from().lon(), s.to().lon(), s.from().lat(), s.to().lat());
        index.insert(box, s);
      }
    }
    index.build();
  }

  /** The stretch id of a segment, whichever way it is driven. */
  public static String stretchOf(Segment s) {
    return s.wayId()
        + ":"
        + Math.min(s.fromNode(), s.toNode())
        + "~"
        + Math.max(s.fromNode(), s.toNode());
  }

  /** The segment nearest {@code p} within {@code maxM}, or null when no road is that close. */
  public Segment nearest(GeoPoint p, double maxM) {
    double dLat = maxM / METRES_PER_DEG_LAT;
    double dLon = dLat / Math.cos(Math.toRadians(p.lat()));
    Envelope around = new Envelope(p.lon() - dLon, p.lon() + dLon, p.lat() - dLat, p.lat() + dLat);
    Segment best = null;
    double bestM = maxM;
    @SuppressWarnings("unchecked")
    List<Segment> candidates = index.query(around);
    for (Segment s : candidates) {
      double d = distanceM(p, s);
      if (d <= bestM) {
        bestM = d;
        best = s;
      }
    }
    return best;
  }

  /** Distance from a point to a segment, on a local flat projection (fine at city scale). */
  static double distanceM(GeoPoint p, Segment s) {
    double cos = Math.cos(Math.toRadians(p.lat()));
    Coordinate a = new Coordinate(s.from().lon() * cos, s.from().lat());
    Coordinate b = new Coordinate(s.to().lon() * cos, s.to().lat());
    Coordinate c = new Coordinate(p.lon() * cos, p.lat());
    double deg = org.locationtech.jts.algorithm.Distance.pointToSegment(c, a, b);
    return deg * METRES_PER_DEG_LAT;
  }
}
