package org.cityops.events;

/** Kafka topic names; the one place they are spelled. */
public final class Topics {
  private Topics() {}

  public static final String READINGS = "city.readings";
  public static final String REPORTS = "city.reports";

  /** Health units' notifications of arbovirus cases ({@link CaseNotification}). */
  public static final String CASES = "city.cases";

  public static final String REJECTED = "city.rejected";

  /**
   * The detectors' own incidents (keyed by their id), before fusion and the operators' lifecycle.
   */
  public static final String DETECTIONS = "city.detections";

  /**
   * A shadow job's incidents: a candidate rule set judging the live data beside the live rules.
   * Nothing that reaches operators or residents reads it.
   */
  public static final String DETECTIONS_SHADOW = "city.detections.shadow";

  /** Incidents as the operators see them: fused, acknowledged, assigned; keyed by incident id. */
  public static final String INCIDENTS = "city.incidents";

  public static final String ALERTS = "city.alerts";

  /** Open511 road events of the public warnings that affect roads, keyed by incident. */
  public static final String ROAD_EVENTS = "city.road-events";

  public static final String NOTIFICATIONS = "city.notifications";

  /**
   * What people send back into the jobs, written only by the console's identity: operators' actions
   * on incidents ({@link ControlMessage}, keyed by incident id, so each incident's actions stay in
   * order) and new versions of detection rules that engineers push through the console ({@link
   * RainRuleChange}, keyed by rule id). {@link ControlRecords} tells them apart.
   */
  public static final String CONTROL = "city.control";

  /** Residents' subscriptions to places and hazards, keyed by resident (compacted). */
  public static final String SUBSCRIPTIONS = "city.subscriptions";

  /** Better routes for residents whose commute is blocked or slow, keyed by resident. */
  public static final String ROUTE_ADVICE = "city.route-advice";

  /** The city's operating stage, 1 (normal) to 5 (crisis), on each change. */
  public static final String STAGE = "city.stage";

  /** Public warnings waiting for a person's approval or confirmation, and their escalations. */
  public static final String PENDING_WARNINGS = "city.pending-warnings";
}
