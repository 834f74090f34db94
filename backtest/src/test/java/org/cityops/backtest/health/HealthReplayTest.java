package org.cityops.backtest.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.cityops.embedded.SharedData;
import org.cityops.events.Reading;
import org.cityops.geo.GeoJsonZones;
import org.cityops.ingestion.simulator.health.DengueModel;
import org.cityops.ingestion.simulator.health.DengueScenario;
import org.cityops.ingestion.simulator.health.DengueSimulation;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.health.CaseRecord;
import org.cityops.jobs.health.HealthAreas;
import org.cityops.jobs.health.HealthConfig;
import org.cityops.jobs.health.HealthJob;
import org.junit.jupiter.api.Test;

/**
 * A replay gives the same answers: the health job run twice at parallelism 2 over the same 150
 * simulated days (notifications rebalanced from one source to two subtasks, duplicates and
 * revisions among them) sends the same hotspot versions, the same weeks with the same revisions and
 * the same daily scans. Before notifications were keyed by id from the source on, a revision could
 * overtake its original and the counts of a day changed from run to run.
 */
class HealthReplayTest {
  @Test
  void twoRunsOverTheSameNotificationsSendTheSameRecords() throws Exception {
    var rio = GeoJsonZones.read(SharedData.data("rio/neighbourhoods.geojson"), "id_bairro", "nome");
    HealthAreas areas =
        HealthAreas.of(
            rio,
            30,
            DengueSimulation.populations(rio.zones().stream().map(z -> z.id()).toList(), 9));
    HealthConfig config =
        HealthConfig.from(
            new Settings(
                Map.of(
                    "health.scan.replicas", "19",
                    "health.levels.pre-epidemic-per-100k", "84",
                    "health.levels.epidemic-per-100k", "168")));
    DengueScenario scenario =
        new DengueScenario(
            areas.adjacency(),
            areas.populations(),
            DengueModel.standard(),
            LocalDate.parse("2023-01-01"),
            150,
            config.timeZone(),
            9);
    DengueSimulation truth = scenario.simulate();
    List<List<String>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      Configuration c = new Configuration();
      org.cityops.jobs.common.PipelineDefaults.applyTo(c); // as the jobs run
      c.set(PipelineOptions.GENERIC_TYPES, false);
      var env = StreamExecutionEnvironment.createLocalEnvironment(2, c);
      var cases =
          env.fromData(truth.notifications().stream().map(CaseRecord::of).toList())
              .setParallelism(1)
              .assignTimestampsAndWatermarks(
                  WatermarkStrategy.<CaseRecord>forMonotonousTimestamps()
                      .withTimestampAssigner((n, ts) -> n.notifiedAt().toEpochMilli()))
              .setParallelism(1);
      var temperatures =
          env.fromData(truth.temperatures())
              .setParallelism(1)
              .assignTimestampsAndWatermarks(
                  WatermarkStrategy.<Reading>forMonotonousTimestamps()
                      .withTimestampAssigner((r, ts) -> r.time().toEpochMilli()))
              .setParallelism(1);
      var out = HealthJob.wire(cases, temperatures, areas, config);
      // one stream read as it comes: a collect sink left unread holds the job back
      List<String> lines = new ArrayList<>();
      try (CloseableIterator<String> all =
          out.incidents()
              .map(i -> "incident " + i)
              .union(out.weeks().map(w -> "week " + w), out.scans().map(s -> "scan " + s))
              .executeAndCollect("health-replay-" + run)) {
        all.forEachRemaining(lines::add);
      }
      java.util.Collections.sort(lines);
      runs.add(lines);
    }
    System.out.printf("replay: %d records in each run%n", runs.get(0).size());
    assertThat(runs.get(0)).anyMatch(l -> l.startsWith("incident "));
    assertThat(runs.get(1)).containsExactlyElementsOf(runs.get(0));
  }
}
