package org.cityops.jobs.flooding;

import java.time.Instant;
import org.cityops.events.GeoPoint;

/**
 * An open urban-flooding incident of one cell.
 *
 * @param center where the reports that opened it cluster
 * @param lastReportAt time of the newest report that joined it
 * @param corroboratedBy the gauge whose strong rain backs it, or null
 */
public record FloodingState(
    String incidentId,
    GeoPoint center,
    long version,
    Instant openedAt,
    Instant lastReportAt,
    int reporters,
    String corroboratedBy,
    double corroboratingMm) {}
