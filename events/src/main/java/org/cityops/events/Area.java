package org.cityops.events;

import java.util.List;

/**
 * Where an incident applies: a circle around {@code center}, optionally named after a zone (a rain
 * zone, a neighbourhood), and optionally the outline of the places it covers (a hotspot's merged
 * neighbourhoods), as closed outer rings, largest first; the circle then encloses the outline.
 */
public record Area(GeoPoint center, double radiusM, String zone, List<Ring> outline) {

  /** A closed ring of points (its last point its first). */
  public record Ring(List<GeoPoint> points) {
    public Ring {
      points = points == null ? List.of() : List.copyOf(points);
    }
  }

  /** The most rings, and points per ring, an outline may have: a CAP area, not a cadastre. */
  public static final int MAX_RINGS = 50;

  public static final int MAX_RING_POINTS = 2_000;

  public Area {
    outline = outline == null || outline.isEmpty() ? null : List.copyOf(outline);
  }

  /** A circle, perhaps named after a zone, with no outline. */
  public Area(GeoPoint center, double radiusM, String zone) {
    this(center, radiusM, zone, null);
  }

  public void validate(String field) {
    Contract.present(center, field + ".center").validate(field + ".center");
    Contract.require(
        Double.isFinite(radiusM) && radiusM >= 0 && radiusM <= 100_000,
        field + ".radiusM",
        "must be between 0 and 100000 m, was " + radiusM);
    Contract.optionalText(zone, field + ".zone", 200);
    if (outline != null) {
      Contract.require(
          outline.size() <= MAX_RINGS,
          field + ".outline",
          "may have at most " + MAX_RINGS + " rings, had " + outline.size());
      for (int i = 0; i < outline.size(); i++) {
        String ring = field + ".outline[" + i + "]";
        List<GeoPoint> points = Contract.present(outline.get(i), ring).points();
        Contract.require(
            points.size() >= 4 && points.size() <= MAX_RING_POINTS,
            ring,
            "needs 4 to " + MAX_RING_POINTS + " points, had " + points.size());
        for (int j = 0; j < points.size(); j++) {
          Contract.present(points.get(j), ring + "[" + j + "]").validate(ring + "[" + j + "]");
        }
        Contract.require(
            points.get(0).equals(points.get(points.size() - 1)),
            ring,
            "must be closed (its last point its first)");
      }
    }
  }
}
