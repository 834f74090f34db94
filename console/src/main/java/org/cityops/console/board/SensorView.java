package org.cityops.console.board;

import java.time.Duration;
import java.time.Instant;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.cityops.events.SensorKind;

/**
 * A sensor as the console shows it: where, its latest reading, and whether it has gone quiet.
 *
 * @param value the latest measurement, in words ("12.4 mm"), or null when it sent none
 * @param silentSeconds how long since its latest reading, by the console's clock
 * @param stale silent for longer than the console's limit: its area is blind, not calm
 */
public record SensorView(
    String sensorId,
    SensorKind kind,
    GeoPoint location,
    Instant lastReadingAt,
    String value,
    long silentSeconds,
    boolean stale) {

  static SensorView of(Reading r, Instant now, Duration staleAfter) {
    Duration silent = Duration.between(r.time(), now);
    return new SensorView(
        r.sensorId(),
        r.kind(),
        r.location(),
        r.time(),
        value(r),
        Math.max(0, silent.toSeconds()),
        silent.compareTo(staleAfter) > 0);
  }

  private static String value(Reading r) {
    if (r.rainMm() != null) {
      return r.rainMm() + " mm";
    }
    if (r.waterLevelM() != null) {
      return r.waterLevelM() + " m";
    }
    if (r.speedKmh() != null) {
      return r.speedKmh() + " km/h";
    }
    if (r.temperatureC() != null) {
      return r.temperatureC() + " °C";
    }
    return null;
  }
}
