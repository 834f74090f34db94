package org.cityops.backtest.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
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
import org.cityops.embedded.SharedData;
import org.cityops.embedded.TopicReader;
import org.cityops.events.CaseNotification;
import org.cityops.events.Disease;
import org.cityops.events.EventJson;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.Topics;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.health.HealthJobConfig;
import org.cityops.jobs.health.HealthJobMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health job stopped with a savepoint while a dengue hotspot is open and started again from it
 * ({@code allowNonRestoredState = false}): its hotspot versions must be exactly those of a run
 * never stopped. Copacabana has twenty cases a week for three weeks (Leme beside it six), then
 * none; Copacabana's hotspot opens before the savepoint and clears after it, so the neighbourhoods'
 * counts and weeks, the alarms, the open hotspot and their daily timers must all come through. One
 * case a day in Campo Grande (300,000 people: never an alarm) keeps the reporting clock going.
 *
 * <p>With {@code CITYOPS_KEEP_SAVEPOINT=DIR} the savepoint is kept; with {@code
 * CITYOPS_HEALTH_UPGRADE_FROM=DIR} the job starts from that savepoint instead (an earlier
 * release's, taken by this test there): an upgrade across releases. Notifications are the same each
 * time and on one partition, so the savepoint's offsets name the same records in every run.
 */
class HealthJobUpgradeTest {
  static final String UPGRADE_FROM = "CITYOPS_HEALTH_UPGRADE_FROM";
  static final ZoneId RIO = ZoneId.of("America/Sao_Paulo");
  static final LocalDate FIRST = LocalDate.parse("2024-02-04");
  static final int DAYS = 40;
  static final int SAVEPOINT_BEFORE_DAY = 28;

  private static String id(HealthJobConfig config, String name) {
    return config.areas().zones().zones().stream()
        .filter(z -> z.name().equals(name))
        .findFirst()
        .orElseThrow()
        .id();
  }

  /** The notifications, in order of notification (a day after onset, at noon in Rio). */
  static List<CaseNotification> notifications(HealthJobConfig config) {
    List<CaseNotification> out = new ArrayList<>();
    String copacabana = id(config, "Copacabana");
    String leme = id(config, "Leme");
    String campoGrande = id(config, "Campo Grande");
    int n = 0;
    for (int d = 0; d < DAYS; d++) {
      LocalDate onset = FIRST.plusDays(d);
      Instant notified = onset.plusDays(1).atTime(12, 0).atZone(RIO).toInstant();
      out.add(
          CaseNotification.suspected("up-" + (++n), Disease.DENGUE, onset, notified, campoGrande));
      if (d < 21) {
        // twenty a week in Copacabana (three a day, one day two), ten in Leme
        int copa = d % 7 == 6 ? 2 : 3;
        for (int i = 0; i < copa; i++) {
          out.add(
              CaseNotification.suspected(
                  "up-" + (++n), Disease.DENGUE, onset, notified.plusSeconds(i + 1), copacabana));
        }
        if (d % 7 < 5 || d % 7 == 6) {
          out.add(
              CaseNotification.suspected(
                  "up-" + (++n), Disease.DENGUE, onset, notified.plusSeconds(10), leme));
        }
      }
    }
    return out;
  }

  @Test
  void theRestoredJobGoesOnFromTheSavepointAsIfNeverStopped(@TempDir Path savepoints)
      throws Exception {
    Instant savepointTime = FIRST.plusDays(SAVEPOINT_BEFORE_DAY).atStartOfDay(RIO).toInstant();
    String from = System.getenv(UPGRADE_FROM);

    Configuration conf = new Configuration();
    org.cityops.jobs.common.PipelineDefaults.applyTo(conf); // as the jobs run
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start();
        MiniCluster cluster = RainJobUpgradeTest.cluster(conf)) {
      kafka.createTopics(
          2,
          List.of(
              Topics.CASES,
              Topics.READINGS,
              Topics.REPORTS,
              Topics.DETECTIONS,
              Topics.REJECTED,
              Topics.CONTROL));
      cluster.start();
      // Rio's neighbourhoods are read once (seconds); the reference run reads as another group
      HealthJobConfig upgrade = config(kafka, "upgrade");
      HealthJobConfig referenceConfig =
          new HealthJobConfig(
              upgrade.basics().withConsumerGroup("reference"),
              upgrade.health(),
              upgrade.areas(),
              upgrade.rules(),
              false);
      List<CaseNotification> all = notifications(upgrade);
      List<CaseNotification> before =
          all.stream().filter(c -> c.notifiedAt().isBefore(savepointTime)).toList();
      List<CaseNotification> after = all.subList(before.size(), all.size());
      send(kafka, before);
      String savepoint;
      if (from != null) {
        assertThat(Files.exists(Path.of(from).resolve("_metadata")))
            .as("%s holds a savepoint (its _metadata)", from)
            .isTrue();
        savepoint = Path.of(from).toUri().toString();
      } else {
        JobID v1 = cluster.submitJob(graph(conf, upgrade, null)).get().getJobID();
        UpgradeRuns.awaitRead(kafka, "upgrade", Topics.CASES, before.size());
        savepoint =
            cluster
                .stopWithSavepoint(
                    v1, savepoints.toUri().toString(), false, SavepointFormatType.CANONICAL)
                .get();
        if (System.getenv(RainJobUpgradeTest.KEEP_SAVEPOINT) != null) {
          RainJobUpgradeTest.keep(
              savepoint, Path.of(System.getenv(RainJobUpgradeTest.KEEP_SAVEPOINT)));
        }
      }
      long restartedAt = System.currentTimeMillis();

      send(kafka, after);
      JobID v2 = cluster.submitJob(graph(conf, upgrade, savepoint)).get().getJobID();
      UpgradeRuns.awaitRead(kafka, "upgrade", Topics.CASES, all.size());
      Thread.sleep(2_000); // a few more checkpoints: what the last records raised is committed
      cluster.cancelJob(v2).get();
      long restoredEnd = System.currentTimeMillis();

      JobID reference = cluster.submitJob(graph(conf, referenceConfig, null)).get().getJobID();
      UpgradeRuns.awaitRead(kafka, "reference", Topics.CASES, all.size());
      Thread.sleep(2_000);
      cluster.cancelJob(reference).get();

      List<ConsumerRecord<String, byte[]>> detections =
          TopicReader.readAll(kafka.bootstrapServers(), Topics.DETECTIONS, Duration.ofSeconds(30));
      UpgradeRuns.Runs runs =
          UpgradeRuns.split(detections, restartedAt, restoredEnd, savepointTime);
      Set<String> restored = runs.restored();
      Set<String> uninterrupted = runs.uninterrupted();
      List<Incident> across = runs.across();
      System.out.printf(
          "health upgrade%s: %d notifications (%d before the savepoint), %d hotspot versions after"
              + " the restart, %d in the never-stopped run from the savepoint's time; across it:"
              + " %s%n",
          from == null ? "" : " from " + from,
          all.size(),
          before.size(),
          restored.size(),
          uninterrupted.size(),
          across.stream()
              .map(
                  i ->
                      i.area().zone()
                          + " v"
                          + i.version()
                          + " "
                          + i.status()
                          + " at "
                          + i.updatedAt())
              .toList());

      assertThat(restored).isNotEmpty().isEqualTo(uninterrupted);
      // Copacabana's hotspot, opened before the savepoint, lived through it and cleared after it
      assertThat(across)
          .filteredOn(i -> i.status() == IncidentStatus.CLEARED_UNACK)
          .singleElement()
          .satisfies(i -> assertThat(i.area().zone()).contains("Copacabana"));
    }
  }

  /** The health job on {@code kafka} reading as {@code group}. */
  static HealthJobConfig config(EmbeddedKafkaBroker kafka, String group) {
    return HealthJobConfig.from(
        new Settings(
            Map.of(
                "kafka.bootstrap-servers", kafka.bootstrapServers(),
                "kafka.group", group,
                "checkpoint.interval", "200ms",
                "health.out-of-orderness", "0s",
                "health.idleness", "1s",
                "health.scan.replicas", "99",
                "health.neighbourhoods",
                    SharedData.data("rio/neighbourhoods.geojson").toString())));
  }

  /** The health job as {@code config} says, from {@code savepoint} when given. */
  static StreamGraph graph(Configuration conf, HealthJobConfig config, String savepoint) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    HealthJobMain.addTo(env, config);
    StreamGraph graph = env.getStreamGraph();
    if (savepoint != null) {
      graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
    }
    return graph;
  }

  /** All on one partition, in order of notification. */
  static void send(EmbeddedKafkaBroker kafka, List<CaseNotification> notifications) {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (CaseNotification c : notifications) {
        producer.send(new ProducerRecord<>(Topics.CASES, "cases", EventJson.write(c)));
      }
    }
  }
}
