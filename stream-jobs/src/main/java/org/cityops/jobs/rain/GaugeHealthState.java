package org.cityops.jobs.rain;

import java.time.Instant;
import org.cityops.events.GeoPoint;

/**
 * What {@link GaugeHealthFunction} keeps per gauge.
 *
 * @param lastReportAt event time of the newest report (value or missing marker)
 * @param missingSince start of the current run of missing values, or null
 * @param incidentId the open maintenance incident, or null
 * @param cause why it is open: {@code silent} or {@code missing_values}
 */
public record GaugeHealthState(
    GeoPoint location,
    Instant lastReportAt,
    Instant missingSince,
    int missingInARow,
    String incidentId,
    String cause,
    Instant openedAt,
    long version) {}
