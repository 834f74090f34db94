package org.cityops.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

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
    if (json == null || json.length == 0) {
      return false;
    }
    try (JsonParser parser = EventJson.mapper().getFactory().createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
        if ("ruleId".equals(parser.currentName())) {
          return true;
        }
        parser.nextToken();
        parser.skipChildren();
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false; // not JSON (or cut short before a ruleId): read as an action, refused there
    }
  }
}
