package org.cityops.jobs.alerts;

import java.time.Instant;
import org.cityops.events.PendingWarning;
import org.cityops.events.Severity;

/**
 * One incident's public warning: what was last sent, what waits for a person, and what people have
 * allowed. Incidents travel as their contract JSON so the state needs no generic types.
 *
 * @param latestJson the newest version of the incident seen
 * @param lastSentVersion the incident version the last CAP message reflected; 0 before any
 * @param lastSentSeverity and its severity, to tell an Update worth sending
 * @param lastSentArea and its area, likewise
 * @param pendingJson the version held back, or null
 * @param pendingReason why it is held
 * @param pendingSince event time the current wait began
 * @param escalated whether the current wait was already escalated
 * @param approvedUpTo the highest severity a supervisor approved for this incident, or null
 * @param supervisorApprovedAt event time of the latest supervisor's approval: versions up to that
 *     time count as approved even if the approval arrived before them (arrival order of the
 *     incident and control streams is not event-time order)
 * @param confirmed whether an operator confirmed an incident raised by reports alone
 */
public record WarningState(
    String latestJson,
    long lastSentVersion,
    Severity lastSentSeverity,
    String lastSentArea,
    String pendingJson,
    PendingWarning.Reason pendingReason,
    Instant pendingSince,
    boolean escalated,
    Severity approvedUpTo,
    Instant supervisorApprovedAt,
    boolean confirmed) {

  static WarningState first(String latestJson) {
    return new WarningState(latestJson, 0, null, null, null, null, null, false, null, null, false);
  }

  WarningState seen(String json) {
    return new WarningState(
        json,
        lastSentVersion,
        lastSentSeverity,
        lastSentArea,
        pendingJson,
        pendingReason,
        pendingSince,
        escalated,
        approvedUpTo,
        supervisorApprovedAt,
        confirmed);
  }

  WarningState sent(long version, Severity severity, String area) {
    return new WarningState(
        latestJson,
        version,
        severity,
        area,
        null,
        null,
        null,
        false,
        approvedUpTo,
        supervisorApprovedAt,
        confirmed);
  }

  WarningState waiting(String json, PendingWarning.Reason reason, Instant since) {
    return new WarningState(
        latestJson,
        lastSentVersion,
        lastSentSeverity,
        lastSentArea,
        json,
        reason,
        since,
        escalated,
        approvedUpTo,
        supervisorApprovedAt,
        confirmed);
  }

  WarningState escalatedNow() {
    return new WarningState(
        latestJson,
        lastSentVersion,
        lastSentSeverity,
        lastSentArea,
        pendingJson,
        pendingReason,
        pendingSince,
        true,
        approvedUpTo,
        supervisorApprovedAt,
        confirmed);
  }

  WarningState approved(Severity upTo, Instant supervisorAt, boolean confirmedNow) {
    return new WarningState(
        latestJson,
        lastSentVersion,
        lastSentSeverity,
        lastSentArea,
        pendingJson,
        pendingReason,
        pendingSince,
        escalated,
        upTo,
        supervisorAt,
        confirmed || confirmedNow);
  }
}
