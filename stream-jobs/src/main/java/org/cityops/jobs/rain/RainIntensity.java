package org.cityops.jobs.rain;

import org.cityops.events.Severity;

/**
 * Alerta Rio's hourly rain intensity classes: weak below 5 mm/h, moderate 5 to 25, strong 25.1 to
 * 50, very strong above 50. Heavy rain means strong or very strong.
 */
public enum RainIntensity {
  NONE,
  WEAK,
  MODERATE,
  STRONG,
  VERY_STRONG;

  public static RainIntensity of(double mmPerHour, RainThresholds t) {
    if (mmPerHour <= 0) {
      return NONE;
    }
    if (mmPerHour < t.moderateMm()) {
      return WEAK;
    }
    if (mmPerHour < t.strongMm()) {
      return MODERATE;
    }
    return mmPerHour <= t.veryStrongMm() ? STRONG : VERY_STRONG;
  }

  public boolean isHeavy() {
    return this == STRONG || this == VERY_STRONG;
  }

  /** CAP severity of a heavy-rain incident of this class. */
  public Severity severity() {
    return this == VERY_STRONG ? Severity.SEVERE : Severity.MODERATE;
  }
}
