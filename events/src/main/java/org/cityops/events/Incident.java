package org.cityops.events;

import java.time.Instant;
import java.util.List;

/**
 * An incident as the operators see it. Every change produces a new {@code version}; consumers
 * deduplicate on (incidentId, version). An incident is rebuilt from operator state and event time
 * only, never from the wall clock, so a replay re-emits identical records.
 *
 * @param openedAt event time of the first evidence
 * @param updatedAt event time of the change that made this version
 * @param clearedAt event time the conditions returned to normal (or an operator closed it), or null
 *     while active
 * @param assignee to whom an operator assigned it, or null
 * @param mergedInto for an incident closed by fusion, the older incident that lives on; else null
 * @param change what made this version, or null for a detector's own output (a detection)
 */
public record Incident(
    String incidentId,
    IncidentType type,
    Area area,
    Severity severity,
    IncidentStatus status,
    List<Evidence> evidence,
    long version,
    Instant openedAt,
    Instant updatedAt,
    Instant clearedAt,
    String assignee,
    String mergedInto,
    IncidentChange change) {

  public Incident {
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
  }

  /** A detector's output: no assignee, no fusion, no change record. */
  public Incident(
      String incidentId,
      IncidentType type,
      Area area,
      Severity severity,
      IncidentStatus status,
      List<Evidence> evidence,
      long version,
      Instant openedAt,
      Instant updatedAt,
      Instant clearedAt) {
    this(
        incidentId,
        type,
        area,
        severity,
        status,
        evidence,
        version,
        openedAt,
        updatedAt,
        clearedAt,
        null,
        null,
        null);
  }

  public Incident validate() {
    Contract.text(incidentId, "incidentId", 200);
    Contract.present(type, "type");
    Contract.present(area, "area").validate("area");
    Contract.present(severity, "severity");
    Contract.present(status, "status");
    for (int i = 0; i < evidence.size(); i++) {
      Contract.present(evidence.get(i), "evidence[" + i + "]").validate("evidence[" + i + "]");
    }
    Contract.require(version >= 1, "version", "must be at least 1, was " + version);
    Contract.present(openedAt, "openedAt");
    Contract.present(updatedAt, "updatedAt");
    Contract.require(!updatedAt.isBefore(openedAt), "updatedAt", "must not precede openedAt");
    Contract.optionalText(assignee, "assignee", 200);
    Contract.optionalText(mergedInto, "mergedInto", 200);
    if (change != null) {
      change.validate("change");
    }
    return this;
  }

  public Incident withAssignee(String to) {
    return new Incident(
        incidentId,
        type,
        area,
        severity,
        status,
        evidence,
        version,
        openedAt,
        updatedAt,
        clearedAt,
        to,
        mergedInto,
        change);
  }

  public Incident withMergedInto(String olderId) {
    return new Incident(
        incidentId,
        type,
        area,
        severity,
        status,
        evidence,
        version,
        openedAt,
        updatedAt,
        clearedAt,
        assignee,
        olderId,
        change);
  }

  /** The key consumers deduplicate on. */
  public String dedupKey() {
    return incidentId + "#" + version;
  }
}
