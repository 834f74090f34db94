package org.cityops.ingestion.simulator.traffic;

import java.time.Instant;

/**
 * Ground truth: one thing the simulator did to the traffic or its detectors.
 *
 * @param kind what happened
 * @param segmentId the segment it happened on (for a stuck detector, the detector's segment)
 * @param upstream the detector before the place (for a stuck detector: the detector itself)
 * @param downstream the detector after the place, or null
 * @param start when it began
 * @param end when it was cleared
 * @param lanesBlocked lanes lost (accident) or all lanes (closure); 0 for a stuck detector
 * @param capacityShare capacity left at the place while it lasts
 */
public record TrafficEvent(
    Kind kind,
    String segmentId,
    String upstream,
    String downstream,
    Instant start,
    Instant end,
    int lanesBlocked,
    double capacityShare) {

  public enum Kind {
    /** A crash: some lanes lost for a while; queues upstream, thin traffic downstream. */
    ACCIDENT,
    /** A road shut on purpose (works, an event): no traffic passes. */
    CLOSURE,
    /** A detector repeating its last values: a fault, not traffic. */
    STUCK_DETECTOR
  }

  public boolean activeAt(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }
}
