package org.cityops.jobs.water;

import java.time.Instant;
import org.cityops.events.GeoPoint;
import org.cityops.events.Severity;

/**
 * What {@link WaterLevelFunction} keeps per station besides its recent levels.
 *
 * @param lastAt time of the newest reading judged
 * @param incidentId the open flood-risk incident, or null
 */
public record WaterLevelState(
    GeoPoint location,
    Instant lastAt,
    String incidentId,
    Severity severity,
    long version,
    Instant openedAt,
    Instant lowerSince,
    Instant normalSince) {

  static WaterLevelState first(GeoPoint location, Instant at) {
    return new WaterLevelState(location, at, null, null, 0, null, null, null);
  }

  WaterLevelState seen(GeoPoint newLocation, Instant at) {
    return new WaterLevelState(
        newLocation, at, incidentId, severity, version, openedAt, lowerSince, normalSince);
  }

  WaterLevelState opened(String id, Severity newSeverity) {
    return new WaterLevelState(location, lastAt, id, newSeverity, 1, lastAt, null, null);
  }

  WaterLevelState changed(Severity newSeverity) {
    return new WaterLevelState(
        location, lastAt, incidentId, newSeverity, version + 1, openedAt, null, null);
  }

  WaterLevelState closed() {
    return new WaterLevelState(location, lastAt, null, null, 0, null, null, null);
  }

  WaterLevelState spells(Instant newLowerSince, Instant newNormalSince) {
    return new WaterLevelState(
        location, lastAt, incidentId, severity, version, openedAt, newLowerSince, newNormalSince);
  }
}
