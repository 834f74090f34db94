package org.cityops.jobs.lifecycle;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import org.cityops.events.Severity;

/**
 * The rule every detector's open incident follows as new observations come: severity rises at once;
 * it falls only after the observations stayed in a lower class for {@code downgradeHold}; the
 * incident clears after they stayed normal for {@code clearHold}. Quick ups and slow downs keep a
 * flickering signal from paging the operators again and again.
 *
 * <p>Pure and stateless: the caller keeps the two spell starts in its own state and passes them
 * back. Observations must come in event-time order.
 */
public record SeverityHold(Duration downgradeHold, Duration clearHold) implements Serializable {

  public SeverityHold {
    if (downgradeHold.isNegative() || clearHold.isNegative()) {
      throw new IllegalArgumentException("hold times must not be negative");
    }
  }

  /** What an observation does to an open incident. */
  public enum Step {
    /** Severity goes up to the target now. */
    RAISE,
    /** Severity goes down to the target: the lower spell lasted the hold. */
    LOWER,
    /** The incident clears: the normal spell lasted the hold. */
    CLEAR,
    /** Nothing to emit; the spells may have moved. */
    STAY
  }

  /**
   * @param severity the incident's severity after the step
   * @param lowerSince start of the current spell below that severity, or null
   * @param normalSince start of the current spell of normal observations, or null
   */
  public record Decision(Step step, Severity severity, Instant lowerSince, Instant normalSince) {}

  /**
   * @param current the open incident's severity
   * @param target the severity the observation at {@code at} calls for, or null when it is normal
   */
  public Decision decide(
      Severity current, Severity target, Instant at, Instant lowerSince, Instant normalSince) {
    if (target == null) {
      Instant since = normalSince == null ? at : normalSince;
      return held(since, at, clearHold)
          ? new Decision(Step.CLEAR, current, null, null)
          : new Decision(Step.STAY, current, lowerSince, since);
    }
    if (target.isAbove(current)) {
      return new Decision(Step.RAISE, target, null, null);
    }
    if (target == current) {
      return new Decision(Step.STAY, current, null, null);
    }
    Instant since = lowerSince == null ? at : lowerSince;
    return held(since, at, downgradeHold)
        ? new Decision(Step.LOWER, target, null, null)
        : new Decision(Step.STAY, current, since, null);
  }

  private static boolean held(Instant since, Instant now, Duration hold) {
    return Duration.between(since, now).compareTo(hold) >= 0;
  }
}
