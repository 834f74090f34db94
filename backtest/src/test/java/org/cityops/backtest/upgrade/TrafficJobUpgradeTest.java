package org.cityops.backtest.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.TopicReader;
import org.cityops.events.EventJson;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.events.Reading;
import org.cityops.events.Topics;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.traffic.TrafficJobConfig;
import org.cityops.jobs.traffic.TrafficJobMain;
import org.cityops.roads.DetectorLayout;
import org.cityops.roads.DetectorPair;
import org.cityops.roads.DetectorSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The traffic job stopped with a savepoint in the middle of three queues and started again from it
 * ({@code allowNonRestoredState = false}): its incidents must be exactly those of a run never
 * stopped. The queues' incidents open before the savepoint and clear after it, so the detectors'
 * keyed state (California #8's phases and look-back, the congestion levels held, detector health's
 * last readings) and their timers must all come through.
 *
 * <p>With {@code CITYOPS_KEEP_SAVEPOINT=DIR} the savepoint is kept, for a later release to restore;
 * with {@code CITYOPS_TRAFFIC_UPGRADE_FROM=DIR} the first run is skipped and the job starts from
 * that savepoint instead (an earlier release's, taken by this test there): an upgrade across
 * releases. The readings are the same each time and all on one partition, so the offsets the
 * savepoint names are the same records, and event time moves the same way in every run.
 */
class TrafficJobUpgradeTest {
  static final String KEEP_SAVEPOINT = "CITYOPS_KEEP_SAVEPOINT";
  static final String UPGRADE_FROM = "CITYOPS_TRAFFIC_UPGRADE_FROM";
  static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  /** Intervals of 30 s in all, and the one the savepoint is taken before. */
  static final int INTERVALS = 100;

  static final int SAVEPOINT_BEFORE = 40;

  private static final DetectorLayout LAYOUT =
      TrafficJobConfig.from(new Settings(Map.of())).layout();

  /** Three pairs of the demo city with no detector in common, by id. */
  static List<DetectorPair> pairs() {
    List<DetectorPair> chosen = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (DetectorPair p :
        LAYOUT.pairs().stream().sorted(java.util.Comparator.comparing(DetectorPair::id)).toList()) {
      if (chosen.size() < 3 && !used.contains(p.upstream()) && !used.contains(p.downstream())) {
        chosen.add(p);
        used.add(p.upstream());
        used.add(p.downstream());
      }
    }
    return chosen;
  }

  /**
   * Every detector of the three pairs every 30 s, in event-time order: free traffic, except that
   * pair k's upstream detector fills (a queue at 8 km/h) and its downstream one empties from
   * interval 20 + 5k to 60 + 5k: a traffic incident and congestion across the savepoint.
   */
  static List<Reading> readings() {
    List<Reading> out = new ArrayList<>();
    List<DetectorPair> pairs = pairs();
    for (int n = 0; n < INTERVALS; n++) {
      for (int k = 0; k < pairs.size(); k++) {
        boolean queue = n >= 20 + 5 * k && n < 60 + 5 * k;
        DetectorSite up = LAYOUT.site(pairs.get(k).upstream());
        DetectorSite down = LAYOUT.site(pairs.get(k).downstream());
        out.add(
            queue
                ? reading(up, n, 5 + n % 2, 60 + n % 3, 8.0 + n % 2)
                : reading(up, n, 12 + n % 3, 8 + (n % 2) * 0.5, 0.95 * up.freeFlowKmh() - n % 2));
        out.add(
            queue
                ? reading(down, n, 4 + n % 2, 3 + (n % 2) * 0.5, 0.95 * down.freeFlowKmh())
                : reading(
                    down, n, 12 + n % 3, 8 + (n % 2) * 0.5, 0.95 * down.freeFlowKmh() - n % 2));
      }
    }
    return out;
  }

  private static Reading reading(
      DetectorSite site, int n, double flow, double occupancy, Double speed) {
    return Reading.trafficLoop(
        site.id(), T0.plusSeconds(30L * n), site.location(), speed, flow, occupancy);
  }

  @Test
  void theRestoredJobGoesOnFromTheSavepointAsIfNeverStopped(@TempDir Path savepoints)
      throws Exception {
    List<Reading> readings = readings();
    int split = 6 * SAVEPOINT_BEFORE;
    List<Reading> before = readings.subList(0, split);
    List<Reading> after = readings.subList(split, readings.size());
    String from = System.getenv(UPGRADE_FROM);

    Configuration conf = new Configuration();
    org.cityops.jobs.common.PipelineDefaults.applyTo(conf); // as the jobs run
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start();
        MiniCluster cluster = RainJobUpgradeTest.cluster(conf)) {
      kafka.createTopics(
          2,
          List.of(
              Topics.READINGS, Topics.REPORTS, Topics.DETECTIONS, Topics.REJECTED, Topics.CONTROL));
      cluster.start();
      send(kafka, before);
      String savepoint;
      if (from != null) {
        assertThat(Files.exists(Path.of(from).resolve("_metadata")))
            .as("%s holds a savepoint (its _metadata)", from)
            .isTrue();
        savepoint = Path.of(from).toUri().toString();
      } else {
        JobID v1 = cluster.submitJob(graph(conf, kafka, "upgrade", null)).get().getJobID();
        UpgradeRuns.awaitRead(kafka, "upgrade", Topics.READINGS, before.size());
        savepoint =
            cluster
                .stopWithSavepoint(
                    v1, savepoints.toUri().toString(), false, SavepointFormatType.CANONICAL)
                .get();
        if (System.getenv(KEEP_SAVEPOINT) != null) {
          RainJobUpgradeTest.keep(savepoint, Path.of(System.getenv(KEEP_SAVEPOINT)));
        }
      }
      long restartedAt = System.currentTimeMillis();

      // the rest arrives while no job runs; the job starts again from the savepoint
      send(kafka, after);
      JobID v2 = cluster.submitJob(graph(conf, kafka, "upgrade", savepoint)).get().getJobID();
      UpgradeRuns.awaitRead(kafka, "upgrade", Topics.READINGS, readings.size());
      Thread.sleep(1_500); // a few more checkpoints: what the last records raised is committed
      cluster.cancelJob(v2).get();
      long restoredEnd = System.currentTimeMillis();

      JobID reference = cluster.submitJob(graph(conf, kafka, "reference", null)).get().getJobID();
      UpgradeRuns.awaitRead(kafka, "reference", Topics.READINGS, readings.size());
      Thread.sleep(1_500);
      cluster.cancelJob(reference).get();

      List<ConsumerRecord<String, byte[]>> all =
          TopicReader.readAll(kafka.bootstrapServers(), Topics.DETECTIONS, Duration.ofSeconds(30));
      Instant savepointTime = T0.plusSeconds(30L * SAVEPOINT_BEFORE);
      UpgradeRuns.Runs runs = UpgradeRuns.split(all, restartedAt, restoredEnd, savepointTime);
      Set<String> restored = runs.restored();
      Set<String> uninterrupted = runs.uninterrupted();
      List<Incident> across = runs.across();
      System.out.printf(
          "traffic upgrade%s: %d readings (%d before the savepoint), %d incident versions after"
              + " the restart, %d in the never-stopped run from the savepoint's time; across it:"
              + " %s%n",
          from == null ? "" : " from " + from,
          readings.size(),
          before.size(),
          restored.size(),
          uninterrupted.size(),
          across.stream().map(i -> i.type() + " v" + i.version()).sorted().toList());

      assertThat(restored).isEqualTo(uninterrupted);
      // every queue's traffic incident and congestion lived through the savepoint and cleared
      assertThat(across)
          .filteredOn(i -> i.clearedAt() != null)
          .extracting(Incident::type)
          .containsOnly(IncidentType.TRAFFIC_INCIDENT, IncidentType.CONGESTION)
          .filteredOn(t -> t == IncidentType.TRAFFIC_INCIDENT)
          .hasSize(3);
    }
  }

  /** The traffic job reading as {@code group}, from {@code savepoint} when given. */
  static StreamGraph graph(
      Configuration conf, EmbeddedKafkaBroker kafka, String group, String savepoint) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    TrafficJobMain.addTo(
        env,
        TrafficJobConfig.from(
            new Settings(
                Map.of(
                    "kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "kafka.group", group,
                    "checkpoint.interval", "200ms",
                    "traffic.out-of-orderness", "0s",
                    "traffic.idleness", "1s"))));
    StreamGraph graph = env.getStreamGraph();
    if (savepoint != null) {
      graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
    }
    return graph;
  }

  /** All on one partition, in order: event time moves the same way in every run. */
  static void send(EmbeddedKafkaBroker kafka, List<Reading> readings) {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (Reading r : readings) {
        producer.send(new ProducerRecord<>(Topics.READINGS, "detectors", EventJson.write(r)));
      }
    }
  }
}
