package org.cityops.jobs.incidents;

import java.time.Instant;
import java.util.List;
import org.cityops.events.Severity;

/**
 * What the lifecycle keeps of one incident.
 *
 * @param incidentJson the last version emitted (JSON: the bytes a replay must reproduce)
 * @param lowerSince start of the spell in which the evidence called for less than the incident's
 *     severity, or null
 * @param floor the least severity an operator set (opened by hand, escalated), or null
 * @param manual opened by an operator: it never clears itself, an operator closes it
 * @param actions ids of the control messages applied, so a re-sent action is applied once
 */
public record ManagedState(
    String incidentJson, Instant lowerSince, Severity floor, boolean manual, List<String> actions) {

  public ManagedState {
    actions = List.copyOf(actions);
  }
}
