package org.cityops.ingestion.parse;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * The SenML measurement names CityOps reads, and the units (RFC 8428 and RFC 8798 symbols) accepted
 * for each, with the conversion to the contract's unit.
 */
enum Measurement {
  RAIN("rain", Map.of("mm", v -> v, "m", v -> v * 1000)),
  LEVEL("level", Map.of("m", v -> v)),
  SPEED("speed", Map.of("km/h", v -> v, "m/s", v -> v * 3.6)),
  FLOW("flow", Map.of("count", v -> v, "/", v -> v)),
  OCCUPANCY("occupancy", Map.of("%", v -> v, "/", v -> v * 100)),
  TEMPERATURE("temperature", Map.of("Cel", v -> v, "K", v -> v - 273.15)),
  HUMIDITY("humidity", Map.of("%RH", v -> v)),
  WIND("wind", Map.of("m/s", v -> v * 3.6, "km/h", v -> v)),
  LAT("lat", Map.of("lat", v -> v)),
  LON("lon", Map.of("lon", v -> v));

  private final String senmlName;
  private final Map<String, DoubleUnaryOperator> units;

  Measurement(String senmlName, Map<String, DoubleUnaryOperator> units) {
    this.senmlName = senmlName;
    this.units = units;
  }

  static Measurement byName(String name) {
    for (Measurement m : values()) {
      if (m.senmlName.equals(name)) {
        return m;
      }
    }
    return null;
  }

  static List<String> names() {
    return Arrays.stream(values()).map(m -> m.senmlName).toList();
  }

  double toCanonical(double value, String unit, String field) throws ParseException {
    if (unit == null) {
      throw SenmlParser.invalid(
          field, "is required for '" + senmlName + "' (one of " + units.keySet() + ")");
    }
    DoubleUnaryOperator conversion = units.get(unit);
    if (conversion == null) {
      throw SenmlParser.invalid(
          field,
          "'" + unit + "' is not a unit for '" + senmlName + "' (one of " + units.keySet() + ")");
    }
    return conversion.applyAsDouble(value);
  }
}
