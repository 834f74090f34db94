package org.cityops.jobs.incidents;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.cityops.events.Severity;
import org.cityops.jobs.common.Settings;

/**
 * How active incidents make the city's operating stage: stage n (2 to 5) holds when at least {@code
 * minCount} public incidents are active at {@code minSeverity} or above; the stage is the highest
 * that holds, 1 when none does. The stage rises at once and falls only after the lower stage has
 * held for {@code downgradeHold}, so one flickering incident does not page the whole city up and
 * down.
 *
 * <p>Defaults, as starting points for the operations center to set: 2 from one Moderate incident, 3
 * from one Severe, 4 from three Severe, 5 from two Extreme; hold 1 h.
 */
public record StageRules(List<Rule> rules, Duration downgradeHold) implements Serializable {

  /** One stage's condition. */
  public record Rule(int stage, Severity minSeverity, int minCount) implements Serializable {}

  public StageRules {
    rules = List.copyOf(rules);
  }

  public static StageRules from(Settings s) {
    Severity[] severities = {Severity.MODERATE, Severity.SEVERE, Severity.SEVERE, Severity.EXTREME};
    int[] counts = {1, 1, 3, 2};
    List<Rule> rules = new java.util.ArrayList<>();
    for (int stage = 2; stage <= 5; stage++) {
      rules.add(
          new Rule(
              stage,
              s.choice("stage." + stage + ".min-severity", Severity.class, severities[stage - 2]),
              s.integer("stage." + stage + ".min-count", counts[stage - 2], 1, 10_000)));
    }
    return new StageRules(
        rules,
        s.duration("stage.downgrade-hold", Duration.ofHours(1), Duration.ZERO, Duration.ofDays(1)));
  }

  /** The stage the active incidents' severities call for, and the rule that decided it. */
  public Decision stageOf(Collection<Severity> active) {
    for (int i = rules.size() - 1; i >= 0; i--) {
      Rule r = rules.get(i);
      long count = active.stream().filter(sev -> sev.compareTo(r.minSeverity()) >= 0).count();
      if (count >= r.minCount()) {
        return new Decision(
            r.stage(),
            count
                + " active incident(s) at "
                + r.minSeverity().name().toLowerCase(Locale.ROOT)
                + " or above (stage "
                + r.stage()
                + " needs "
                + r.minCount()
                + ")");
      }
    }
    return new Decision(1, active.size() + " active incident(s), none calls for more");
  }

  /** A computed stage. */
  public record Decision(int stage, String reason) {}
}
