package org.cityops.jobs.health;

import java.time.LocalDate;
import org.cityops.events.GeoPoint;

/**
 * A weather station's temperature on a local day: one reading, or (in broadcast state) the day's
 * lowest so far.
 */
public record StationTemperature(
    String stationId, GeoPoint location, long epochDay, double temperatureC) {
  public LocalDate day() {
    return LocalDate.ofEpochDay(epochDay);
  }
}
