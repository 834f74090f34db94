package org.cityops.jobs.health;

/**
 * Operator uids of the health job. Savepoints map state to operators by uid: never change one of
 * these, or the state of that operator is lost on upgrade.
 */
public final class HealthJobUids {
  private HealthJobUids() {}

  public static final String PLACE = "health-place-cases";
  public static final String DEDUPLICATE = "health-deduplicate-cases";
  public static final String TEMPERATURES = "health-station-temperatures";
  public static final String SURVEILLANCE = "health-neighbourhood-surveillance";
  public static final String SCAN = "health-space-time-scan";
  public static final String HOTSPOTS = "health-hotspots";
  public static final String TEMPERATURE_SIGNALS = "health-temperature-signals";
  public static final String RULE_SIGNALS = "health-rule-signals";
  public static final String ALARM_SIGNALS = "health-alarm-signals";
  public static final String SCAN_SIGNALS = "health-scan-signals";
  public static final String NO_RULE_CHANGES = "health-no-rule-changes";
  public static final String CONTROL_SOURCE = "health-control-source";
  public static final String PARSE_RULES = "health-rules-parse";
  public static final String SHADOW_INCIDENTS_SINK = "health-shadow-incidents-sink";
  public static final String SHADOW_INCIDENTS_STORE = "health-shadow-incidents-store";
  public static final String PLACE_REPORTS = "health-place-reports";
  public static final String RESIDENT_REPORTS = "health-resident-reports";
  public static final String REPORTS_SOURCE = "health-reports-source";
  public static final String VALID_REPORTS_ONLY = "health-valid-reports-only";
  public static final String REPORTS_STORE = "health-reports-store";

  public static final String CASES_SOURCE = "health-cases-source";
  public static final String VALID_CASES_ONLY = "health-valid-cases-only";
  public static final String UNPARSED_CASES = "health-unparsed-cases";
  public static final String READINGS_SOURCE = "health-readings-source";
  public static final String VALID_READINGS_ONLY = "health-valid-readings-only";
  public static final String DETECTION_LATENCY = "health-detection-latency";
  public static final String INCIDENTS_SINK = "health-incidents-sink";
  public static final String REJECTED_COUNTER = "health-rejected-counter";
  public static final String REJECTED_SINK = "health-rejected-sink";
  public static final String WEEKS_STORE = "health-weeks-store";
  public static final String DAYS_STORE = "health-days-store";
  public static final String SCANS_STORE = "health-scans-store";
}
