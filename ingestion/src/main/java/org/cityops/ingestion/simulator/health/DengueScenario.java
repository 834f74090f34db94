package org.cityops.ingestion.simulator.health;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.cityops.geo.ZoneAdjacency;

/**
 * Everything a dengue simulation is made from: the neighbourhoods and who touches whom, their
 * populations, the model, the days and the seed. Small and serializable, so a job's source can
 * rebuild the same simulation where it runs instead of carrying its records.
 *
 * @param start the first day of symptoms simulated
 * @param zone the city's time zone, for notification times
 */
public record DengueScenario(
    ZoneAdjacency adjacency,
    Map<String, Integer> populations,
    DengueModel model,
    LocalDate start,
    int days,
    String zone,
    long seed)
    implements Serializable {

  public DengueScenario {
    populations = Map.copyOf(populations);
    if (days < 1) {
      throw new IllegalArgumentException("a simulation needs a day or more, was " + days);
    }
    ZoneId.of(zone);
  }

  /** Runs the simulation (deterministic: the same scenario gives the same records). */
  public DengueSimulation simulate() {
    return new DengueSimulation(this);
  }
}
