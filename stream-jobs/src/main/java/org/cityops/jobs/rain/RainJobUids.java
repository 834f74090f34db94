package org.cityops.jobs.rain;

/**
 * Operator uids of the rain job. Savepoints map state to operators by uid: never change one of
 * these, or the state of that operator is lost on upgrade.
 */
public final class RainJobUids {
  private RainJobUids() {}

  public static final String SOURCE = "rain-readings-source";
  public static final String SPLIT = "rain-split-rejected";

  /** Stateless: rain-gauge readings after their one exchange to the gauge's subtask. */
  public static final String GAUGE_READINGS = "rain-gauge-readings";

  public static final String ROLLING_SUMS = "rain-rolling-sums";
  public static final String HEAVY_RAIN_INCIDENTS = "rain-heavy-rain-incidents";
  public static final String SIREN_INCIDENTS = "rain-siren-level-incidents";
  public static final String GAUGE_HEALTH = "rain-gauge-health";
  public static final String ZONE_OF_SUMS = "rain-zone-of-sums";
  public static final String ZONE_OF_GAUGE_HEALTH = "rain-zone-of-gauge-health";
  public static final String LANDSLIDE_RISK = "rain-landslide-risk";
  public static final String ZONE_SIGNAL_OF_SUMS = "rain-zone-signal-of-sums";
  public static final String ZONE_SIGNAL_OF_GAUGE_HEALTH = "rain-zone-signal-of-gauge-health";
  public static final String ZONE_RISK_STORE = "rain-zone-risk-store";
  public static final String FLOOD_RISK = "water-flood-risk";
  public static final String REPORTS_SOURCE = "reports-source";
  public static final String SPLIT_REPORTS = "reports-split-rejected";
  public static final String REPORT_CELLS = "flooding-report-cells";

  /** Drops dry sums before they cross to {@link #RAIN_CELLS} (stateless). */
  public static final String RAIN_FALLING = "flooding-rain-falling";

  /** Strong rain to rain regions (the name is from when it went to every report cell). */
  public static final String RAIN_CELLS = "flooding-rain-cells";

  public static final String REPORTED_CELLS_TO_REGIONS = "flooding-reported-cells-to-regions";
  public static final String RAIN_FOR_REPORTED_CELLS = "flooding-rain-for-reported-cells";
  public static final String URBAN_FLOODING = "flooding-urban-flooding";

  /**
   * Rule changes from {@code city.control}. They once came from a topic of their own, {@code
   * city.rules}, read by an operator with the uid {@code rain-rules-source}: a savepoint from then
   * restores with {@code --allowNonRestoredState} once; all it drops is the read position in that
   * topic (the pushed versions live in the detectors' state and are kept).
   */
  public static final String CONTROL_SOURCE = "rain-control-source";

  public static final String PARSE_RULES = "rain-rules-parse";
  public static final String NO_RULE_CHANGES = "rain-no-rule-changes";
  public static final String SHADOW_INCIDENTS_SINK = "rain-shadow-incidents-sink";
  public static final String SHADOW_INCIDENTS_STORE = "rain-shadow-incidents-store";

  public static final String INCIDENTS_SINK = "rain-incidents-sink";
  public static final String REJECTED_SINK = "rain-rejected-sink";
  public static final String READINGS_STORE = "rain-readings-store";
  public static final String SUMS_STORE = "rain-sums-store";
  public static final String REJECTED_COUNTER = "rain-rejected-counter";
  public static final String DETECTION_LATENCY = "rain-detection-latency";
}
