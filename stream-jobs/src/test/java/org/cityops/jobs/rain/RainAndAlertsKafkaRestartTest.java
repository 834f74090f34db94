package org.cityops.jobs.rain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.TopicReader;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.Reading;
import org.cityops.events.Topics;
import org.cityops.jobs.alerts.AlertsJobConfig;
import org.cityops.jobs.alerts.AlertsJobMain;
import org.cityops.jobs.common.ContractTopics;
import org.cityops.jobs.common.FlinkTestEnv;
import org.cityops.jobs.common.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka broker restarted under the running rain and alerts jobs (its data kept, as after a
 * crash and restart): both recover by themselves, every reading is read, the incidents are those of
 * a run that saw no outage (the same (incident, version) pairs with the same content), every hazard
 * at every gauge the clean run warned of is warned of, and never are there two different contents
 * for one pair or one warning (a replay from the checkpoint may repeat one, only identically).
 */
class RainAndAlertsKafkaRestartTest {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestEnv.miniCluster();

  private static final Instant T0 = Instant.parse("2026-01-12T00:00:00Z");
  private static final int GAUGES = 24;
  private static final int STEPS = 240; // 60 hours of 15-minute readings

  /** A storm crossing the gauges, in event-time order: step by step, every gauge once. */
  private static List<Reading> readings(int fromStep, int toStep) {
    List<Reading> out = new ArrayList<>();
    for (int step = fromStep; step < toStep; step++) {
      for (int g = 0; g < GAUGES; g++) {
        double wave = Math.sin(2 * Math.PI * (step / 96.0 + g / (double) GAUGES));
        double mm = Math.round(Math.max(0, 14 * wave - 4) * 5) / 5.0;
        out.add(
            Reading.rain(
                "restart-g" + g,
                T0.plus(Duration.ofMinutes(15L * step)),
                new GeoPoint(-22.9 - g / 200.0, -43.3 + g / 200.0),
                mm));
      }
    }
    return out;
  }

  @Test
  void aKafkaRestartUnderTheJobLosesNothingAndChangesNoIncident() throws Exception {
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start()) {
      ContractTopics.create(kafka, 2);
      int total = GAUGES * STEPS;

      // the run with the outage: a third of the storm, the broker stopped for 5 s, the rest
      JobClient withOutage = start(kafka, "restart-with-outage");
      send(kafka, readings(0, STEPS / 3));
      awaitCommitted(kafka, "restart-with-outage", (long) GAUGES * (STEPS / 3));
      kafka.stop();
      long stoppedAt = System.nanoTime();
      Thread.sleep(org.cityops.embedded.Outages.length(Duration.ofSeconds(5)).toMillis());
      kafka.start();
      long restartedAt = System.nanoTime();
      send(kafka, readings(STEPS / 3, STEPS));
      awaitCommitted(kafka, "restart-with-outage", total);
      long recoveredMillis = (System.nanoTime() - restartedAt) / 1_000_000;
      Thread.sleep(3_000); // checkpoints after the last reading: every output flushed
      awaitWarned(kafka, "restart-with-outage-alerts");
      withOutage.cancel().get();
      List<ConsumerRecord<String, byte[]>> outage = detections(kafka);
      List<ConsumerRecord<String, byte[]>> outageAlerts = alerts(kafka);

      // the clean run over the same readings, now all in Kafka
      JobClient clean = start(kafka, "restart-clean");
      awaitCommitted(kafka, "restart-clean", total);
      Thread.sleep(3_000);
      awaitWarned(kafka, "restart-clean-alerts");
      clean.cancel().get();
      List<ConsumerRecord<String, byte[]>> cleanRun = after(outage, detections(kafka));
      List<ConsumerRecord<String, byte[]>> cleanAlerts = after(outageAlerts, alerts(kafka));

      Map<String, String> withOutageVersions = new HashMap<>();
      List<String> conflicts = new ArrayList<>();
      for (ConsumerRecord<String, byte[]> r : outage) {
        Incident i = EventJson.readIncident(r.value());
        String json = new String(r.value(), StandardCharsets.UTF_8);
        String before = withOutageVersions.putIfAbsent(i.incidentId() + "#" + i.version(), json);
        if (before != null && !before.equals(json)) {
          conflicts.add(i.incidentId() + "#" + i.version());
        }
      }
      Map<String, String> cleanVersions = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r : cleanRun) {
        Incident i = EventJson.readIncident(r.value());
        cleanVersions.put(
            i.incidentId() + "#" + i.version(), new String(r.value(), StandardCharsets.UTF_8));
      }
      Map<String, String> withOutageWarnings = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r : outageAlerts) {
        String id = EventJson.readAlert(r.value()).identifier();
        String json = new String(r.value(), StandardCharsets.UTF_8);
        String before = withOutageWarnings.putIfAbsent(id, json);
        if (before != null && !before.equals(json)) {
          conflicts.add(id);
        }
      }
      Map<String, String> cleanWarnings = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r : cleanAlerts) {
        cleanWarnings.put(
            EventJson.readAlert(r.value()).identifier(),
            new String(r.value(), StandardCharsets.UTF_8));
      }
      System.out.printf(
          "Kafka restart under the rain and alerts jobs: sent %d readings; broker down %d ms; all"
              + " read %d ms after it was back; incident versions: %d records (%d distinct) with"
              + " the outage, %d distinct in the clean run; CAP warnings: %d records (%d distinct)"
              + " with the outage, %d distinct in the clean run, warning of %d hazards at gauges"
              + " (clean %d); %d conflicting%n",
          total,
          (restartedAt - stoppedAt) / 1_000_000,
          recoveredMillis,
          outage.size(),
          withOutageVersions.size(),
          cleanVersions.size(),
          outageAlerts.size(),
          withOutageWarnings.size(),
          cleanWarnings.size(),
          warnedPlaces(outageAlerts).size(),
          warnedPlaces(cleanAlerts).size(),
          conflicts.size());
      assertThat(conflicts).isEmpty();
      assertThat(cleanVersions).isNotEmpty();
      assertThat(withOutageVersions).isEqualTo(cleanVersions);
      assertThat(cleanWarnings).isNotEmpty();
      // No warning lost: every hazard at every gauge the clean run warned of, the run with the
      // outage warned of too. Which versions say what may differ: detections that come after a
      // pause longer than alerts.idleness are late for the alerts job's live watermarks and are
      // fused in arrival order (LiveWatermarks), and a storm replayed in seconds, months behind
      // the wall clock, is all late after one. So the same identifier (incident and version) can
      // name an update in one run and the all-clear in the other (seen: v2 an update with both
      // detections' evidence after the outage, the all-clear in the clean run); comparing such
      // pairs byte for byte failed in some runs and passed in others, and is not asserted.
      assertThat(warnedPlaces(outageAlerts)).isEqualTo(warnedPlaces(cleanAlerts));
    }
  }

  private static JobClient start(EmbeddedKafkaBroker kafka, String group) throws Exception {
    StreamExecutionEnvironment env = FlinkTestEnv.env(2);
    RainJobMain.addTo(
        env,
        RainJobConfig.from(
            new Settings(
                Map.of(
                    "kafka.bootstrap-servers",
                    kafka.bootstrapServers(),
                    "kafka.group",
                    group,
                    "checkpoint.interval",
                    "500ms",
                    // an outage stalls both partitions alike; no partition may be left behind as
                    // idle, or its readings would come late
                    "rain.idleness",
                    "10m"))));
    AlertsJobMain.addTo(
        env,
        AlertsJobConfig.from(
            new Settings(
                Map.of(
                    "kafka.bootstrap-servers",
                    kafka.bootstrapServers(),
                    "kafka.group",
                    group + "-alerts",
                    "checkpoint.interval",
                    "500ms"))));
    return env.executeAsync(group);
  }

  /**
   * The storm's readings, in order, by a producer without idempotence: the embedded broker, once
   * restarted, may hand a new producer the id an earlier one had (1000, the first of a block), and
   * that producer's sequence numbers, kept in the partition, then refuse every batch of the new one
   * as out of order until the delivery timeout (seen once: the second half of the storm never
   * arrived). One request in flight keeps the order; a retry may duplicate a reading, which the job
   * ignores (same gauge, same time).
   */
  private static void send(EmbeddedKafkaBroker kafka, List<Reading> readings) {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "acks",
                "all",
                "linger.ms",
                5,
                "enable.idempotence",
                false,
                "max.in.flight.requests.per.connection",
                1),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (Reading r : readings) {
        producer.send(new ProducerRecord<>(Topics.READINGS, r.sensorId(), EventJson.write(r)));
      }
      producer.flush();
    }
  }

  /** Each hazard at each gauge a public warning was issued for (its type and place). */
  private static java.util.Set<String> warnedPlaces(List<ConsumerRecord<String, byte[]>> alerts) {
    java.util.Set<String> places = new java.util.TreeSet<>();
    for (ConsumerRecord<String, byte[]> r : alerts) {
      org.cityops.events.CapAlert a = EventJson.readAlert(r.value());
      if (a.msgType() == org.cityops.events.CapAlert.MsgType.Alert) {
        places.add(a.hazard() + " at " + a.info().get(0).area().get(0).areaDesc());
      }
    }
    return places;
  }

  /** The records of {@code all} past the last offset {@code earlier} has in each partition. */
  private static List<ConsumerRecord<String, byte[]>> after(
      List<ConsumerRecord<String, byte[]>> earlier, List<ConsumerRecord<String, byte[]>> all) {
    Map<Integer, Long> last = new HashMap<>();
    earlier.forEach(r -> last.merge(r.partition(), r.offset(), Math::max));
    return all.stream().filter(r -> r.offset() > last.getOrDefault(r.partition(), -1L)).toList();
  }

  private static List<ConsumerRecord<String, byte[]>> alerts(EmbeddedKafkaBroker kafka) {
    return TopicReader.readAll(kafka.bootstrapServers(), Topics.ALERTS, Duration.ofSeconds(5));
  }

  /** Until the alerts job has committed every detection there is. */
  private static void awaitWarned(EmbeddedKafkaBroker kafka, String group) {
    long detections = detections(kafka).size();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> committedOrZero(kafka, group, Topics.DETECTIONS) >= detections);
    try {
      Thread.sleep(2_000); // a checkpoint after it: the warnings it made are flushed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<ConsumerRecord<String, byte[]>> detections(EmbeddedKafkaBroker kafka) {
    return TopicReader.readAll(kafka.bootstrapServers(), Topics.DETECTIONS, Duration.ofSeconds(5));
  }

  private static void awaitCommitted(EmbeddedKafkaBroker kafka, String group, long count) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> committedOrZero(kafka, group, Topics.READINGS) >= count);
  }

  private static long committedOrZero(EmbeddedKafkaBroker kafka, String group, String topic) {
    try {
      return kafka.committed(group, topic);
    } catch (RuntimeException brokerAway) {
      return 0;
    }
  }
}
