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
    Instant normalSince) {}
