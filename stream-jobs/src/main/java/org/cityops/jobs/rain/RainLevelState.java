package org.cityops.jobs.rain;

import java.time.Instant;
import org.cityops.events.GeoPoint;
import org.cityops.events.Severity;

/**
 * What {@link RainLevelIncidentFunction} keeps per gauge while an incident is open.
 *
 * @param peakMm the highest 1 h sum seen during the incident
 * @param lowerSince start of the current spell of rain below the incident's severity, or null
 * @param normalSince start of the current spell of normal rain, or null
 */
public record RainLevelState(
    String incidentId,
    GeoPoint location,
    Instant openedAt,
    Severity severity,
    long version,
    double peakMm,
    Instant peakAt,
    Instant lastWindowEnd,
    Instant lowerSince,
    Instant normalSince) {

  /** A new incident opened by {@code sums}; the id is the type, the gauge and the event time. */
  static RainLevelState open(String typeName, RainSums sums, Severity severity) {
    Instant at = sums.windowEnd();
    return new RainLevelState(
        typeName + ":" + sums.gaugeId() + ":" + at.getEpochSecond(),
        sums.location(),
        at,
        severity,
        1,
        sums.rain1hMm(),
        at,
        at,
        null,
        null);
  }

  /** The same incident having seen {@code sums}: the peak kept or raised, the last end moved on. */
  RainLevelState seen(RainSums sums) {
    boolean newPeak = sums.rain1hMm() > peakMm;
    Instant last = sums.windowEnd().isAfter(lastWindowEnd) ? sums.windowEnd() : lastWindowEnd;
    return new RainLevelState(
        incidentId,
        location,
        openedAt,
        severity,
        version,
        newPeak ? sums.rain1hMm() : peakMm,
        newPeak ? sums.windowEnd() : peakAt,
        last,
        lowerSince,
        normalSince);
  }

  /** The same incident with the spells of lower and of normal rain as given. */
  RainLevelState spells(Instant newLowerSince, Instant newNormalSince) {
    return new RainLevelState(
        incidentId,
        location,
        openedAt,
        severity,
        version,
        peakMm,
        peakAt,
        lastWindowEnd,
        newLowerSince,
        newNormalSince);
  }

  /** The next version at {@code newSeverity}; the spells start over. */
  RainLevelState nextVersion(Severity newSeverity) {
    return new RainLevelState(
        incidentId,
        location,
        openedAt,
        newSeverity,
        version + 1,
        peakMm,
        peakAt,
        lastWindowEnd,
        null,
        null);
  }
}
