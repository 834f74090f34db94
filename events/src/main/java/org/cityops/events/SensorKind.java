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

  private static final SensorKind[] ALL = values();

  /** Worked out once: looked up for every record some consumers read. */
  private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

  /** The name used on the wire and in topics, e.g. {@code rain_gauge}. */
  public String wireName() {
    return wireName;
  }

  /** The kind whose {@link #wireName()} is {@code name}, or null for none (case counts). */
  public static SensorKind ofWireName(String name) {
    for (SensorKind kind : ALL) {
      if (kind.wireName.equals(name)) {
        return kind;
      }
    }
    return null;
  }
}
