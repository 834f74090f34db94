package org.cityops.events;

import java.time.Instant;

/**
 * The city's operating stage, as the Rio operations center declares it: 1 normal, 2 mobilisation, 3
 * attention, 4 alert, 5 crisis. Published on {@code city.stage} each time it changes, computed from
 * the active incidents by rules in configuration.
 *
 * @param stage 1 to 5
 * @param since event time the stage took effect
 * @param activeIncidents public incidents active at that time
 * @param reason which rule decided it, in words
 */
public record CityStage(int stage, Instant since, int activeIncidents, String reason) {
  private static final String[] NAMES = {"normal", "mobilisation", "attention", "alert", "crisis"};

  public CityStage {
    if (stage < 1 || stage > 5) {
      throw new ContractViolation("stage", "must be 1 to 5, was " + stage);
    }
  }

  public String name() {
    return NAMES[stage - 1];
  }
}
