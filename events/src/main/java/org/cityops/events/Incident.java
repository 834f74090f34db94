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
 * @param clearedAt event time the conditions returned to normal, or null while active
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
    Instant clearedAt) {

  public Incident {
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
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
    return this;
  }

  /** The key consumers deduplicate on. */
  public String dedupKey() {
    return incidentId + "#" + version;
  }
}
