package org.cityops.jobs.traffic;

import java.time.Instant;
import org.cityops.events.GeoPoint;

/**
 * A resident's report of an accident or a blocked road, put on the stretch of road nearest it.
 *
 * @param stretchId the stretch ({@code way:lower~higher} node ids; both carriageways)
 * @param middle the middle of the stretch
 * @param halfLengthM half its length
 */
public record StretchReport(
    String stretchId,
    GeoPoint middle,
    double halfLengthM,
    String reportId,
    String reporterId,
    Instant time) {}
