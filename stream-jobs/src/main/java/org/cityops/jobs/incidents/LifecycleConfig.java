package org.cityops.jobs.incidents;

import java.io.Serializable;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.cityops.events.IncidentType;
import org.cityops.jobs.common.ConfigException;
import org.cityops.jobs.common.Settings;

/**
 * Settings of the incident lifecycle ({@link IncidentLifecycle}).
 *
 * @param downgradeHold how long the evidence must stay below an incident's severity before the
 *     severity falls ({@code incidents.downgrade-hold}, default 30 min)
 * @param clearedRetention how long a cleared incident nobody acknowledged is kept for the
 *     acknowledgement before it is forgotten ({@code incidents.cleared-retention}, default 2 days)
 * @param unfused kinds whose detections are never fused: each is its own incident ({@code
 *     incidents.unfused}, default {@code sensor_maintenance}: one broken gauge is one work order)
 * @param roster who may act on incidents, in which role
 */
public record LifecycleConfig(
    Duration downgradeHold,
    Duration clearedRetention,
    Set<IncidentType> unfused,
    ControlRoster roster)
    implements Serializable {

  public LifecycleConfig {
    unfused = unfused.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(unfused));
  }

  public static LifecycleConfig from(Settings s) {
    Set<IncidentType> unfused = EnumSet.noneOf(IncidentType.class);
    String list = s.text("incidents.unfused", IncidentType.SENSOR_MAINTENANCE.code());
    for (String code : list.split(",")) {
      String c = code.strip();
      if (c.isEmpty()) {
        continue;
      }
      IncidentType type = IncidentType.ofCode(c);
      if (type == null) {
        throw new ConfigException(
            "incidents.unfused",
            "names '" + c + "', which is not an incident type; types are " + codes());
      }
      unfused.add(type);
    }
    return new LifecycleConfig(
        s.duration(
            "incidents.downgrade-hold", Duration.ofMinutes(30), Duration.ZERO, Duration.ofDays(1)),
        s.duration(
            "incidents.cleared-retention",
            Duration.ofDays(2),
            Duration.ofMinutes(1),
            Duration.ofDays(30)),
        unfused,
        ControlRoster.from(s));
  }

  private static String codes() {
    return java.util.Arrays.stream(IncidentType.values())
        .map(IncidentType::code)
        .collect(java.util.stream.Collectors.joining(", "));
  }
}
