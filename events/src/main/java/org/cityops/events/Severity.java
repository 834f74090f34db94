package org.cityops.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** CAP 1.2 severity, in rising order (the ordinal is the rank). */
public enum Severity {
  @JsonProperty("Minor")
  MINOR,
  @JsonProperty("Moderate")
  MODERATE,
  @JsonProperty("Severe")
  SEVERE,
  @JsonProperty("Extreme")
  EXTREME;

  public boolean isAbove(Severity other) {
    return compareTo(other) > 0;
  }
}
