package org.cityops.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a message went to {@code city.rejected}; a small fixed vocabulary so it can be counted. */
public enum RejectReason {
  /** Not parseable at all: not JSON, truncated, wrong structure. */
  @JsonProperty("malformed")
  MALFORMED,
  /** Bytes that are not valid UTF-8. */
  @JsonProperty("not_utf8")
  NOT_UTF8,
  /** Larger than the payload limit. */
  @JsonProperty("oversized")
  OVERSIZED,
  /** Parsed, but a required field is missing or has the wrong type. */
  @JsonProperty("invalid_field")
  INVALID_FIELD,
  /** A value outside the plausible range for its sensor kind. */
  @JsonProperty("out_of_range")
  OUT_OF_RANGE,
  /** An event time too far in the future of the receiver's clock. */
  @JsonProperty("future_time")
  FUTURE_TIME,
  /** Same sensor and time as an earlier record, with another value; the first one is kept. */
  @JsonProperty("conflicting_duplicate")
  CONFLICTING_DUPLICATE,
  /** Arrived later than the job's allowed lateness. */
  @JsonProperty("late")
  LATE,
  /** A topic nobody handles. */
  @JsonProperty("unknown_topic")
  UNKNOWN_TOPIC,

  /** A control message for an incident this job has never seen. */
  @JsonProperty("unknown_incident")
  UNKNOWN_INCIDENT,

  /** A control message whose sender or claimed role may not do what it asks. */
  @JsonProperty("not_allowed")
  NOT_ALLOWED,

  /** A reading from a sensor the job has no record of (a traffic detector not in its layout). */
  @JsonProperty("unknown_sensor")
  UNKNOWN_SENSOR,
  /**
   * A place the job does not know: a neighbourhood id not on its map, a point outside every one.
   */
  @JsonProperty("unknown_area")
  UNKNOWN_AREA,
  /** The same record again (same id, same content): counted once, the copy set aside. */
  @JsonProperty("duplicate")
  DUPLICATE,
  /** More than its sender (a sensor, a reporter) may send in the time: a flood, refused. */
  @JsonProperty("rate_limited")
  RATE_LIMITED
}
