package org.cityops.backtest.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.SharedData;
import org.cityops.embedded.TopicReader;
import org.cityops.events.EventJson;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.events.Reading;
import org.cityops.events.Topics;
import org.cityops.ingestion.alertario.AlertaRioReadings;
import org.cityops.ingestion.alertario.AlertaRioStations;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RainJobConfig;
import org.cityops.jobs.rain.RainJobMain;
import org.cityops.jobs.traffic.TrafficJobConfig;
import org.cityops.jobs.traffic.TrafficJobMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade that keeps state, as an engineer would do it on the night of a storm: the rain job
 * reads Kafka; mid-storm it is stopped with a savepoint; the upgraded job (the rain job plus a new
 * detector, the traffic job's operators) starts from that savepoint, refusing to drop any of its
 * state ({@code allowNonRestoredState = false}), and reads on. Its incidents must be exactly those
 * of a run that was never stopped: rolling sums that reach back before the savepoint, open
 * incidents and their timers all came through.
 *
 * <p>Alerta Rio's 33 gauges from 5 to 7 February 2019, the savepoint at 23:00 UTC on the 6th (20:00
 * in Rio, the storm at its height). Kafka is the test's own, so no other test's readings reach the
 * job; every job reads at parallelism 2.
 */
class RainJobUpgradeTest {
  static final Instant FROM = Instant.parse("2019-02-05T00:00:00Z");
  static final Instant SAVEPOINT_AT = Instant.parse("2019-02-06T23:00:00Z");
  static final Instant TO = Instant.parse("2019-02-08T00:00:00Z");

  /**
   * A folder to keep this run's savepoint in (the environment variable {@code
   * CITYOPS_KEEP_SAVEPOINT}), for {@link RainJobUpgradeFromEarlierReleaseTest} to restore with a
   * later release; unset, it is discarded with the test's temporary folder.
   */
  static final String KEEP_SAVEPOINT = "CITYOPS_KEEP_SAVEPOINT";

  static final Set<IncidentType> TRAFFIC =
      Set.of(IncidentType.TRAFFIC_INCIDENT, IncidentType.CONGESTION);

  /** Alerta Rio's readings of the storm, in event-time order. */
  static List<Reading> storm() throws java.io.IOException {
    AlertaRioStations stations = AlertaRioStations.load(SharedData.data("rio/rain-gauges.json"));
    Path folder = SharedData.data("alertario/2019-02/barrinha_201902_Plv.csv").getParent();
    return AlertaRioReadings.readFolder(folder, stations).stream()
        .filter(r -> !r.time().isBefore(FROM) && r.time().isBefore(TO))
        .sorted(Comparator.comparing(Reading::time))
        .toList();
  }

  @Test
  void theUpgradedJobGoesOnFromTheSavepointAsIfNeverStopped(@TempDir Path savepoints)
      throws Exception {
    List<Reading> readings = storm();
    List<Reading> before = readings.stream().filter(r -> r.time().isBefore(SAVEPOINT_AT)).toList();
    List<Reading> after = readings.subList(before.size(), readings.size());
    Set<String> gauges = readings.stream().map(Reading::sensorId).collect(Collectors.toSet());

    Configuration conf = new Configuration();
    org.cityops.jobs.common.PipelineDefaults.applyTo(conf); // as the jobs run
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start();
        MiniCluster cluster = cluster(conf)) {
      // the job reads rule pushes from city.control; none come here
      kafka.createTopics(
          2,
          List.of(
              Topics.READINGS, Topics.REPORTS, Topics.DETECTIONS, Topics.REJECTED, Topics.CONTROL));
      cluster.start();

      // the job as deployed: it reads the storm up to 23:00, then is stopped with a savepoint
      send(kafka, before);
      long started = System.nanoTime();
      JobID v1 = cluster.submitJob(graph(conf, kafka, "upgrade", false, null)).get().getJobID();
      awaitRead(kafka, "upgrade", before.size());
      String savepoint =
          cluster
              .stopWithSavepoint(
                  v1, savepoints.toUri().toString(), false, SavepointFormatType.CANONICAL)
              .get();
      long stopped = System.nanoTime();
      if (System.getenv(KEEP_SAVEPOINT) != null) {
        keep(savepoint, Path.of(System.getenv(KEEP_SAVEPOINT)));
      }

      // the rest of the storm arrives while no job runs; the upgrade starts from the savepoint
      send(kafka, after);
      JobID v2 = cluster.submitJob(graph(conf, kafka, "upgrade", true, savepoint)).get().getJobID();
      awaitRead(kafka, "upgrade", readings.size());
      long restoredAndCaughtUp = System.nanoTime();
      Thread.sleep(1_500); // a few more checkpoints: what the last records raised is committed
      cluster.cancelJob(v2).get();
      long upgradeEnd = System.currentTimeMillis();

      // the same readings through a job that was never stopped
      JobID reference =
          cluster.submitJob(graph(conf, kafka, "reference", false, null)).get().getJobID();
      awaitRead(kafka, "reference", readings.size());
      Thread.sleep(1_500);
      cluster.cancelJob(reference).get();

      List<ConsumerRecord<String, byte[]>> all =
          TopicReader.readAll(kafka.bootstrapServers(), Topics.DETECTIONS, Duration.ofSeconds(30));
      Set<String> upgraded = rainVersions(all, r -> r.timestamp() < upgradeEnd, gauges);
      Set<String> uninterrupted = rainVersions(all, r -> r.timestamp() >= upgradeEnd, gauges);
      List<Incident> acrossTheSavepoint =
          all.stream()
              .filter(r -> r.timestamp() < upgradeEnd)
              .map(r -> EventJson.readIncident(r.value()))
              .filter(
                  i -> i.openedAt().isBefore(SAVEPOINT_AT) && i.updatedAt().isAfter(SAVEPOINT_AT))
              .toList();
      Set<String> idsAcross =
          acrossTheSavepoint.stream()
              .map(Incident::incidentId)
              .collect(Collectors.toCollection(TreeSet::new));
      System.out.printf(
          "upgrade: %d readings (%d before the savepoint), %d rain incident versions after the"
              + " upgrade, %d in the uninterrupted run; %d incidents opened before the savepoint and"
              + " updated after it; first job %d ms, upgraded job restored and caught up in %d ms;"
              + " savepoint %s%n",
          readings.size(),
          before.size(),
          upgraded.size(),
          uninterrupted.size(),
          idsAcross.size(),
          (stopped - started) / 1_000_000,
          (restoredAndCaughtUp - stopped) / 1_000_000,
          savepoint);

      assertThat(uninterrupted).hasSizeGreaterThan(20);
      assertThat(upgraded).isEqualTo(uninterrupted);
      // the storm's incidents lived on through the upgrade under the ids they were opened with
      assertThat(idsAcross).isNotEmpty();
      assertThat(acrossTheSavepoint)
          .extracting(Incident::type)
          .contains(IncidentType.HEAVY_RAIN, IncidentType.LANDSLIDE_RISK);
    }
  }

  /**
   * The rain job, and from the upgrade on the traffic job's operators beside it; reading {@code
   * city.readings} as consumer group {@code group}, checkpointing every 200 ms.
   */
  /** Copies the savepoint folder at {@code savepoint} (a URI) into {@code to}. */
  static void keep(String savepoint, Path to) throws java.io.IOException {
    Path from = Path.of(java.net.URI.create(savepoint));
    try (var files = java.nio.file.Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (java.nio.file.Files.isDirectory(f)) {
          java.nio.file.Files.createDirectories(target);
        } else {
          java.nio.file.Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    System.out.println("savepoint kept in " + to);
  }

  static StreamGraph graph(
      Configuration conf,
      EmbeddedKafkaBroker kafka,
      String group,
      boolean withTrafficDetector,
      String savepoint) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    Map<String, String> settings =
        Map.of(
            "kafka.bootstrap-servers",
            kafka.bootstrapServers(),
            "kafka.group",
            group,
            "checkpoint.interval",
            "200ms",
            "rain.zones-file",
            SharedData.data("rio/rain-zones.geojson").toString());
    RainJobMain.addTo(env, RainJobConfig.from(new Settings(settings)));
    if (withTrafficDetector) {
      TrafficJobMain.addTo(
          env,
          TrafficJobConfig.from(
              new Settings(
                  Map.of(
                      "kafka.bootstrap-servers",
                      kafka.bootstrapServers(),
                      "kafka.group",
                      group + "-traffic",
                      "checkpoint.interval",
                      "200ms"))));
    }
    StreamGraph graph = env.getStreamGraph();
    if (savepoint != null) {
      graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
    }
    return graph;
  }

  /**
   * One TaskManager with four slots: room for the rain job and the traffic job at parallelism 2.
   */
  static MiniCluster cluster(Configuration conf) {
    return new MiniCluster(
        new MiniClusterConfiguration.Builder()
            .setConfiguration(conf)
            .setNumTaskManagers(1)
            .setNumSlotsPerTaskManager(4)
            .build());
  }

  /** The distinct rain incident versions (the traffic detector's left out), as JSON. */
  static Set<String> rainVersions(
      List<ConsumerRecord<String, byte[]>> records,
      java.util.function.Predicate<ConsumerRecord<String, byte[]>> which,
      Set<String> gauges) {
    return rainVersions(
        records,
        which,
        gauges,
        i -> new String(EventJson.write(i), java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The same, each as {@code as} writes it. */
  static Set<String> rainVersions(
      List<ConsumerRecord<String, byte[]>> records,
      java.util.function.Predicate<ConsumerRecord<String, byte[]>> which,
      Set<String> gauges,
      java.util.function.Function<Incident, String> as) {
    return records.stream()
        .filter(which)
        .map(r -> EventJson.readIncident(r.value()))
        .filter(i -> !TRAFFIC.contains(i.type()))
        .filter(
            i ->
                i.type() != IncidentType.SENSOR_MAINTENANCE
                    || i.evidence().stream().anyMatch(e -> gauges.contains(e.sourceId())))
        .map(as)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static void send(EmbeddedKafkaBroker kafka, List<Reading> readings) {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (Reading r : readings) {
        producer.send(new ProducerRecord<>(Topics.READINGS, r.sensorId(), EventJson.write(r)));
      }
    }
  }

  /** Until {@code group} has committed (at a checkpoint) offsets past {@code count} readings. */
  static void awaitRead(EmbeddedKafkaBroker kafka, String group, long count) {
    UpgradeRuns.awaitRead(kafka, group, Topics.READINGS, count);
  }
}
