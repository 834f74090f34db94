package org.cityops.jobs.traffic;

import java.io.Serializable;

/**
 * The ids and versions of the traffic rules the job starts with. A rules file gives its own;
 * thresholds from single settings are version 0 of {@code traffic-incident}, {@code congestion} and
 * {@code accident-reports} (each also when the rules file has no rule for it), so that any version
 * pushed at run time ({@code city.control}, versions from 1) takes over.
 */
public record TrafficRules(
    String incidentRuleId,
    long incidentVersion,
    String congestionRuleId,
    long congestionVersion,
    String reportsRuleId,
    long reportsVersion)
    implements Serializable {
  public static final TrafficRules FROM_SETTINGS =
      new TrafficRules("traffic-incident", 0, "congestion", 0, "accident-reports", 0);

  /** How the rules are named in logs: {@code traffic-incident v1 (traffic_incident), ...}. */
  public String describe() {
    return incidentRuleId
        + " v"
        + incidentVersion
        + " (traffic_incident), "
        + congestionRuleId
        + " v"
        + congestionVersion
        + " (congestion), "
        + reportsRuleId
        + " v"
        + reportsVersion
        + " (accident_reports)";
  }
}
