package org.cityops.backtest.health;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.cityops.events.CaseNotification;
import org.cityops.geo.ZoneAdjacency;
import org.cityops.ingestion.simulator.health.DengueModel;
import org.cityops.ingestion.simulator.health.DengueSimulation;
import org.cityops.jobs.health.CaseRecord;

/**
 * A Flink generator that replays a dengue simulation's notifications, in notification order. The
 * simulation is rebuilt from its seed where the source runs, so only its description travels with
 * the job (not hundreds of thousands of records). Run it at parallelism 1.
 */
final class SimulatedCasesSource implements GeneratorFunction<Long, CaseRecord> {
  private final ZoneAdjacency adjacency;
  private final Map<String, Integer> populations;
  private final DengueModel model;
  private final LocalDate start;
  private final int days;
  private final String zone;
  private final long seed;
  private transient List<CaseNotification> notifications;

  SimulatedCasesSource(
      ZoneAdjacency adjacency,
      Map<String, Integer> populations,
      DengueModel model,
      LocalDate start,
      int days,
      ZoneId zone,
      long seed) {
    this.adjacency = adjacency;
    this.populations = Map.copyOf(populations);
    this.model = model;
    this.start = start;
    this.days = days;
    this.zone = zone.getId();
    this.seed = seed;
  }

  @Override
  public void open(SourceReaderContext readerContext) {
    notifications =
        new DengueSimulation(adjacency, populations, model, start, days, ZoneId.of(zone), seed)
            .notifications();
  }

  @Override
  public CaseRecord map(Long index) {
    return CaseRecord.of(notifications.get(index.intValue()));
  }
}
