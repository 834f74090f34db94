package org.cityops.events;

import java.time.Instant;

/**
 * One signal that supports an incident, e.g. "gauge X measured 31.2 mm in 1 h ending at T".
 *
 * @param signal what was measured, e.g. {@code rain_1h_mm}
 * @param sourceId the sensor or report that produced it
 * @param time event time of the signal
 * @param value the measured value, in {@code unit}
 */
public record Evidence(String signal, String sourceId, Instant time, double value, String unit) {

  public void validate(String field) {
    Contract.text(signal, field + ".signal", 100);
    Contract.text(sourceId, field + ".sourceId", Reading.MAX_ID_LENGTH);
    Contract.present(time, field + ".time");
    Contract.require(Double.isFinite(value), field + ".value", "must be finite");
    Contract.optionalText(unit, field + ".unit", 20);
  }
}
