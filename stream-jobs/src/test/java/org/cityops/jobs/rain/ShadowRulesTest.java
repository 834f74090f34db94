package org.cityops.jobs.rain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.EmbeddedMqttBroker;
import org.cityops.embedded.SharedServers;
import org.cityops.embedded.TopicReader;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.events.Reading;
import org.cityops.events.Subscription;
import org.cityops.events.Topics;
import org.cityops.jobs.alerts.AlertsJobConfig;
import org.cityops.jobs.alerts.AlertsJobMain;
import org.cityops.jobs.common.ContractTopics;
import org.cityops.jobs.common.FlinkTestEnv;
import org.cityops.jobs.common.Settings;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A candidate rule set in shadow: the same readings judged by the live rules (Alerta Rio's: strong
 * from 25.1 mm in an hour) and by a candidate (strong from 20 mm), with the alerts job and two
 * subscribed residents, all on one Flink cluster and the test's own Kafka. Gauge A's 22 mm an hour
 * is strong only for the candidate; gauge B's 32 mm for both. The candidate's incidents must land
 * on {@code city.detections.shadow} and nowhere an operator or a resident looks: the resident at B
 * is warned, the one at A never is.
 */
class ShadowRulesTest {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestEnv.miniCluster();

  private static final Instant T0 = Instant.parse("2019-02-06T18:00:00Z");
  private static final GeoPoint GAUGE_A = new GeoPoint(-22.95, -43.40);
  private static final GeoPoint GAUGE_B = new GeoPoint(-22.95, -43.25); // 15 km east
  private static final String CANDIDATE =
      """
      rules:
        - id: heavy-rain
          version: 7
          detector: heavy_rain
          moderate-mm: 4
          strong-mm: 20
          very-strong-mm: 40
        - id: siren-level
          version: 1
          detector: siren_level
          hour-mm: 40
          day-mm: 125
      """;

  @Test
  void aCandidatesIncidentsReachTheShadowTopicOnlyAndNeverAResident(@TempDir Path dir)
      throws Exception {
    Path candidate = Files.writeString(dir.resolve("candidate.yaml"), CANDIDATE);
    EmbeddedMqttBroker mqtt = SharedServers.mqtt();
    ConcurrentLinkedQueue<String> warned = new ConcurrentLinkedQueue<>();
    MqttClient listener = new MqttClient(mqtt.serverUri(), "shadow-test", new MemoryPersistence());
    listener.connect(new MqttConnectionOptions());
    listener.subscribe(
        new MqttSubscription[] {new MqttSubscription("city/residents/+/alerts", 1)},
        new IMqttMessageListener[] {
          (topic, m) ->
              warned.add(
                  topic
                      + " "
                      + EventJson.mapper()
                          .readValue(m.getPayload(), org.cityops.events.Notification.class)
                          .identifier())
        });
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start()) {
      ContractTopics.create(kafka, 1);
      StreamExecutionEnvironment env = FlinkTestEnv.env(1);
      String k = kafka.bootstrapServers();
      RainJobMain.addTo(
          env,
          RainJobConfig.from(
              settings("kafka.bootstrap-servers", k, "kafka.group", "shadow-test-live")));
      AlertsJobMain.addTo(
          env,
          AlertsJobConfig.from(
              new Settings(
                  Map.of(
                      "kafka.bootstrap-servers", k,
                      "kafka.group", "shadow-test-alerts",
                      "checkpoint.interval", "200ms",
                      "alerts.out-of-orderness", "1s",
                      "alerts.idleness", "1s",
                      "alerts.control-idleness", "500ms",
                      "mqtt.server-uri", mqtt.serverUri()))));
      JobClient job = env.executeAsync("live rules and alerts");
      // the shadow is a job of its own, as deployed (same operators, same uids, another group)
      StreamExecutionEnvironment shadowEnv = FlinkTestEnv.env(1);
      RainJobMain.addTo(
          shadowEnv,
          RainJobConfig.from(
              settings(
                  "kafka.bootstrap-servers",
                  k,
                  "rain.shadow",
                  "true",
                  "rain.rules-file",
                  candidate.toString())));
      JobClient shadowJob = shadowEnv.executeAsync("shadow rules");
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", k, "acks", "all"),
              new StringSerializer(),
              new ByteArraySerializer())) {
        for (String resident : List.of("shadow-near-a", "shadow-near-b")) {
          GeoPoint home = resident.endsWith("a") ? GAUGE_A : GAUGE_B;
          Subscription s =
              new Subscription(
                  resident,
                  List.of(new Subscription.Place("home", home, 300)),
                  List.of(),
                  true,
                  T0.minusSeconds(60));
          producer.send(new ProducerRecord<>(Topics.SUBSCRIPTIONS, resident, EventJson.write(s)));
        }
        producer.flush();
        Thread.sleep(1_000); // the residents are known before any warning
        for (int q = 1; q <= 12; q++) {
          Instant at = T0.plus(Duration.ofMinutes(15L * q));
          for (Reading r :
              List.of(
                  Reading.rain("shadow-gauge-a", at, GAUGE_A, 5.5), // 22 mm an hour
                  Reading.rain("shadow-gauge-b", at, GAUGE_B, 8.0))) { // 32 mm an hour
            producer.send(new ProducerRecord<>(Topics.READINGS, r.sensorId(), EventJson.write(r)));
          }
        }
        producer.flush();
      }

      // the candidate's incidents, at both gauges
      List<Incident> shadow = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                shadow.clear();
                shadow.addAll(heavyRain(k, Topics.DETECTIONS_SHADOW));
                return places(shadow).containsAll(List.of("shadow-gauge-a", "shadow-gauge-b"));
              });
      // the resident at B is warned by the live rules' incident
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  warned.stream()
                      .anyMatch(
                          w -> w.startsWith("city/residents/shadow-near-b/alerts heavy_rain:")));
      // what the alerts job has by then: let it read every detection there is
      Thread.sleep(3_000);
      List<Incident> live = heavyRain(k, Topics.DETECTIONS);
      List<Incident> operators = heavyRain(k, Topics.INCIDENTS);
      String alerts =
          TopicReader.readAll(k, Topics.ALERTS, Duration.ofSeconds(10)).stream()
              .map(r -> new String(r.value(), StandardCharsets.UTF_8))
              .reduce("", String::concat);
      job.cancel().get();
      shadowJob.cancel().get();
      listener.disconnect();
      listener.close();

      System.out.printf(
          "shadow: candidate incidents at %s; live at %s; operators' at %s; residents warned: %s%n",
          places(shadow), places(live), places(operators), warned);
      assertThat(places(shadow)).contains("shadow-gauge-a", "shadow-gauge-b");
      assertThat(shadow).allSatisfy(i -> assertThat(ruleOf(i)).isEqualTo("heavy-rain v7"));
      assertThat(places(live)).containsOnly("shadow-gauge-b");
      assertThat(places(operators)).containsOnly("shadow-gauge-b");
      // CAP warnings and residents' notifications of heavy rain: B's, never A's (the live
      // landslide level at A, from the same rain, is the live rules' and may warn A's resident)
      assertThat(alerts)
          .contains("\"identifier\":\"heavy_rain:shadow-gauge-b:")
          .doesNotContain("heavy_rain:shadow-gauge-a");
      assertThat(warned)
          .anyMatch(
              w -> w.startsWith("city/residents/shadow-near-b/alerts heavy_rain:shadow-gauge-b"))
          .noneMatch(w -> w.contains("heavy_rain:shadow-gauge-a"));
    }
  }

  private static Settings settings(String... keyValues) {
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    m.put("checkpoint.interval", "200ms");
    m.put("rain.out-of-orderness", "0s");
    m.put("rain.idleness", "1s");
    return new Settings(m);
  }

  private static List<Incident> heavyRain(String bootstrap, String topic) {
    return TopicReader.readAll(bootstrap, topic, Duration.ofSeconds(10)).stream()
        .map(r -> EventJson.readIncident(r.value()))
        .filter(i -> i.type() == IncidentType.HEAVY_RAIN)
        .toList();
  }

  private static List<String> places(List<Incident> incidents) {
    return incidents.stream().map(i -> i.area().zone()).distinct().sorted().toList();
  }

  private static String ruleOf(Incident i) {
    return RuleVersions.judgedBy(i).orElse("none");
  }
}
