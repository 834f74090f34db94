package org.cityops.geo;

import java.io.Serializable;
import org.cityops.events.GeoPoint;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/**
 * A named area of the city (a rain zone, a neighbourhood): a polygon or multipolygon in WGS84, x =
 * longitude and y = latitude.
 *
 * @param id stable identifier, used as a key and in incident ids
 * @param name the name people know it by
 */
public record Zone(String id, String name, Geometry geometry) implements Serializable {

  /** A point inside the zone (its centroid when that lies inside, else an interior point). */
  public GeoPoint representativePoint() {
    Point centroid = geometry.getCentroid();
    Point inside = geometry.contains(centroid) ? centroid : geometry.getInteriorPoint();
    return new GeoPoint(inside.getY(), inside.getX());
  }
}
