package org.cityops.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
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
import org.cityops.events.CitizenReport;
import org.cityops.events.ControlMessage;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.events.Notification;
import org.cityops.events.PendingWarning;
import org.cityops.events.ReportCategory;
import org.cityops.events.Subscription;
import org.cityops.events.Topics;
import org.cityops.jobs.common.ContractTopics;
import org.cityops.jobs.common.FlinkTestEnv;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RainJobConfig;
import org.cityops.jobs.rain.RainJobMain;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A flood of fake flooding reports, 300 from 300 identities never seen before (what a script with
 * many phone numbers or accounts sends; per-reporter rate limits cannot stop it), all in one street
 * in twenty minutes, with no rain anywhere: the detection and alerts jobs on one Flink cluster and
 * the test's own Kafka, a resident subscribed to that street over MQTT. The crowd is seen (an urban
 * flooding incident, its warning waiting for an operator), but nobody in the public is warned:
 * reports alone never warn without a sensor or a person. Then an operator confirms, and the same
 * warning reaches the resident, so the path the flood could not take is shown to work.
 */
class FakeReportFloodTest {
  @RegisterExtension static final MiniClusterExtension FLINK = FlinkTestEnv.miniCluster();

  private static final Instant T0 = Instant.parse("2026-11-29T02:00:00Z");
  private static final GeoPoint STREET = new GeoPoint(-22.9110, -43.2300);
  private static final int FAKES = 300;

  @Test
  void threeHundredFakeVoicesWarnNobodyUntilAPersonConfirms() throws Exception {
    EmbeddedMqttBroker mqtt = SharedServers.mqtt();
    ConcurrentLinkedQueue<String> warned = new ConcurrentLinkedQueue<>();
    MqttClient resident =
        new MqttClient(mqtt.serverUri(), "flood-resident", new MemoryPersistence());
    resident.connect(new MqttConnectionOptions());
    resident.subscribe(
        new MqttSubscription[] {new MqttSubscription("city/residents/flood-street/alerts", 1)},
        new IMqttMessageListener[] {
          (topic, m) ->
              warned.add(
                  EventJson.mapper().readValue(m.getPayload(), Notification.class).identifier())
        });
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start()) {
      ContractTopics.create(kafka, 1);
      String k = kafka.bootstrapServers();
      StreamExecutionEnvironment env = FlinkTestEnv.env(1);
      RainJobMain.addTo(
          env,
          RainJobConfig.from(
              new Settings(
                  Map.of(
                      "kafka.bootstrap-servers", k,
                      "kafka.group", "flood-test-detection",
                      "checkpoint.interval", "200ms",
                      "rain.out-of-orderness", "0s",
                      "rain.idleness", "1s"))));
      AlertsJobMain.addTo(
          env,
          AlertsJobConfig.from(
              new Settings(
                  Map.of(
                      "kafka.bootstrap-servers", k,
                      "kafka.group", "flood-test-alerts",
                      "checkpoint.interval", "200ms",
                      "alerts.out-of-orderness", "1s",
                      "alerts.idleness", "1s",
                      "alerts.control-idleness", "500ms",
                      "control.roster", "otto=operator",
                      "mqtt.server-uri", mqtt.serverUri()))));
      JobClient job = env.executeAsync("detection and alerts under a report flood");
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", k, "acks", "all"),
              new StringSerializer(),
              new ByteArraySerializer())) {
        Subscription home =
            new Subscription(
                "flood-street",
                List.of(new Subscription.Place("home", STREET, 300)),
                List.of(),
                true,
                T0.minusSeconds(3_600));
        producer.send(
            new ProducerRecord<>(Topics.SUBSCRIPTIONS, home.residentId(), EventJson.write(home)));
        producer.flush();
        Thread.sleep(1_000); // the resident is known before anything could warn
        for (int i = 0; i < FAKES; i++) {
          // as the bridge writes them: each a new pseudonym, all within 200 m and 20 minutes
          CitizenReport fake =
              new CitizenReport(
                  "fake-" + i,
                  ReportCategory.FLOODING,
                  T0.plusSeconds(4L * i),
                  new GeoPoint(STREET.lat() + (i % 10) * 0.0002, STREET.lon() + (i / 30) * 0.0002),
                  "Rua alagada",
                  null,
                  "p-fake-" + i);
          producer.send(
              new ProducerRecord<>(Topics.REPORTS, fake.reportId(), EventJson.write(fake)));
        }
        producer.flush();

        // the crowd is seen: an urban flooding incident, its public warning held for a person
        List<Incident> floods = new ArrayList<>();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  floods.clear();
                  floods.addAll(floods(k));
                  return !floods.isEmpty() && !pending(k).isEmpty();
                });
        Thread.sleep(3_000); // what the jobs make of the whole flood, given time to read it
        floods.clear();
        floods.addAll(floods(k));
        List<PendingWarning> held = pending(k);
        String alertsBefore = alerts(k);
        List<String> warnedBefore = List.copyOf(warned);
        String incidentId = floods.get(floods.size() - 1).incidentId();
        System.out.printf(
            "report flood: %d fake reports from %d identities -> %d urban flooding incident(s),"
                + " %d version(s), last evidence %s; held for a person: %s; CAP messages: %s;"
                + " resident warned: %s%n",
            FAKES,
            FAKES,
            floods.stream().map(Incident::incidentId).distinct().count(),
            floods.size(),
            floods.get(floods.size() - 1).evidence().stream()
                .map(e -> e.signal() + " " + e.value())
                .toList(),
            held.stream().map(p -> p.incidentId() + " " + p.reason()).distinct().toList(),
            alertsBefore.isEmpty() ? "none" : alertsBefore,
            warnedBefore);
        assertThat(floods.get(floods.size() - 1).evidence())
            .as("the crowd is counted, one per identity")
            .anySatisfy(
                e -> {
                  assertThat(e.signal()).isEqualTo("reporters");
                  assertThat(e.value()).isGreaterThan(FAKES / 2.0);
                });
        assertThat(held)
            .extracting(PendingWarning::reason)
            .contains(PendingWarning.Reason.REPORTS_ONLY_NEEDS_CONFIRMATION);
        assertThat(alertsBefore).doesNotContain("urban_flooding");
        assertThat(warnedBefore).isEmpty();

        // a person confirms: the same warning now goes out and reaches the resident
        ControlMessage confirm =
            new ControlMessage(
                "confirm-1",
                incidentId,
                ControlMessage.Action.APPROVE_WARNING,
                "otto",
                ControlMessage.Role.OPERATOR,
                T0.plus(Duration.ofMinutes(25)),
                null,
                "field team saw water on the street");
        producer.send(new ProducerRecord<>(Topics.CONTROL, incidentId, EventJson.write(confirm)));
        // city.control also carries rule changes, each job reading its kind and passing over the
        // other: a good rule change and the confirmation are refused by neither job, and each
        // broken record is refused once, by the job it claims to be for
        producer.send(
            new ProducerRecord<>(
                Topics.CONTROL,
                "heavy-rain",
                EventJson.write(
                    new org.cityops.events.RainRuleChange(
                        "heavy-rain",
                        2,
                        org.cityops.events.RainRuleChange.Detector.HEAVY_RAIN,
                        T0,
                        "eli",
                        T0,
                        5.0,
                        25.1,
                        50.0,
                        null,
                        null))));
        producer.send(
            new ProducerRecord<>(
                Topics.CONTROL,
                "heavy-rain",
                "{\"ruleId\":\"heavy-rain\",\"version\":0}".getBytes(StandardCharsets.UTF_8)));
        producer.send(
            new ProducerRecord<>(
                Topics.CONTROL,
                incidentId,
                "{\"messageId\":\"m\",\"action\":\"fly\"}".getBytes(StandardCharsets.UTF_8)));
        producer.flush();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> warned.stream().anyMatch(w -> w.startsWith("urban_flooding:")));
        System.out.printf("after an operator's confirmation the resident got %s%n", warned);
        assertThat(alerts(k)).contains("\"identifier\":\"" + incidentId);
        // both jobs past every control record at a completed checkpoint: what they refused of it
        // is committed with it
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    kafka.committed("flood-test-detection", Topics.CONTROL) >= 4
                        && kafka.committed("flood-test-alerts", Topics.CONTROL) >= 4);
        List<String> refusedControl =
            TopicReader.readUntil(
                    k,
                    Topics.REJECTED,
                    records ->
                        records.stream()
                                .map(r -> EventJson.readRejected(r.value()))
                                .filter(r -> r.source().equals("flink:" + Topics.CONTROL))
                                .count()
                            >= 2,
                    Duration.ofSeconds(30))
                .stream()
                .map(r -> EventJson.readRejected(r.value()))
                .filter(r -> r.source().equals("flink:" + Topics.CONTROL))
                .map(org.cityops.events.Rejected::payloadHead)
                .toList();
        assertThat(refusedControl)
            .containsExactlyInAnyOrder(
                "{\"ruleId\":\"heavy-rain\",\"version\":0}",
                "{\"messageId\":\"m\",\"action\":\"fly\"}");
      } finally {
        job.cancel().get();
        resident.disconnect();
        resident.close();
      }
    }
  }

  private static List<Incident> floods(String bootstrap) {
    return TopicReader.readAll(bootstrap, Topics.INCIDENTS, Duration.ofSeconds(5)).stream()
        .map(r -> EventJson.readIncident(r.value()))
        .filter(i -> i.type() == IncidentType.URBAN_FLOODING)
        .toList();
  }

  private static List<PendingWarning> pending(String bootstrap) {
    return TopicReader.readAll(bootstrap, Topics.PENDING_WARNINGS, Duration.ofSeconds(5)).stream()
        .map(r -> EventJson.read(r.value(), PendingWarning.class, w -> w))
        .toList();
  }

  private static String alerts(String bootstrap) {
    return TopicReader.readAll(bootstrap, Topics.ALERTS, Duration.ofSeconds(5)).stream()
        .map(r -> new String(r.value(), StandardCharsets.UTF_8))
        .reduce("", String::concat);
  }
}
