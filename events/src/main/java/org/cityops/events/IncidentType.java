package org.cityops.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kinds of incident the detectors raise. */
public enum IncidentType {
  @JsonProperty("heavy_rain")
  HEAVY_RAIN
}
