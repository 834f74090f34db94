package org.cityops.ingestion.bridge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.EmbeddedMqttBroker;
import org.cityops.embedded.SharedServers;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.cityops.events.SensorKind;
import org.cityops.events.Topics;
import org.cityops.ingestion.parse.SensorTopic;
import org.cityops.ingestion.validate.ReadingLimits;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The bridge alone at QoS 1, against its ceiling measured in the same run: the same readings sent
 * straight to Kafka by one producer ({@code acks=all}, idempotent, as the bridge's). One Paho
 * publisher keeps up to 1,000 readings in flight (one reading per message, 100 gauges); the run
 * ends when the bridge has acknowledged them all (each only once Kafka confirmed it). A benchmark,
 * not a test: {@code ./mvnw -pl ingestion test -Dtest=BridgeBenchmark -Dcityops.bench=true}.
 */
@EnabledIfSystemProperty(named = "cityops.bench", matches = "true")
class BridgeBenchmark {
  private static final int READINGS = Integer.getInteger("cityops.bench.readings", 20_000);

  @Test
  void theBridgeAloneAgainstKafkaAlone() throws Exception {
    EmbeddedMqttBroker mqtt = SharedServers.mqtt();
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    kafka.createTopics(2, List.of(Topics.READINGS, Topics.REPORTS, Topics.REJECTED, "bench.kafka"));
    List<Reading> readings = new ArrayList<>();
    Instant t0 = Instant.now().minus(Duration.ofDays(30));
    for (int i = 0; i < READINGS; i++) {
      readings.add(
          Reading.rain(
              "bench-g" + (i % 100),
              t0.plusSeconds(60L * (i / 100)),
              new GeoPoint(-22.9 - (i % 100) / 1000.0, -43.2),
              0.2));
    }
    for (int round = 0; round <= 3; round++) { // round 0 warms up
      double kafkaAlone = kafkaAlone(kafka, readings);
      double bridge = bridge(mqtt, kafka, readings, round);
      if (round > 0) {
        System.out.printf(
            "round %d: Kafka alone %,.0f records/s; MQTT QoS 1 -> bridge -> Kafka %,.0f readings/s"
                + " = %.3f of Kafka alone%n",
            round, kafkaAlone, bridge, bridge / kafkaAlone);
      }
    }
  }

  private static double kafkaAlone(EmbeddedKafkaBroker kafka, List<Reading> readings)
      throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "acks",
                "all",
                "enable.idempotence",
                true),
            new StringSerializer(),
            new ByteArraySerializer())) {
      long start = System.nanoTime();
      List<Future<RecordMetadata>> sent = new ArrayList<>(readings.size());
      for (Reading r : readings) {
        sent.add(
            producer.send(new ProducerRecord<>("bench.kafka", r.sensorId(), EventJson.write(r))));
      }
      for (Future<RecordMetadata> f : sent) {
        f.get();
      }
      return readings.size() / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static double bridge(
      EmbeddedMqttBroker mqtt, EmbeddedKafkaBroker kafka, List<Reading> readings, int round)
      throws Exception {
    BridgeConfig config =
        new BridgeConfig(
            mqtt.serverUri(),
            kafka.bootstrapServers(),
            "bench-bridge-" + round,
            null,
            List.of("city/sensors/#"),
            1_000,
            Duration.ofMinutes(1),
            BridgeConfig.DEV_PSEUDONYM_KEY,
            ReadingLimits.defaults(),
            Map.of());
    try (MqttKafkaBridge bridge = new MqttKafkaBridge(config).start()) {
      MqttAsyncClient publisher =
          new MqttAsyncClient(mqtt.serverUri(), "bench-gauges-" + round, new MemoryPersistence());
      publisher.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
      Semaphore inFlight = new Semaphore(1_000);
      MqttActionListener release =
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              inFlight.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              inFlight.release();
            }
          };
      long before = bridge.metrics().acked();
      long start = System.nanoTime();
      for (Reading r : readings) {
        inFlight.acquire();
        MqttMessage m = new MqttMessage(EventJson.write(r));
        m.setQos(1);
        publisher.publish(SensorTopic.of(SensorKind.RAIN_GAUGE, r.sensorId()), m, null, release);
      }
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (bridge.metrics().acked() - before < readings.size()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              (bridge.metrics().acked() - before) + " of " + readings.size() + " acknowledged");
        }
        Thread.sleep(5);
      }
      double rate = readings.size() / ((System.nanoTime() - start) / 1e9);
      publisher.disconnect().waitForCompletion(5_000);
      publisher.close();
      return rate;
    }
  }
}
