package org.cityops.jobs.rain;

import java.time.Instant;
import org.cityops.events.GeoPoint;
import org.cityops.events.Severity;

/**
 * What {@link HeavyRainIncidentFunction} keeps per gauge while a heavy-rain incident is open.
 *
 * @param lowerSince start of the current spell of rain below the incident's severity, or null
 * @param normalSince start of the current spell of rain below heavy, or null
 */
public record HeavyRainState(
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

  /** A new incident opened by {@code sum}. */
  static HeavyRainState open(HourlyRain sum, Severity severity) {
    Instant at = sum.windowEnd();
    return new HeavyRainState(
        "heavy_rain:" + sum.gaugeId() + ":" + at.getEpochSecond(),
        sum.location(),
        at,
        severity,
        1,
        sum.rain1hMm(),
        at,
        at,
        null,
        null);
  }

  /** The same incident having seen {@code sum}: the peak kept or raised, the last hour moved on. */
  HeavyRainState seen(HourlyRain sum) {
    boolean newPeak = sum.rain1hMm() > peakMm;
    Instant last = sum.windowEnd().isAfter(lastWindowEnd) ? sum.windowEnd() : lastWindowEnd;
    return new HeavyRainState(
        incidentId,
        location,
        openedAt,
        severity,
        version,
        newPeak ? sum.rain1hMm() : peakMm,
        newPeak ? sum.windowEnd() : peakAt,
        last,
        lowerSince,
        normalSince);
  }

  /** The same incident with the spells of lower and of normal rain as given. */
  HeavyRainState spells(Instant newLowerSince, Instant newNormalSince) {
    return new HeavyRainState(
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
  HeavyRainState nextVersion(Severity newSeverity) {
    return new HeavyRainState(
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
