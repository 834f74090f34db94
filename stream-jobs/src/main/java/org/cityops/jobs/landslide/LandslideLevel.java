package org.cityops.jobs.landslide;

import org.cityops.events.Severity;

/**
 * GeoRio's four landslide probabilities, as Alerta Rio publishes them per area: low (landslides
 * only from local causes), medium (occasional, mostly on cut and fill slopes), high (scattered, on
 * natural and cut slopes), very high (widespread, along the roads through the hills).
 */
public enum LandslideLevel {
  LOW,
  MEDIUM,
  HIGH,
  VERY_HIGH;

  /** The incident severity of this level; null for low, which raises no incident. */
  public Severity severity() {
    return switch (this) {
      case LOW -> null;
      case MEDIUM -> Severity.MODERATE;
      case HIGH -> Severity.SEVERE;
      case VERY_HIGH -> Severity.EXTREME;
    };
  }

  /** The level of an incident severity (inverse of {@link #severity}). */
  public static LandslideLevel of(Severity severity) {
    if (severity == null) {
      return LOW;
    }
    return switch (severity) {
      case MINOR -> LOW;
      case MODERATE -> MEDIUM;
      case SEVERE -> HIGH;
      case EXTREME -> VERY_HIGH;
    };
  }

  public LandslideLevel max(LandslideLevel other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
