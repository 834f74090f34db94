package org.cityops.jobs.incidents;

import java.time.Instant;
import org.cityops.events.ControlMessage;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;

/**
 * One stream into the {@link IncidentLifecycle}: a detector's incident version (a detection) or an
 * operator's action. Exactly one is set. Both are keyed by incident kind, the scope of fusion; an
 * action finds its kind at the head of the incident id it names.
 */
public record LifecycleInput(Incident detection, ControlMessage control) {
  /** The key of actions whose incident id names no kind: refused there as unknown. */
  public static final String NO_KIND = "-";

  public static LifecycleInput of(Incident detection) {
    return new LifecycleInput(detection, null);
  }

  public static LifecycleInput of(ControlMessage control) {
    return new LifecycleInput(null, control);
  }

  public String kind() {
    IncidentType type =
        detection != null ? detection.type() : IncidentType.ofIncidentId(control.incidentId());
    return type == null ? NO_KIND : type.code();
  }

  public Instant time() {
    return detection != null ? detection.updatedAt() : control.at();
  }
}
