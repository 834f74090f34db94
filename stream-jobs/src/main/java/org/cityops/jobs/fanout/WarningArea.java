package org.cityops.jobs.fanout;

import java.util.Locale;
import org.cityops.events.CapAlert;
import org.cityops.events.ContractViolation;
import org.cityops.events.GeoPoint;
import org.cityops.events.Subscription;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/** A warning's circle, read back from its CAP area ({@code lat,lon radius-km}). */
public record WarningArea(GeoPoint center, double radiusM) {

  public static WarningArea of(CapAlert alert) {
    if (alert.info().isEmpty()
        || alert.info().get(0).area().isEmpty()
        || alert.info().get(0).area().get(0).circle().isEmpty()) {
      throw new ContractViolation("info[0].area[0].circle", "the fan-out needs a circle");
    }
    CapAlert.Circle c = alert.info().get(0).area().get(0).firstCircle();
    return new WarningArea(c.center(), c.radiusM());
  }

  private static final GeometryFactory PLANE = new GeometryFactory();

  /**
   * Whether the place and this area overlap: two circles that meet, or, for a neighbourhood, a
   * circle that reaches into its outline (measured on a plane tangent at the circle's center, exact
   * to well under a metre at a city's scale).
   */
  public boolean touches(Subscription.Place place) {
    if (center.distanceMetresTo(place.center()) > radiusM + place.radiusM()) {
      return false; // not even the circle around the place
    }
    if (place.outline().isEmpty()) {
      return true;
    }
    double cosLat = Math.cos(Math.toRadians(center.lat()));
    Coordinate[] ring = new Coordinate[place.outline().size()];
    for (int k = 0; k < ring.length; k++) {
      GeoPoint p = place.outline().get(k);
      ring[k] =
          new Coordinate(
              (p.lon() - center.lon()) * METRES_PER_DEGREE * cosLat,
              (p.lat() - center.lat()) * METRES_PER_DEGREE);
    }
    Polygon outline = PLANE.createPolygon(ring);
    return outline.distance(PLANE.createPoint(new Coordinate(0, 0))) <= radiusM;
  }

  private static final double METRES_PER_DEGREE = 111_320.0;

  /** The first place of {@code s} this area touches, if its kind is wanted; else null. */
  public Subscription.Place concerns(Subscription s, CapAlert alert) {
    if (!s.active() || (!s.kinds().isEmpty() && !s.kinds().contains(alert.hazard()))) {
      return null;
    }
    for (Subscription.Place p : s.places()) {
      if (touches(p)) {
        return p;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.5f,%.5f %.0f m", center.lat(), center.lon(), radiusM);
  }
}
