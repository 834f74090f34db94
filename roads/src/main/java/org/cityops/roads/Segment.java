package org.cityops.roads;

import org.cityops.events.GeoPoint;

/**
 * One directed stretch of road between two consecutive nodes of a way, as driven.
 *
 * @param wayId the way it belongs to
 * @param fromNode the node driven from
 * @param toNode the node driven to
 * @param from where {@code fromNode} lies
 * @param to where {@code toNode} lies
 * @param lanes lanes in this direction
 * @param maxSpeedKmh the speed limit
 */
public record Segment(
    long wayId,
    long fromNode,
    long toNode,
    GeoPoint from,
    GeoPoint to,
    int lanes,
    double maxSpeedKmh) {

  /** A stable name for the segment: {@code wayId:fromNode-toNode}. */
  public String id() {
    return id(wayId, fromNode, toNode);
  }

  public static String id(long wayId, long fromNode, long toNode) {
    return wayId + ":" + fromNode + "-" + toNode;
  }

  public double lengthM() {
    return from.distanceMetresTo(to);
  }

  /** The point a share {@code fraction} (0 to 1) of the way along, on the straight line. */
  public GeoPoint pointAt(double fraction) {
    return new GeoPoint(
        from.lat() + (to.lat() - from.lat()) * fraction,
        from.lon() + (to.lon() - from.lon()) * fraction);
  }

  /** Compass bearing of travel in degrees, 0 north, 90 east. */
  public double bearingDeg() {
    double lat1 = Math.toRadians(from.lat());
    double lat2 = Math.toRadians(to.lat());
    double dLon = Math.toRadians(to.lon() - from.lon());
    double y = Math.sin(dLon) * Math.cos(lat2);
    double x = Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(dLon);
    return (Math.toDegrees(Math.atan2(y, x)) + 360) % 360;
  }
}
