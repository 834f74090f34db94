package org.cityops.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The arboviruses Aedes aegypti carries, which health units notify. */
public enum Disease {
  @JsonProperty("dengue")
  DENGUE,
  @JsonProperty("chikungunya")
  CHIKUNGUNYA,
  @JsonProperty("zika")
  ZIKA;

  /** The name used on the wire, in incident ids and in time-series tags. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
