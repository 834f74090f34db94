package org.cityops.jobs.alerts;

import org.cityops.events.ControlMessage;
import org.cityops.events.Incident;

/**
 * One input of the {@link WarningSequencer}: an incident version or an operator's control message,
 * exactly one of them. One stream of both keeps, per incident, the order in which they were put in:
 * live, the order they happened; in a replay, the order the replay chose.
 */
public record WarningInput(Incident incident, ControlMessage control) {
  public static WarningInput of(Incident incident) {
    return new WarningInput(incident, null);
  }

  public static WarningInput of(ControlMessage control) {
    return new WarningInput(null, control);
  }

  public String incidentId() {
    return incident != null ? incident.incidentId() : control.incidentId();
  }
}
