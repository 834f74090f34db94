package org.cityops.jobs.health;

import java.time.Instant;
import java.util.List;
import org.cityops.events.Severity;

/**
 * An open hotspot incident as the hotspot function keeps it.
 *
 * @param members the neighbourhood ids in it now, sorted
 * @param confirmed whether a significant scan cluster covers one of them
 */
public record Hotspot(
    String incidentId,
    List<String> members,
    Severity severity,
    boolean confirmed,
    long version,
    Instant openedAt) {

  /** Whether the incident a new version would show differs from this one. */
  boolean sameAs(List<String> otherMembers, Severity otherSeverity, boolean otherConfirmed) {
    return members.equals(otherMembers) && severity == otherSeverity && confirmed == otherConfirmed;
  }
}
