package org.cityops.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A sensor's own statement about a value. MISSING means "unknown", never zero. */
public enum Quality {
  @JsonProperty("ok")
  OK,
  @JsonProperty("suspect")
  SUSPECT,
  @JsonProperty("missing")
  MISSING
}
