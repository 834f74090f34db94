package org.cityops.jobs.landslide;

import org.cityops.events.GeoPoint;

/**
 * A rain zone as incidents name it.
 *
 * @param center a point inside the zone
 * @param radiusM the radius of a circle with the zone's area
 */
public record ZoneRef(String id, String name, GeoPoint center, double radiusM) {}
