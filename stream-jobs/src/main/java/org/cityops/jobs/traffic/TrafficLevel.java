package org.cityops.jobs.traffic;

import org.cityops.events.Severity;

/** How traffic flows at a detector, judged by its speed against the free-flow speed. */
public enum TrafficLevel {
  FREE,
  SLOW,
  CONGESTED,
  STANDSTILL;

  /** The incident severity of a level held long enough, or null when it needs no incident. */
  Severity severity() {
    return switch (this) {
      case FREE, SLOW -> null;
      case CONGESTED -> Severity.MINOR;
      case STANDSTILL -> Severity.MODERATE;
    };
  }

  static TrafficLevel of(DetectorReading r, double freeFlowKmh, TrafficConfig.Congestion c) {
    if (r.speedKmh() == null) {
      // nothing passed: an empty road, or a queue that does not move
      return r.occupancyPct() >= 50 ? STANDSTILL : FREE;
    }
    double ratio = r.speedKmh() / freeFlowKmh;
    if (ratio < c.standstillBelow()) {
      return STANDSTILL;
    }
    if (ratio < c.congestedBelow()) {
      return CONGESTED;
    }
    return ratio < c.slowBelow() ? SLOW : FREE;
  }
}
