package org.cityops.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.EmbeddedMqttBroker;
import org.cityops.embedded.SharedServers;
import org.cityops.embedded.TopicReader;
import org.cityops.events.Area;
import org.cityops.events.CapAlert;
import org.cityops.events.EventJson;
import org.cityops.events.Evidence;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentStatus;
import org.cityops.events.IncidentType;
import org.cityops.events.Notification;
import org.cityops.events.Severity;
import org.cityops.events.Subscription;
import org.cityops.events.Topics;
import org.cityops.jobs.common.Settings;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;

/**
 * The alerts job as deployed ({@link AlertsJobMain}: Kafka in, CAP to Kafka, notifications over
 * MQTT) on a MiniCluster of two TaskManagers, one of which is killed when the first resident's
 * notification arrives; Flink restores the job from its last checkpoint on the TaskManagers left
 * and a new one. Residents must get, per CAP message that concerns them, exactly one distinct
 * notification: repeats after the restore are allowed (MQTT is at-least-once) but only as the same
 * bytes. The expected set comes from the CAP messages the same job wrote to {@code city.alerts} and
 * the residents' places, chosen far from any border (near: 400 m from a warning's center; far: 15
 * km from every one).
 */
class AlertsJobRestartTest {
  private static final Instant T0 = Instant.parse("2019-02-06T18:00:00Z");
  private static final int SPOTS = 8;

  /** Spot i: a point on a west-east line through Rio, 6 km apart. */
  private static GeoPoint spot(int i) {
    return new GeoPoint(-22.95, -43.65 + i * 0.058);
  }

  private static GeoPoint nearSpot(int i) {
    return new GeoPoint(spot(i).lat() + 400 / 111_320.0, spot(i).lon());
  }

  /** Heavy rain at spot i: Moderate, then a wider area (an Update), then clear (a Cancel). */
  private static List<Incident> detections(int i) {
    String id = "heavy_rain:spot-" + i + ":" + T0.getEpochSecond();
    Instant opened = T0.plus(Duration.ofMinutes(10L * i));
    List<Incident> versions = new ArrayList<>();
    for (int v = 1; v <= 3; v++) {
      Instant at = opened.plus(Duration.ofMinutes(20L * (v - 1)));
      boolean active = v < 3;
      versions.add(
          new Incident(
              id,
              IncidentType.HEAVY_RAIN,
              new Area(spot(i), v == 1 ? 2_000 : 2_500, "spot-" + i),
              Severity.MODERATE,
              active ? IncidentStatus.ACTIVE_UNACK : IncidentStatus.CLEARED_UNACK,
              List.of(new Evidence("rain_1h_mm", "spot-" + i, at, 30 + v, "mm")),
              v,
              opened,
              at,
              active ? null : at));
    }
    return versions;
  }

  private static Subscription resident(String id, GeoPoint at) {
    return new Subscription(
        id, List.of(new Subscription.Place("home", at, 300)), List.of(), true, T0.minusSeconds(60));
  }

  @Test
  void aTaskManagerLostMidScenarioSendsNoResidentASecondDifferentNotification() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    EmbeddedMqttBroker mqtt = SharedServers.mqtt();
    kafka.createTopics(
        2,
        List.of(
            Topics.DETECTIONS,
            Topics.CONTROL,
            Topics.SUBSCRIPTIONS,
            Topics.INCIDENTS,
            Topics.ALERTS,
            Topics.PENDING_WARNINGS,
            Topics.STAGE,
            Topics.REJECTED));
    List<Subscription> residents = new ArrayList<>();
    for (int i = 0; i < SPOTS; i++) {
      residents.add(resident("near-" + i, nearSpot(i)));
    }
    residents.add(resident("far-north", new GeoPoint(-22.80, -43.45))); // 15 km from every spot

    // what reaches each resident: identifier -> payloads seen (more than one distinct: a defect)
    Map<String, Map<String, Set<String>>> received = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> arrivals = new ConcurrentLinkedQueue<>();
    AtomicBoolean firstArrived = new AtomicBoolean();
    MqttClient listener = new MqttClient(mqtt.serverUri(), "restart-test", new MemoryPersistence());
    listener.connect(new MqttConnectionOptions());
    IMqttMessageListener onNotification =
        (topic, m) -> {
          String payload = new String(m.getPayload(), StandardCharsets.UTF_8);
          Notification n = EventJson.mapper().readValue(payload, Notification.class);
          received
              .computeIfAbsent(n.residentId(), r -> new ConcurrentHashMap<>())
              .computeIfAbsent(n.identifier(), k -> ConcurrentHashMap.newKeySet())
              .add(payload);
          arrivals.add(n.residentId() + " " + n.identifier());
          firstArrived.set(true);
        };
    listener.subscribe(
        new MqttSubscription[] {new MqttSubscription("city/residents/+/alerts", 1)},
        new IMqttMessageListener[] {onNotification});

    Configuration conf = new Configuration();
    org.cityops.jobs.common.PipelineDefaults.applyTo(conf); // as the jobs run
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(300));
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    String group = "restart-test-" + System.nanoTime();
    try (MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(2)
                .setNumSlotsPerTaskManager(2)
                .build())) {
      cluster.start();
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
      env.setParallelism(2);
      AlertsJobMain.addTo(
          env,
          AlertsJobConfig.from(
              new Settings(
                  Map.of(
                      "kafka.bootstrap-servers",
                      kafka.bootstrapServers(),
                      "kafka.group",
                      group,
                      "checkpoint.interval",
                      "150ms",
                      "alerts.out-of-orderness",
                      "2s",
                      "alerts.idleness",
                      "1s",
                      "alerts.control-idleness",
                      "500ms",
                      "mqtt.server-uri",
                      mqtt.serverUri()))));
      JobID job = cluster.submitJob(env.getStreamGraph()).get().getJobID();

      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
              new StringSerializer(),
              new ByteArraySerializer())) {
        // the residents first, and only once the job has read them: a subscription that arrived
        // after a warning's Cancel would rightly hear nothing of it, and the expectation below
        // assumes every resident subscribed before any warning
        for (Subscription s : residents) {
          producer.send(
              new ProducerRecord<>(Topics.SUBSCRIPTIONS, s.residentId(), EventJson.write(s)));
        }
        producer.flush();
        awaitCommitted(kafka, group, Topics.SUBSCRIPTIONS, residents.size());

        // the storm: each spot's versions in event-time order; nothing comes after it, so the
        // watermark passes its end only by flowing on with the wall clock (LiveWatermarks), also
        // after the restore, when the input has all been read
        List<Incident> storm = new ArrayList<>();
        for (int i = 0; i < SPOTS; i++) {
          storm.addAll(detections(i));
        }
        storm.sort(java.util.Comparator.comparing(Incident::updatedAt));
        for (Incident d : storm) {
          producer.send(
              new ProducerRecord<>(Topics.DETECTIONS, d.incidentId(), EventJson.write(d)));
        }
        producer.flush();
      }

      // a TaskManager dies as the first notification lands; Flink restores on what is left
      await().atMost(Duration.ofSeconds(60)).untilTrue(firstArrived);
      int beforeKill = arrivals.size();
      cluster.terminateTaskManager(0).get();
      cluster.startTaskManager();

      // the CAP messages the job wrote: 3 per spot (Alert, Update, Cancel)
      Map<String, CapAlert> alerts = new TreeMap<>();
      TopicReader.readUntil(
              kafka.bootstrapServers(),
              Topics.ALERTS,
              records -> distinctAlerts(records).size() >= 3 * SPOTS,
              Duration.ofSeconds(90))
          .forEach(
              r -> {
                CapAlert a = EventJson.readAlert(r.value());
                alerts.put(a.identifier(), a);
              });
      assertThat(alerts).hasSize(3 * SPOTS);

      // every warning is also an Open511 road event (heavy rain: a weather condition), archived
      // by its Cancel
      Map<String, org.cityops.events.RoadEvent> roadEvents = new TreeMap<>();
      TopicReader.readUntil(
              kafka.bootstrapServers(),
              Topics.ROAD_EVENTS,
              records ->
                  records.stream()
                          .map(r -> roadEvent(r))
                          .filter(e -> "ARCHIVED".equals(e.status()))
                          .map(org.cityops.events.RoadEvent::id)
                          .distinct()
                          .count()
                      >= SPOTS,
              Duration.ofSeconds(60))
          .forEach(
              r -> {
                var e = roadEvent(r);
                roadEvents.merge(
                    e.id(), e, (a, b) -> a.updated().compareTo(b.updated()) >= 0 ? a : b);
              });
      assertThat(roadEvents).hasSize(SPOTS);
      assertThat(roadEvents.values())
          .allSatisfy(
              e -> {
                assertThat(e.status()).isEqualTo("ARCHIVED");
                assertThat(e.eventType()).isEqualTo("WEATHER_CONDITION");
                assertThat(e.id()).startsWith("cor.rio/heavy_rain.spot-");
              });

      Map<String, Set<String>> expected = new TreeMap<>();
      for (int i = 0; i < SPOTS; i++) {
        Set<String> ids = new TreeSet<>();
        for (CapAlert a : alerts.values()) {
          if (a.incidentId().startsWith("heavy_rain:spot-" + i + ":")) {
            ids.add(a.identifier());
          }
        }
        expected.put("near-" + i, ids);
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(identifiers(received))
                      .as("listener connected: %s", listener.isConnected())
                      .isEqualTo(expected));
      cluster.cancelJob(job).get();

      int repeats = arrivals.size() - expected.values().stream().mapToInt(Set::size).sum();
      System.out.printf(
          "alerts job restart: %d notifications before the TaskManager was killed, %d in all, %d"
              + " repeats (same bytes), %d residents, 0 different versions%n",
          beforeKill, arrivals.size(), repeats, received.size());
      received.forEach(
          (resident, byId) ->
              byId.forEach(
                  (id, payloads) ->
                      assertThat(payloads)
                          .as("the notifications of %s for %s", resident, id)
                          .hasSize(1)));
      assertThat(received).doesNotContainKey("far-north");
    } finally {
      listener.disconnect();
      listener.close();
    }
  }

  private static org.cityops.events.RoadEvent roadEvent(
      org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> r) {
    try {
      return EventJson.mapper().readValue(r.value(), org.cityops.events.RoadEvent.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Map<String, Set<String>> identifiers(
      Map<String, Map<String, Set<String>>> received) {
    Map<String, Set<String>> out = new TreeMap<>();
    received.forEach((resident, byId) -> out.put(resident, new TreeSet<>(byId.keySet())));
    return out;
  }

  private static Set<String> distinctAlerts(
      List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records) {
    Set<String> ids = new TreeSet<>();
    records.forEach(r -> ids.add(EventJson.readAlert(r.value()).identifier()));
    return ids;
  }

  /** Waits until the job's consumer group has committed {@code count} records of the topic. */
  private static void awaitCommitted(
      EmbeddedKafkaBroker kafka, String group, String topic, long count) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> kafka.committed(group, topic) >= count);
  }
}
