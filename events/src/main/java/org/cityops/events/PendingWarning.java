package org.cityops.events;

import java.time.Instant;

/**
 * A public warning held back until a person decides, on {@code city.pending-warnings} keyed by
 * incident: a Severe or Extreme one waits for a supervisor's approval, one raised by residents'
 * reports alone for an operator's confirmation. Published when it starts waiting, again (with
 * {@code escalated}) when it has waited too long, and with {@code resolved} once sent or moot.
 *
 * @param waitingSince event time of the incident version that started the wait
 */
public record PendingWarning(
    String incidentId,
    long incidentVersion,
    IncidentType type,
    Severity severity,
    Reason reason,
    Instant waitingSince,
    boolean escalated,
    boolean resolved) {

  /** Why the warning waits. */
  public enum Reason {
    @com.fasterxml.jackson.annotation.JsonProperty("needs_supervisor_approval")
    NEEDS_SUPERVISOR_APPROVAL,
    @com.fasterxml.jackson.annotation.JsonProperty("reports_only_needs_confirmation")
    REPORTS_ONLY_NEEDS_CONFIRMATION
  }

  /** The key consumers deduplicate on. */
  public String dedupKey() {
    return incidentId + "#" + incidentVersion + (escalated ? "!" : "") + (resolved ? "." : "");
  }
}
