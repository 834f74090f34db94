package org.cityops.events;

/**
 * What a record on {@code city.control} is. The topic carries two kinds, both written only by the
 * console's identity: operators' actions ({@link ControlMessage}, keyed by incident id) and new
 * versions of detection rules ({@link RainRuleChange}, keyed by rule id). A rule change is the
 * record whose top-level object has a {@code ruleId} field; anything else is read as an action.
 *
 * <p>Each job that reads the topic takes one kind and passes over the other without a word, so a
 * malformed record is refused exactly once: by the rain job when it claims to be a rule change, by
 * the alerts job otherwise.
 */
public final class ControlRecords {
  private ControlRecords() {}

  /**
   * Whether {@code json} is meant as a rule change: a JSON object with a top-level {@code ruleId}
   * field (whatever its value). Looks no further than the top level and never throws; bytes that
   * are not a JSON object are not a rule change.
   */
  public static boolean isRuleChange(byte[] json) {
    // not JSON, or cut short before a ruleId: read as an action, and refused there
    return TopLevelField.first(json, "ruleId", parser -> true, false);
  }
}
