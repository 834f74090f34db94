package org.cityops.backtest.health;

import java.util.List;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.cityops.events.CaseNotification;
import org.cityops.ingestion.simulator.health.DengueScenario;
import org.cityops.jobs.health.CaseRecord;

/**
 * A Flink generator that replays a dengue simulation's notifications, in notification order. The
 * simulation is rebuilt from its seed where the source runs, so only its description travels with
 * the job (not hundreds of thousands of records). Run it at parallelism 1.
 */
final class SimulatedCasesSource implements GeneratorFunction<Long, CaseRecord> {
  private final DengueScenario scenario;
  private transient List<CaseNotification> notifications;

  SimulatedCasesSource(DengueScenario scenario) {
    this.scenario = scenario;
  }

  @Override
  public void open(SourceReaderContext readerContext) {
    notifications = scenario.simulate().notifications();
  }

  @Override
  public CaseRecord map(Long index) {
    return CaseRecord.of(notifications.get(index.intValue()));
  }
}
