package org.cityops.jobs.flooding;

import java.io.Serializable;
import java.time.Duration;
import org.cityops.jobs.common.Settings;

/**
 * When residents' flood reports make an incident ({@code flooding.*}).
 *
 * @param minReporters distinct reporters needed (one person reporting five times is one)
 * @param radiusM reports count together when within this distance of the newest
 * @param window ... and within this time before it
 * @param clearAfter the incident clears when no report came for this long
 * @param rainRadiusM a gauge this close with strong rain corroborates the reports
 * @param strongRainMm the hourly rain that corroborates (Alerta Rio's strong: 25.1 mm)
 */
public record FloodingConfig(
    int minReporters,
    double radiusM,
    Duration window,
    Duration clearAfter,
    double rainRadiusM,
    double strongRainMm)
    implements Serializable {

  /**
   * The same settings with an urban-flooding rule's thresholds (the radius, window and clear time
   * stay: they shape the grid and the state).
   */
  public FloodingConfig withRule(int newMinReporters, double newStrongRainMm) {
    return new FloodingConfig(
        newMinReporters, radiusM, window, clearAfter, rainRadiusM, newStrongRainMm);
  }

  public static FloodingConfig from(Settings s) {
    return new FloodingConfig(
        s.integer("flooding.min-reporters", 3, 1, 1_000),
        s.number("flooding.radius-m", 500, 10, 10_000),
        s.duration(
            "flooding.window", Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofDays(1)),
        s.duration(
            "flooding.clear-after", Duration.ofHours(2), Duration.ofMinutes(1), Duration.ofDays(7)),
        s.number("flooding.rain-radius-m", 3_000, 10, 50_000),
        s.number("flooding.strong-rain-mm", 25.1, 0.1, 1_000));
  }
}
