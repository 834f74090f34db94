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
  public static final String REPORTS_TO_STRETCHES = "traffic-reports-to-stretches";
  public static final String ACCIDENT_REPORTS = "traffic-accident-reports";
  public static final String NO_RULE_CHANGES = "traffic-no-rule-changes";
  public static final String CONTROL_SOURCE = "traffic-control-source";
  public static final String PARSE_RULES = "traffic-rules-parse";
  public static final String SHADOW_INCIDENTS_SINK = "traffic-shadow-incidents-sink";
  public static final String SHADOW_INCIDENTS_STORE = "traffic-shadow-incidents-store";
  public static final String REPORTS_SOURCE = "traffic-reports-source";
  public static final String VALID_REPORTS_ONLY = "traffic-valid-reports-only";

  public static final String SOURCE = "traffic-readings-source";
  public static final String VALID_ONLY = "traffic-valid-only";
  public static final String DETECTION_LATENCY = "traffic-detection-latency";
  public static final String INCIDENTS_SINK = "traffic-incidents-sink";
  public static final String REJECTED_COUNTER = "traffic-rejected-counter";
  public static final String REJECTED_SINK = "traffic-rejected-sink";
  public static final String LEVELS_STORE = "traffic-levels-store";
}
