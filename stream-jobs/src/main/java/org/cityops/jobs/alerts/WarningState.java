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
    boolean confirmed) {

  static WarningState first(String latestJson) {
    return new WarningState(latestJson, 0, null, null, null, null, null, false, null, false);
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
        confirmed);
  }

  WarningState sent(long version, Severity severity, String area) {
    return new WarningState(
        latestJson, version, severity, area, null, null, null, false, approvedUpTo, confirmed);
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
        confirmed);
  }

  WarningState approved(Severity upTo, boolean confirmedNow) {
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
        confirmed || confirmedNow);
  }
}
