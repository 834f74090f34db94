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
  SENSOR_MAINTENANCE
}
