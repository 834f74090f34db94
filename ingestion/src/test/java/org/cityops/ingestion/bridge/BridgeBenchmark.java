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
import org.cityops.events.Topics;
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
      double mqttAlone = mqttAlone(mqtt, readings, round);
      double bridge = bridge(mqtt, kafka, readings, round);
      if (round > 0) {
        System.out.printf(
            "round %d: Kafka alone %,.0f records/s; MQTT QoS 1 alone %,.0f messages/s;"
                + " MQTT QoS 1 -> bridge -> Kafka %,.0f readings/s = %.3f of Kafka alone,"
                + " %.2f of MQTT alone%n",
            round, kafkaAlone, mqttAlone, bridge, bridge / kafkaAlone, bridge / mqttAlone);
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

  /**
   * The MQTT ceiling: the same messages from the same kind of publisher to one Paho subscriber at
   * QoS 1 with the bridge's receive maximum, which acknowledges each as it arrives and does nothing
   * else.
   */
  private static double mqttAlone(EmbeddedMqttBroker mqtt, List<Reading> readings, int round)
      throws Exception {
    java.util.concurrent.atomic.AtomicLong arrived = new java.util.concurrent.atomic.AtomicLong();
    MqttAsyncClient subscriber =
        new MqttAsyncClient(mqtt.serverUri(), "bench-subscriber-" + round, new MemoryPersistence());
    subscriber.setCallback(
        new org.eclipse.paho.mqttv5.client.MqttCallback() {
          @Override
          public void messageArrived(String topic, MqttMessage message) {
            arrived.incrementAndGet();
          }

          @Override
          public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {}

          @Override
          public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {}

          @Override
          public void deliveryComplete(IMqttToken token) {}

          @Override
          public void connectComplete(boolean reconnect, String serverUri) {}

          @Override
          public void authPacketArrived(
              int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {}
        });
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setReceiveMaximum(1_000);
    subscriber.connect(options).waitForCompletion(10_000);
    subscriber
        .subscribe(
            new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
              new org.eclipse.paho.mqttv5.common.MqttSubscription("bench/alone/#", 1)
            })
        .waitForCompletion(10_000);
    long start = System.nanoTime();
    publish(mqtt, readings, "bench-alone-gauges-" + round, "bench/alone/");
    awaitCount(arrived::get, readings.size(), "received");
    double rate = readings.size() / ((System.nanoTime() - start) / 1e9);
    subscriber.disconnect().waitForCompletion(5_000);
    subscriber.close();
    return rate;
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
      long before = bridge.metrics().acked();
      long start = System.nanoTime();
      publish(mqtt, readings, "bench-gauges-" + round, "city/sensors/rain_gauge/");
      awaitCount(() -> bridge.metrics().acked() - before, readings.size(), "acknowledged");
      return readings.size() / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** Publishes one reading per message at QoS 1, up to 1,000 unacknowledged at a time. */
  private static void publish(
      EmbeddedMqttBroker mqtt, List<Reading> readings, String clientId, String topicPrefix)
      throws Exception {
    MqttAsyncClient publisher =
        new MqttAsyncClient(mqtt.serverUri(), clientId, new MemoryPersistence());
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
    for (Reading r : readings) {
      inFlight.acquire();
      MqttMessage m = new MqttMessage(EventJson.write(r));
      m.setQos(1);
      publisher.publish(topicPrefix + r.sensorId(), m, null, release);
    }
    inFlight.acquire(1_000);
    publisher.disconnect().waitForCompletion(5_000);
    publisher.close();
  }

  private static void awaitCount(java.util.function.LongSupplier count, long expected, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (count.getAsLong() < expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(count.getAsLong() + " of " + expected + " " + what);
      }
      Thread.sleep(5);
    }
  }
}
