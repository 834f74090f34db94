package org.cityops.jobs.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
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
import org.cityops.jobs.common.FlinkTestEnv;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RuleVersions;
import org.cityops.roads.DetectorSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A candidate traffic rule set in shadow beside the live traffic job, on the same readings and the
 * test's own Kafka: a detector at 0.6 of its free-flow speed for an hour is slow under the live
 * levels and congested under the candidate's (congested below 0.7). The candidate's congestion
 * incident must be on {@code city.detections.shadow}, named by the candidate rule, and nowhere the
 * operators' or residents' jobs read ({@code city.detections} has no incident at all).
 */
class TrafficShadowTest {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestEnv.miniCluster();

  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  @Test
  void aCandidatesIncidentsGoToTheShadowTopicOnly(@TempDir Path dir) throws Exception {
    Path candidate = dir.resolve("candidate.yaml");
    Files.writeString(
        candidate,
        """
        rules:
          - {id: heavy-rain, version: 1, detector: heavy_rain, moderate-mm: 5, strong-mm: 25.1, very-strong-mm: 50}
          - {id: siren-level, version: 1, detector: siren_level, hour-mm: 40, day-mm: 125}
          - {id: jams, version: 2, detector: congestion, slow-below: 0.9, congested-below: 0.7, standstill-below: 0.4}
        """);
    DetectorSite site =
        TrafficJobConfig.from(new Settings(Map.of())).layout().sites().values().stream()
            .min(java.util.Comparator.comparing(DetectorSite::id))
            .orElseThrow();
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start()) {
      kafka.createTopics(
          2,
          List.of(
              Topics.READINGS,
              Topics.REPORTS,
              Topics.CONTROL,
              Topics.DETECTIONS,
              Topics.DETECTIONS_SHADOW,
              Topics.REJECTED));
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
              new StringSerializer(),
              new ByteArraySerializer())) {
        for (int n = 0; n < 12; n++) {
          Reading r =
              Reading.trafficLoop(
                  site.id(),
                  T0.plus(Duration.ofMinutes(5L * n)),
                  site.location(),
                  0.6 * site.freeFlowKmh(),
                  60.0 + n % 3,
                  25.0);
          producer.send(new ProducerRecord<>(Topics.READINGS, site.id(), EventJson.write(r)));
        }
      }
      Map<String, String> common =
          Map.of(
              "kafka.bootstrap-servers", kafka.bootstrapServers(),
              "kafka.bounded", "true",
              "checkpoint.interval", "1s",
              "traffic.out-of-orderness", "0s");
      run(common, Map.of());
      run(common, Map.of("traffic.shadow", "true", "traffic.rules-file", candidate.toString()));

      List<Incident> live = incidents(kafka, Topics.DETECTIONS);
      List<Incident> shadow = incidents(kafka, Topics.DETECTIONS_SHADOW);
      System.out.printf("traffic shadow: live %s; shadow %s%n", live, shadow);
      assertThat(live).as("slow is no incident under the live levels").isEmpty();
      assertThat(shadow)
          .singleElement()
          .satisfies(
              i -> {
                assertThat(i.type()).isEqualTo(IncidentType.CONGESTION);
                // three congested readings in a row: 0, 5, 10 minutes
                assertThat(i.openedAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
                assertThat(RuleVersions.judgedBy(i)).contains("jams v2");
              });
    }
  }

  /** The traffic job with {@code common} and {@code own} settings, to the end of its input. */
  private static void run(Map<String, String> common, Map<String, String> own) throws Exception {
    Map<String, String> settings = new java.util.HashMap<>(common);
    settings.putAll(own);
    StreamExecutionEnvironment env = FlinkTestEnv.env(2);
    TrafficJobMain.addTo(env, TrafficJobConfig.from(new Settings(settings)));
    env.execute(own.isEmpty() ? "traffic live" : "traffic shadow");
  }

  private static List<Incident> incidents(EmbeddedKafkaBroker kafka, String topic) {
    return TopicReader.readAll(kafka.bootstrapServers(), topic, Duration.ofSeconds(5)).stream()
        .map(r -> EventJson.readIncident(r.value()))
        .toList();
  }
}
