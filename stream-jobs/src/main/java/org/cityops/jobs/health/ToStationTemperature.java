package org.cityops.jobs.health;

import java.time.ZoneId;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.cityops.events.Quality;
import org.cityops.events.Reading;
import org.cityops.events.SensorKind;

/**
 * Weather readings with a temperature become station temperatures on the city's local day; other
 * readings pass by unremarked (other jobs judge them). Stateless.
 */
public final class ToStationTemperature implements FlatMapFunction<Reading, StationTemperature> {
  /** Outside what Rio's stations ever measure: a broken sensor, not weather. */
  static final double MIN_C = -10;

  static final double MAX_C = 50;

  private final String timeZone;

  public ToStationTemperature(String timeZone) {
    this.timeZone = timeZone;
  }

  @Override
  public void flatMap(Reading r, Collector<StationTemperature> out) {
    if (r.kind() != SensorKind.WEATHER
        || r.temperatureC() == null
        || r.quality() == Quality.MISSING
        || r.temperatureC() < MIN_C
        || r.temperatureC() > MAX_C) {
      return;
    }
    out.collect(
        new StationTemperature(
            r.sensorId(),
            r.location(),
            r.time().atZone(ZoneId.of(timeZone)).toLocalDate().toEpochDay(),
            r.temperatureC()));
  }
}
