package org.cityops.backtest.traffic;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.cityops.events.Reading;
import org.cityops.ingestion.simulator.traffic.SyntheticTraffic;
import org.cityops.ingestion.simulator.traffic.TrafficScenario;
import org.cityops.ingestion.simulator.traffic.TrafficSimulation;
import org.cityops.roads.RoadNetwork;

/**
 * A Flink generator that plays a traffic simulation and hands out its readings one by one, in
 * event-time order, without holding a whole day of them. The simulation is rebuilt from its seed
 * where the source runs, so only the description travels. Run it at parallelism 1: the readings
 * come from one sequential simulation.
 */
final class SimulatedTrafficSource implements GeneratorFunction<Long, Reading> {
  private final SyntheticTraffic world;
  private final TrafficScenario scenario;
  private transient TrafficSimulation simulation;
  private transient Deque<Reading> ready;

  SimulatedTrafficSource(SyntheticTraffic world, TrafficScenario scenario) {
    this.world = world;
    this.scenario = scenario;
  }

  @Override
  public void open(SourceReaderContext readerContext) {
    RoadNetwork network = world.network();
    simulation = new TrafficSimulation(network, world.layout(network), scenario);
    ready = new ArrayDeque<>();
  }

  @Override
  public Reading map(Long index) {
    while (ready.isEmpty()) {
      List<Reading> next = simulation.nextInterval();
      if (next == null) {
        throw new IllegalStateException(
            "the simulation ended before reading " + index + ": count and replay disagree");
      }
      ready.addAll(next);
    }
    return ready.poll();
  }
}
