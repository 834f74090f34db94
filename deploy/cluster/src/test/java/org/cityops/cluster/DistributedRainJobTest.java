package org.cityops.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.SharedData;
import org.cityops.embedded.SharedServers;
import org.cityops.events.EventJson;
import org.cityops.events.Incident;
import org.cityops.events.Reading;
import org.cityops.events.Topics;
import org.cityops.ingestion.alertario.AlertaRioReadings;
import org.cityops.ingestion.alertario.AlertaRioStations;
import org.cityops.ingestion.replay.KafkaReadingSink;
import org.cityops.ingestion.validate.ReadingLimits;
import org.cityops.ingestion.validate.ReadingValidator;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RainJobConfig;
import org.cityops.jobs.rain.RainJobMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rain job on a real Flink session cluster (a JobManager and two TaskManagers, each its own
 * JVM), submitted over REST at parallelism 2 so each TaskManager runs a share of it, reading Alerta
 * Rio's February 2019 archive from a real Kafka broker. One run goes uninterrupted; in the other a
 * TaskManager is killed mid-stream. The job must restart from its checkpoint on the surviving
 * TaskManager and, at-least-once, publish exactly the same distinct (incident, version) set, each
 * version with the same content, nothing missing.
 */
class DistributedRainJobTest {
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

  @Test
  void aTaskManagerKilledMidStreamChangesNoIncident(@TempDir Path dir) throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    // the job reads rule pushes from city.control; none come here
    kafka.createTopics(
        2,
        List.of(
            Topics.READINGS, Topics.REPORTS, Topics.DETECTIONS, Topics.REJECTED, Topics.CONTROL));
    List<Reading> readings = february2019();
    try (KafkaReadingSink sink =
        new KafkaReadingSink(
            kafka.bootstrapServers(),
            new ReadingValidator(ReadingLimits.defaults()),
            Clock.systemUTC())) {
      for (Reading r : readings) {
        sink.send(r);
      }
    }

    // The REST API caches a job's figures for 3 s by default: the first completed checkpoint
    // would then be seen so late that this quick job had all but finished, its tasks on the
    // TaskManager to kill already done, and the kill went unnoticed (seen once).
    Map<String, String> freshFigures =
        Map.of(
            "web.refresh-interval", "100 ms",
            "rest.cache.checkpoint-statistics.timeout", "100 ms");
    try (FlinkSessionCluster cluster = new FlinkSessionCluster(dir, 2, freshFigures).start(2)) {
      // the uninterrupted run
      long startClean = System.nanoTime();
      JobClient clean = submit(cluster, kafka, "clean-" + UUID.randomUUID());
      clean.getJobExecutionResult().get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      Duration cleanTook = Duration.ofNanos(System.nanoTime() - startClean);
      Map<TopicPartition, Long> afterClean = endOffsets(kafka);
      Map<String, Incident> reference = versions(read(kafka, Map.of(), afterClean));

      // The finished run's slots are handed back asynchronously: until they are, the scheduler
      // sees one TaskManager busy and may place the whole next run on the other, and killing a
      // TaskManager would then not cut the job in two (seen once in this session's four suite
      // runs).
      waitUntil(
          () -> {
            for (JsonNode tm : cluster.rest("/taskmanagers").path("taskmanagers")) {
              if (tm.path("freeSlots").asInt() != tm.path("slotsNumber").asInt()) {
                return false;
              }
            }
            return true;
          },
          "free slots on every TaskManager after the clean run",
          cluster);

      // the same job again; a TaskManager dies once a checkpoint has completed
      long startKilled = System.nanoTime();
      JobClient killed = submit(cluster, kafka, "killed-" + UUID.randomUUID());
      String jobId = killed.getJobID().toHexString();
      waitUntil(
          () ->
              cluster
                      .rest("/jobs/" + jobId + "/checkpoints")
                      .path("counts")
                      .path("completed")
                      .asInt()
                  >= 1,
          "a completed checkpoint",
          cluster);
      JobStatus beforeKill = killed.getJobStatus().get();
      assertThat(beforeKill)
          .as("the job must still be running when the TaskManager dies (input too small?)")
          .isEqualTo(JobStatus.RUNNING);
      JsonNode slots = cluster.rest("/taskmanagers").path("taskmanagers");
      for (JsonNode tm : slots) {
        assertThat(tm.path("freeSlots").asInt())
            .as("TaskManager %s runs part of the job", tm.path("id").asText())
            .isLessThan(tm.path("slotsNumber").asInt());
      }
      long killedAt = System.nanoTime();
      cluster.kill(cluster.taskManagerProcesses().get(0));
      killed.getJobExecutionResult().get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      Duration killedTook = Duration.ofNanos(System.nanoTime() - startKilled);
      Duration recovery = Duration.ofNanos(System.nanoTime() - killedAt);
      long restarts =
          cluster
              .rest("/jobs/" + jobId + "/exceptions")
              .path("exceptionHistory")
              .path("entries")
              .size();
      // counts.restored is counted the moment the JobManager restores a checkpoint;
      // latest.restored is filled only once every restarted subtask has reported its
      // initialisation, which a second failover or the job's end can pre-empt, so it names
      // the checkpoint when it can but the count is what the test relies on.
      JsonNode checkpoints = cluster.rest("/jobs/" + jobId + "/checkpoints");
      long restores = checkpoints.path("counts").path("restored").asLong();
      JsonNode restored = checkpoints.path("latest").path("restored");

      Map<TopicPartition, Long> afterKilled = endOffsets(kafka);
      System.out.println(
          "incident offsets after the clean run "
              + afterClean
              + ", after the other "
              + afterKilled);
      System.out.println(cluster.rest("/jobs/" + jobId + "/exceptions").toPrettyString());
      List<ConsumerRecord<String, byte[]>> afterKill = read(kafka, afterClean, afterKilled);
      Map<String, Incident> recovered = versions(afterKill);
      System.out.printf(
          "distributed run: %d readings; uninterrupted %d incident versions in %.1f s; with a"
              + " TaskManager killed: %d records (%d duplicates), %d distinct versions in %.1f s,"
              + " %d failure(s) recorded, %d restore(s) from a checkpoint (latest %s), %.1f s from the kill to the"
              + " end%n",
          readings.size(),
          reference.size(),
          cleanTook.toMillis() / 1000.0,
          afterKill.size(),
          afterKill.size() - recovered.size(),
          recovered.size(),
          killedTook.toMillis() / 1000.0,
          restarts,
          restores,
          restored.path("id").asText("not reported"),
          recovery.toMillis() / 1000.0);

      assertThat(restarts).as("the job noticed the lost TaskManager").isPositive();
      assertThat(restores).as("checkpoints the job restored from").isPositive();
      assertThat(reference).hasSizeGreaterThan(500);
      assertThat(new TreeSet<>(recovered.keySet())).isEqualTo(new TreeSet<>(reference.keySet()));
      reference.forEach(
          (key, incident) -> assertThat(recovered.get(key)).as(key).isEqualTo(incident));
    }
  }

  private static List<Reading> february2019() throws Exception {
    Path folder = SharedData.data("alertario/2019-02/barrinha_201902_Plv.csv").getParent();
    return AlertaRioReadings.readFolder(
        folder, AlertaRioStations.load(SharedData.data("rio/rain-gauges.json")));
  }

  private static JobClient submit(
      FlinkSessionCluster cluster, EmbeddedKafkaBroker kafka, String group) throws Exception {
    RainJobConfig config =
        RainJobConfig.from(
            new Settings(
                Map.of(
                    "kafka.bootstrap-servers",
                    kafka.bootstrapServers(),
                    "kafka.group",
                    group,
                    "kafka.bounded",
                    "true",
                    "checkpoint.interval",
                    "500ms")));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment("localhost", cluster.restPort());
    env.setParallelism(2);
    RainJobMain.addTo(env, config);
    return env.executeAsync(RainJobMain.JOB_NAME + " " + group);
  }

  /** Each (incident, version) once; two records of one version with different content fail. */
  private static Map<String, Incident> versions(List<ConsumerRecord<String, byte[]>> records) {
    Map<String, Incident> out = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      Incident i = EventJson.readIncident(r.value());
      Incident earlier = out.putIfAbsent(i.incidentId() + " v" + i.version(), i);
      if (earlier != null) {
        assertThat(i).as("a second copy of %s v%d", i.incidentId(), i.version()).isEqualTo(earlier);
      }
    }
    return out;
  }

  private static KafkaConsumer<String, byte[]> consumer(EmbeddedKafkaBroker kafka) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed"),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  private static Map<TopicPartition, Long> endOffsets(EmbeddedKafkaBroker kafka) {
    try (KafkaConsumer<String, byte[]> c = consumer(kafka)) {
      List<TopicPartition> partitions = new ArrayList<>();
      c.partitionsFor(Topics.DETECTIONS)
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      return new HashMap<>(c.endOffsets(partitions));
    }
  }

  /** The incident records between two offset positions (from the start where none is given). */
  private static List<ConsumerRecord<String, byte[]>> read(
      EmbeddedKafkaBroker kafka, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = consumer(kafka)) {
      c.assign(to.keySet());
      to.keySet().forEach(p -> c.seek(p, from.getOrDefault(p, 0L)));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline
          && to.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue())) {
        var polled = c.poll(Duration.ofMillis(200));
        System.out.println(
            "polled "
                + polled.count()
                + " positions "
                + to.keySet().stream().map(c::position).toList());
        for (ConsumerRecord<String, byte[]> r : polled) {
          if (r.offset() < to.get(new TopicPartition(r.topic(), r.partition()))) {
            out.add(r);
          }
        }
      }
    }
    return out;
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitUntil(Condition condition, String what, FlinkSessionCluster cluster)
      throws Exception {
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (RuntimeException notYet) {
        // the REST API answers 404 until the job is known
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + what + "\n" + cluster.log("jobmanager"));
  }
}
