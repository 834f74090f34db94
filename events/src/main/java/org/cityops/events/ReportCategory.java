package org.cityops.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a resident reports. */
public enum ReportCategory {
  @JsonProperty("flooding")
  FLOODING,
  @JsonProperty("landslide")
  LANDSLIDE,
  @JsonProperty("accident")
  ACCIDENT,
  @JsonProperty("road_blocked")
  ROAD_BLOCKED,
  @JsonProperty("dengue_suspected")
  DENGUE_SUSPECTED,
  @JsonProperty("other")
  OTHER
}
