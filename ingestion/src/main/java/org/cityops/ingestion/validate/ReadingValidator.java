package org.cityops.ingestion.validate;

import java.time.Instant;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.ingestion.parse.ParseException;

/**
 * Plausibility checks a structurally valid reading must pass before it enters Kafka: values in
 * range for the kind, and an event time neither in the future (beyond the allowed clock skew) nor
 * absurdly old. Stateless; lateness against the stream is judged by the jobs, not here.
 */
public final class ReadingValidator {
  private final ReadingLimits limits;

  public ReadingValidator(ReadingLimits limits) {
    this.limits = limits;
  }

  public void check(Reading r, Instant receivedAt) throws ParseException {
    if (r.time().isAfter(receivedAt.plus(limits.maxClockSkew()))) {
      throw new ParseException(
          RejectReason.FUTURE_TIME,
          "field 'time' "
              + r.time()
              + " is more than "
              + limits.maxClockSkew()
              + " ahead of the receiver's clock "
              + receivedAt);
    }
    if (r.time().isBefore(limits.earliest())) {
      throw new ParseException(
          RejectReason.OUT_OF_RANGE,
          "field 'time' " + r.time() + " is before " + limits.earliest());
    }
    range(r.rainMm(), 0, limits.maxRainMm(), "rainMm");
    range(r.waterLevelM(), limits.minWaterLevelM(), limits.maxWaterLevelM(), "waterLevelM");
    range(r.speedKmh(), 0, limits.maxSpeedKmh(), "speedKmh");
    range(r.flowVehicles(), 0, limits.maxFlowVehicles(), "flowVehicles");
    range(r.occupancyPct(), 0, 100, "occupancyPct");
    range(r.temperatureC(), limits.minTemperatureC(), limits.maxTemperatureC(), "temperatureC");
    range(r.humidityPct(), 0, 100, "humidityPct");
    range(r.windSpeedKmh(), 0, limits.maxWindSpeedKmh(), "windSpeedKmh");
  }

  private static void range(Double value, double min, double max, String field)
      throws ParseException {
    if (value != null && (value < min || value > max)) {
      throw new ParseException(
          RejectReason.OUT_OF_RANGE,
          "field '"
              + field
              + "' is "
              + value
              + ", outside the plausible range "
              + min
              + ".."
              + max);
    }
  }
}
