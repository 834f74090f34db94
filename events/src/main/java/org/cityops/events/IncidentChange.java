package org.cityops.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What made an incident version, for the operators' timeline: the detectors' evidence, an
 * operator's action, or the incident service's own fusion.
 *
 * @param by who: the operator (as the console authenticated them) or the detection that brought it
 * @param note the operator's note, if any
 */
public record IncidentChange(Kind kind, String by, String note) {

  /** The kinds of change, each its own version. */
  public enum Kind {
    /** First evidence, or an operator opening it by hand. */
    @JsonProperty("opened")
    OPENED,
    /** New or changed evidence from the detectors, severity unchanged. */
    @JsonProperty("evidence")
    EVIDENCE,
    @JsonProperty("severity_raised")
    SEVERITY_RAISED,
    /** Lower after the lower evidence held for the configured time. */
    @JsonProperty("severity_lowered")
    SEVERITY_LOWERED,
    @JsonProperty("acknowledged")
    ACKNOWLEDGED,
    @JsonProperty("assigned")
    ASSIGNED,
    /** An operator raised the severity a step. */
    @JsonProperty("escalated")
    ESCALATED,
    @JsonProperty("note")
    NOTE,
    /** An operator closed it. */
    @JsonProperty("resolved")
    RESOLVED,
    /** An operator closed it as a false alarm: its warning is cancelled. */
    @JsonProperty("false_alarm")
    FALSE_ALARM,
    /** It took in another incident, which closed with a pointer to it. */
    @JsonProperty("absorbed")
    ABSORBED,
    /** It closed into an older incident ({@link Incident#mergedInto()}). */
    @JsonProperty("merged")
    MERGED,
    /** Every detection behind it returned to normal. */
    @JsonProperty("cleared")
    CLEARED
  }

  public static IncidentChange of(Kind kind, String by) {
    return new IncidentChange(kind, by, null);
  }

  void validate(String field) {
    Contract.present(kind, field + ".kind");
    Contract.optionalText(by, field + ".by", 200);
    Contract.optionalText(note, field + ".note", ControlMessage.MAX_NOTE_LENGTH);
  }
}
