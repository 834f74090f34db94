package org.cityops.jobs.alerts;

/** Stable operator ids of the alerts job: savepoints find their state by these. */
public final class AlertsJobUids {
  private AlertsJobUids() {}

  public static final String DETECTIONS_SOURCE = "alerts-detections-source";
  public static final String CONTROL_SOURCE = "alerts-control-source";
  public static final String PARSE_DETECTIONS = "alerts-parse-detections";
  public static final String LIFECYCLE = "alerts-incident-lifecycle";
  public static final String INCIDENTS_SINK = "alerts-incidents-sink";
  public static final String INCIDENTS_STORE = "alerts-incidents-store";
  public static final String PARSE_CONTROL = "alerts-parse-control";
  public static final String SEQUENCER = "alerts-warning-sequencer";
  public static final String ALERTS_SINK = "alerts-cap-sink";
  public static final String PENDING_SINK = "alerts-pending-sink";
  public static final String REJECTED_SINK = "alerts-rejected-sink";
  public static final String STAGE = "alerts-city-stage";
  public static final String STAGE_SINK = "alerts-city-stage-sink";
  public static final String STAGE_STORE = "alerts-city-stage-store";
  public static final String REJECTED_COUNTER = "alerts-rejected-counter";
  public static final String ROAD_EVENTS = "alerts-road-events";
  public static final String ROAD_EVENTS_SINK = "alerts-road-events-sink";
}
