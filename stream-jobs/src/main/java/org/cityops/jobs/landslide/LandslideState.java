package org.cityops.jobs.landslide;

import java.time.Instant;
import org.cityops.events.Severity;

/**
 * What {@link LandslideRiskFunction} keeps per zone besides its gauges.
 *
 * @param incidentId the open incident, or null when none is open
 * @param reportedLevel the level last published as {@link ZoneRisk}
 * @param reportedDegraded the degraded mark last published
 * @param lastAt the latest event time the zone has seen
 */
public record LandslideState(
    ZoneRef zone,
    String incidentId,
    Severity severity,
    long version,
    Instant openedAt,
    Instant lowerSince,
    Instant normalSince,
    boolean incidentDegraded,
    LandslideLevel reportedLevel,
    boolean reportedDegraded,
    Instant lastAt) {

  static LandslideState quiet(ZoneRef zone, Instant at) {
    return new LandslideState(
        zone, null, null, 0, null, null, null, false, LandslideLevel.LOW, false, at);
  }

  boolean open() {
    return incidentId != null;
  }

  LandslideState opened(String id, Severity newSeverity, Instant at, boolean degraded) {
    return new LandslideState(
        zone, id, newSeverity, 1, at, null, null, degraded, reportedLevel, reportedDegraded, at);
  }

  LandslideState changed(Severity newSeverity, boolean degraded) {
    return new LandslideState(
        zone,
        incidentId,
        newSeverity,
        version + 1,
        openedAt,
        null,
        null,
        degraded,
        reportedLevel,
        reportedDegraded,
        lastAt);
  }

  LandslideState closed() {
    return new LandslideState(
        zone, null, null, 0, null, null, null, false, reportedLevel, reportedDegraded, lastAt);
  }

  LandslideState spells(Instant newLowerSince, Instant newNormalSince) {
    return new LandslideState(
        zone,
        incidentId,
        severity,
        version,
        openedAt,
        newLowerSince,
        newNormalSince,
        incidentDegraded,
        reportedLevel,
        reportedDegraded,
        lastAt);
  }

  LandslideState reported(LandslideLevel level, boolean degraded) {
    return new LandslideState(
        zone,
        incidentId,
        severity,
        version,
        openedAt,
        lowerSince,
        normalSince,
        incidentDegraded,
        level,
        degraded,
        lastAt);
  }

  LandslideState at(ZoneRef newZone, Instant at) {
    Instant latest = lastAt == null || at.isAfter(lastAt) ? at : lastAt;
    return new LandslideState(
        newZone,
        incidentId,
        severity,
        version,
        openedAt,
        lowerSince,
        normalSince,
        incidentDegraded,
        reportedLevel,
        reportedDegraded,
        latest);
  }
}
