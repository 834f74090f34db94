package org.cityops.jobs.traffic;

import java.time.Instant;

/**
 * A detector's traffic at the end of one interval, for the dashboards and for route advice.
 *
 * @param freeFlowKmh the free-flow speed it was judged against
 * @param level the level held for the configured number of intervals
 */
public record SegmentStatus(
    String detectorId,
    String segmentId,
    Instant time,
    Double speedKmh,
    double occupancyPct,
    double flow,
    double freeFlowKmh,
    TrafficLevel level) {}
