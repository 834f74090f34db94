package org.cityops.jobs.health;

import org.cityops.events.RainRuleChange;

/**
 * What every subtask of the neighbourhood surveillance is told: a station's temperature of a day,
 * or a new version of a rule (one of the two is set). One type, because an operator has one
 * broadcast input.
 */
public record BroadcastSignal(StationTemperature temperature, RainRuleChange rule) {
  public static BroadcastSignal of(StationTemperature temperature) {
    return new BroadcastSignal(temperature, null);
  }

  public static BroadcastSignal of(RainRuleChange rule) {
    return new BroadcastSignal(null, rule);
  }
}
