package org.cityops.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a sensor measures; decides which value fields a {@link Reading} must carry. */
public enum SensorKind {
  @JsonProperty("rain_gauge")
  RAIN_GAUGE,
  @JsonProperty("water_level")
  WATER_LEVEL,
  @JsonProperty("traffic_loop")
  TRAFFIC_LOOP,
  @JsonProperty("weather")
  WEATHER;

  /** The name used on the wire and in topics, e.g. {@code rain_gauge}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
