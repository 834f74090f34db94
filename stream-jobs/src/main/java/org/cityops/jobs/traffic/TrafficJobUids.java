package org.cityops.jobs.traffic;

/**
 * Operator uids of the traffic job. Savepoints map state to operators by uid: never change one of
 * these, or the state of that operator is lost on upgrade.
 */
public final class TrafficJobUids {
  private TrafficJobUids() {}

  public static final String CHECK = "traffic-check-readings";
  public static final String HEALTH = "traffic-detector-health";
  public static final String CONGESTION = "traffic-congestion";
  public static final String TO_PAIRS = "traffic-to-pairs";
  public static final String CALIFORNIA = "traffic-california-incidents";
}
