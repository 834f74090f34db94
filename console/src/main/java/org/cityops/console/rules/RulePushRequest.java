package org.cityops.console.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cityops.console.web.ApiError;
import org.cityops.events.ContractViolation;
import org.cityops.events.RainRuleChange;

/**
 * What {@code POST /api/rules} sends: new versions of detection rules, each with the event time
 * from which it applies. Who pushed them and when is the console's to say: {@code pushedBy} and
 * {@code pushedAt} in the request are replaced by the logged-in user and the console's clock
 * (checked, not trusted, as {@code DESIGN.md} asks of what goes on {@code city.control}).
 *
 * <p>A push is refused whole when any change is invalid, so the jobs never get half a rule set.
 */
public record RulePushRequest(List<RainRuleChange> changes) {
  /** More than a rule file's worth is a mistake or an attack. */
  public static final int MAX_CHANGES = 20;

  /**
   * How far back a change may take effect: sums already judged are not judged again, so an older
   * effective time says something the jobs will not do.
   */
  public static final Duration FURTHEST_BACK = Duration.ofHours(24);

  /** How far ahead a change may be scheduled. */
  public static final Duration FURTHEST_AHEAD = Duration.ofDays(366);

  /**
   * The changes as the console sends them.
   *
   * @throws ApiError 400 naming the change and field that is wrong
   */
  public List<RainRuleChange> stamped(String pushedBy, Instant now) {
    if (changes == null || changes.isEmpty()) {
      throw new ApiError(400, "changes: at least one rule change is required");
    }
    if (changes.size() > MAX_CHANGES) {
      throw new ApiError(
          400, "changes: at most " + MAX_CHANGES + " in one push, was " + changes.size());
    }
    List<RainRuleChange> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < changes.size(); i++) {
      RainRuleChange c = changes.get(i);
      String where = "changes[" + i + "]";
      if (c == null) {
        throw new ApiError(400, where + ": is null");
      }
      RainRuleChange stamped = c.pushed(pushedBy, now);
      try {
        stamped.validate();
      } catch (ContractViolation e) {
        throw new ApiError(400, where + ": " + e.getMessage());
      }
      if (!ids.add(stamped.ruleId())) {
        throw new ApiError(
            400, where + ".ruleId: rule '" + stamped.ruleId() + "' appears twice in one push");
      }
      Instant from = stamped.effectiveFrom();
      if (from.isBefore(now.minus(FURTHEST_BACK))) {
        throw new ApiError(
            400,
            where
                + ".effectiveFrom: "
                + from
                + " is more than "
                + FURTHEST_BACK.toHours()
                + " h ago; sums already judged are not judged again (backtest to see what the"
                + " rule would have done)");
      }
      if (from.isAfter(now.plus(FURTHEST_AHEAD))) {
        throw new ApiError(
            400,
            where
                + ".effectiveFrom: "
                + from
                + " is more than "
                + FURTHEST_AHEAD.toDays()
                + " days ahead");
      }
      out.add(stamped);
    }
    return out;
  }
}
