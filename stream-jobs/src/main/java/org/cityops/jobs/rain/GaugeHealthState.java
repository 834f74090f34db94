package org.cityops.jobs.rain;

import java.time.Instant;
import org.cityops.events.GeoPoint;

/**
 * What {@link GaugeHealthFunction} keeps per gauge.
 *
 * @param lastReportAt event time of the newest report (value or missing marker)
 * @param missingInARow how many of the newest reports in a row were missing values
 * @param incidentId the open maintenance incident, or null
 */
public record GaugeHealthState(
    GeoPoint location,
    Instant lastReportAt,
    int missingInARow,
    String incidentId,
    Instant openedAt,
    long version) {}
