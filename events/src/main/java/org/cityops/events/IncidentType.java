package org.cityops.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kinds of incident the detectors raise. */
public enum IncidentType {
  /** Hourly rain strong or very strong at a gauge. */
  @JsonProperty("heavy_rain")
  HEAVY_RAIN,
  /** Rain at the community siren level: 40 mm in 1 h or 125 mm in 24 h at a gauge. */
  @JsonProperty("siren_level")
  SIREN_LEVEL,
  /** A sensor that fell silent or reports missing values: its area is blind, not calm. */
  @JsonProperty("sensor_maintenance")
  SENSOR_MAINTENANCE,
  /**
   * Landslide probability medium or above in a rain zone (GeoRio's four levels: low, medium, high,
   * very high), from the zone's 1 h, 24 h and 96 h rain.
   */
  @JsonProperty("landslide_risk")
  LANDSLIDE_RISK,
  /** A river or canal at a station above its attention, alert or flood stage, or rising fast. */
  @JsonProperty("flood_risk")
  FLOOD_RISK,
  /** Streets flooded, as several independent residents report close together in space and time. */
  @JsonProperty("urban_flooding")
  URBAN_FLOODING,
  /**
   * Something blocking lanes between two traffic detectors (a crash, a breakdown, debris): a queue
   * behind it and thin traffic beyond, as the California algorithm sees it.
   */
  @JsonProperty("traffic_incident")
  TRAFFIC_INCIDENT,
  /** Traffic at a detector well below its free-flow speed for a while: congested or stopped. */
  @JsonProperty("congestion")
  CONGESTION,
  /**
   * Touching neighbourhoods where an arbovirus (dengue, chikungunya, zika) is spreading: alert
   * level orange or red, or an early aberration the space-time scan confirms.
   */
  @JsonProperty("disease_hotspot")
  DISEASE_HOTSPOT;

  /**
   * The type's name as it appears in JSON and at the head of every incident id ({@code
   * heavy_rain:...}).
   */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The type whose {@link #code()} this is, or null when there is none. */
  public static IncidentType ofCode(String code) {
    for (IncidentType t : values()) {
      if (t.code().equals(code)) {
        return t;
      }
    }
    return null;
  }

  /** The type an incident id starts with, or null when it starts with none. */
  public static IncidentType ofIncidentId(String incidentId) {
    if (incidentId == null) {
      return null;
    }
    for (IncidentType t : values()) {
      if (incidentId.startsWith(t.code() + ":")) {
        return t;
      }
    }
    return null;
  }
}
