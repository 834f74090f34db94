package org.cityops.ingestion.validate;

import java.time.Duration;
import java.time.Instant;

/**
 * Plausibility bounds for readings. Values outside are physically implausible for the kind (a
 * broken or spoofed sensor), not merely extreme: the worst 15 minutes of Rio's February 2019 storms
 * held 39.0 mm, and more than 200 mm in one 15-minute reading is refused as absurd.
 *
 * @param maxClockSkew how far in the future of the receiver's clock an event time may be
 * @param earliest event times before this are refused (a sensor with a reset clock)
 */
public record ReadingLimits(
    double maxRainMm,
    double minWaterLevelM,
    double maxWaterLevelM,
    double maxSpeedKmh,
    double maxFlowVehicles,
    double maxWindSpeedKmh,
    double minTemperatureC,
    double maxTemperatureC,
    Duration maxClockSkew,
    Instant earliest) {

  public static ReadingLimits defaults() {
    return new ReadingLimits(
        200,
        -20,
        200,
        300,
        10_000,
        400,
        -60,
        65,
        Duration.ofMinutes(5),
        Instant.parse("2000-01-01T00:00:00Z"));
  }

  public ReadingLimits {
    if (maxClockSkew == null || maxClockSkew.isNegative()) {
      throw new IllegalArgumentException("maxClockSkew must be zero or positive");
    }
    if (earliest == null) {
      throw new IllegalArgumentException("earliest is required");
    }
  }
}
