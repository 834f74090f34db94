package org.cityops.ingestion.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.EmbeddedMqttBroker;
import org.cityops.embedded.SharedServers;
import org.cityops.embedded.TopicReader;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.SensorKind;
import org.cityops.events.Topics;
import org.cityops.ingestion.parse.SensorTopic;
import org.cityops.ingestion.simulator.CitySimulator;
import org.cityops.ingestion.simulator.GroundTruth;
import org.cityops.ingestion.simulator.MqttSink;
import org.cityops.ingestion.simulator.Scenario;
import org.cityops.ingestion.simulator.SyntheticCity;
import org.junit.jupiter.api.Test;

/** The bridge against a real MQTT broker (HiveMQ CE) and a real Kafka broker (KRaft). */
class MqttKafkaBridgeTest {

  /** Readings told apart as the jobs do (sensor and time): redeliveries count once. */
  private static TopicReader.DistinctKeys distinctReadings(long atLeast) {
    return new TopicReader.DistinctKeys(r -> EventJson.readReading(r.value()).dedupKey(), atLeast);
  }

  /** The records of {@code topic} written since {@code millis}, read until {@code enough}. */
  private static List<ConsumerRecord<String, byte[]>> sentSince(
      long millis,
      String topic,
      java.util.function.Predicate<List<ConsumerRecord<String, byte[]>>> enough,
      Duration timeout) {
    return TopicReader.readUntil(
            SharedServers.kafka().bootstrapServers(),
            topic,
            r -> enough.test(r.stream().filter(c -> c.timestamp() >= millis).toList()),
            timeout)
        .stream()
        .filter(c -> c.timestamp() >= millis)
        .toList();
  }

  @Test
  void everyValidReadingReachesKafkaAndEveryFaultIsRejectedWithItsReason() throws Exception {
    EmbeddedMqttBroker mqtt = SharedServers.mqtt();
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    kafka.createTopics(2, List.of(Topics.READINGS, Topics.REPORTS, Topics.REJECTED));
    BridgeConfig config =
        new BridgeConfig(
            mqtt.serverUri(),
            kafka.bootstrapServers(),
            "bridge-storm",
            null, // plain subscription: see BridgeConfig on HiveMQ CE and shared subscriptions
            BridgeConfig.DEFAULT_TOPIC_FILTERS,
            1_000,
            Duration.ofMinutes(10),
            BridgeConfig.DEV_PSEUDONYM_KEY,
            org.cityops.ingestion.validate.ReadingLimits.defaults(),
            java.util.Map.of());
    GroundTruth truth;
    long startedMillis = System.currentTimeMillis();
    try (MqttKafkaBridge bridge = new MqttKafkaBridge(config).start()) {
      Instant now = Instant.now();
      CitySimulator.Options options =
          new CitySimulator.Options(
              Scenario.STORM,
              now.minus(Duration.ofHours(2)),
              Duration.ofHours(2),
              Duration.ofMinutes(5),
              40,
              0,
              true);
      try (MqttSink sink = new MqttSink(mqtt.serverUri(), "sim-storm")) {
        truth =
            new CitySimulator(SyntheticCity.generate(10, 11), Clock.systemUTC())
                .run(options, sink, (t, n) -> {});
        sink.awaitAcknowledged(60, TimeUnit.SECONDS);
      }
      // only what this run sent: other test classes share the broker and its topics
      TopicReader.DistinctKeys validReadings = distinctReadings(truth.validReadings());
      List<ConsumerRecord<String, byte[]>> readings =
          sentSince(startedMillis, Topics.READINGS, validReadings, Duration.ofSeconds(60));
      List<ConsumerRecord<String, byte[]>> rejected =
          sentSince(
              startedMillis,
              Topics.REJECTED,
              r -> r.size() >= truth.faults().size(),
              Duration.ofSeconds(30));
      List<ConsumerRecord<String, byte[]>> reports =
          sentSince(
              startedMillis,
              Topics.REPORTS,
              r -> r.size() >= truth.reportIds().size(),
              Duration.ofSeconds(30));

      Set<String> distinct = validReadings.keysIn(readings);
      System.out.printf(
          "bridge storm run: sent %d valid readings, %d faults, %d reports; Kafka holds %d readings "
              + "(%d distinct, %d duplicates), %d rejected, %d reports; bridge: %s%n",
          truth.validReadings(),
          truth.faults().size(),
          truth.reportIds().size(),
          readings.size(),
          distinct.size(),
          readings.size() - distinct.size(),
          rejected.size(),
          reports.size(),
          bridge.metrics());

      assertThat(distinct).hasSize((int) truth.validReadings());
      // values, not counts: each gauge's rain adds up in Kafka as it was sent
      Map<String, Double> rainInKafka = new TreeMap<>();
      Map<String, Double> seen = new HashMap<>();
      readings.stream()
          .map(r -> EventJson.readReading(r.value()))
          .filter(
              r -> r.kind() == SensorKind.RAIN_GAUGE && seen.put(r.dedupKey(), r.rainMm()) == null)
          .forEach(r -> rainInKafka.merge(r.sensorId(), r.rainMm(), Double::sum));
      truth
          .rainByGauge()
          .forEach(
              (gauge, samples) ->
                  assertThat(rainInKafka.get(gauge))
                      .isCloseTo(
                          samples.stream().mapToDouble(GroundTruth.RainSample::rainMm).sum(),
                          org.assertj.core.data.Offset.offset(1e-6)));
      // each reading is keyed by its sensor, so one sensor's readings stay in order on one
      // partition
      readings.forEach(
          r -> assertThat(r.key()).isEqualTo(EventJson.readReading(r.value()).sensorId()));

      assertThat(
              rejected.stream()
                  .map(r -> EventJson.readRejected(r.value()).reason())
                  .sorted()
                  .toList())
          .isEqualTo(
              truth.faults().stream().map(GroundTruth.Fault::expectedReason).sorted().toList());
      assertThat(reports)
          .extracting(ConsumerRecord::key)
          .containsExactlyInAnyOrderElementsOf(truth.reportIds());
      assertThat(bridge.metrics().rejected(RejectReason.OVERSIZED)).isPositive();
      assertThat(bridge.metrics().failures()).isZero();
    }
  }

  @Test
  void kafkaStoppedMidStreamLosesNothing() throws Exception {
    EmbeddedMqttBroker mqtt = SharedServers.mqtt();
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start()) {
      kafka.createTopics(2, List.of(Topics.READINGS));
      BridgeConfig config =
          BridgeConfig.local(mqtt.serverUri(), kafka.bootstrapServers())
              .withClientId("bridge-outage");
      int total = 3_000;
      Instant start = Instant.now().minus(Duration.ofHours(3));
      GeoPoint where = new GeoPoint(-22.9, -43.2);
      long outageMillis;
      try (MqttKafkaBridge bridge = new MqttKafkaBridge(config).start();
          MqttSink sink = new MqttSink(mqtt.serverUri(), "sim-outage")) {
        long outageStart = 0;
        for (int i = 0; i < total; i++) {
          String sensor = "g" + (i % 30);
          Reading reading = Reading.rain(sensor, start.plusSeconds(i), where, (i % 50) / 10.0);
          sink.publish(SensorTopic.of(SensorKind.RAIN_GAUGE, sensor), EventJson.write(reading));
          if (i == total / 3) {
            sink.awaitAcknowledged(30, TimeUnit.SECONDS);
            kafka.stop();
            outageStart = System.nanoTime();
          }
          if (i == total / 2) {
            // keep publishing into the outage for a while, as sensors would
            long outage = org.cityops.embedded.Outages.length(Duration.ofSeconds(5)).toMillis();
            Thread.sleep(Math.max(0, outage - (System.nanoTime() - outageStart) / 1_000_000));
            kafka.start();
          }
        }
        outageMillis = (System.nanoTime() - outageStart) / 1_000_000;
        sink.awaitAcknowledged(60, TimeUnit.SECONDS);
        long recoveryStart = System.nanoTime();
        TopicReader.DistinctKeys all = distinctReadings(total);
        List<ConsumerRecord<String, byte[]>> readings =
            TopicReader.readUntil(
                kafka.bootstrapServers(), Topics.READINGS, all, Duration.ofSeconds(90));
        Set<String> distinct = all.keysIn(readings);
        System.out.printf(
            "Kafka outage run: sent %d, arrived %d (%d distinct, %d duplicates), outage began %d ms "
                + "before the last publish, all present %d ms after it; bridge: %s%n",
            total,
            readings.size(),
            distinct.size(),
            readings.size() - distinct.size(),
            outageMillis,
            (System.nanoTime() - recoveryStart) / 1_000_000,
            bridge.metrics());
        assertThat(distinct).hasSize(total);
        assertThat(bridge.metrics().readings()).isGreaterThanOrEqualTo(total);
      }
    }
  }

  /**
   * The acknowledgement discipline itself: a bridge that stops while Kafka is away must leave every
   * message Kafka has not confirmed with the broker, so that the next bridge (same client id, so
   * the same session) forwards it. A bridge that acknowledged on receipt would lose those it had
   * taken when it stopped.
   */
  @Test
  void aBridgeStoppedWhileKafkaIsAwayLeavesItsBacklogWithTheBroker() throws Exception {
    EmbeddedMqttBroker mqtt = SharedServers.mqtt();
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start()) {
      kafka.createTopics(2, List.of(Topics.READINGS));
      BridgeConfig config =
          BridgeConfig.local(mqtt.serverUri(), kafka.bootstrapServers())
              .withClientId("bridge-handover");
      int before = 500;
      int during = 800;
      Instant start = Instant.now().minus(Duration.ofHours(2));
      GeoPoint where = new GeoPoint(-22.9, -43.2);
      MqttKafkaBridge first = new MqttKafkaBridge(config).start();
      long handoverMillis;
      try (MqttSink sink = new MqttSink(mqtt.serverUri(), "sim-handover")) {
        for (int i = 0; i < before + during; i++) {
          String sensor = "h" + (i % 20);
          Reading reading = Reading.rain(sensor, start.plusSeconds(i), where, 0.2);
          sink.publish(SensorTopic.of(SensorKind.RAIN_GAUGE, sensor), EventJson.write(reading));
          if (i == before - 1) {
            sink.awaitAcknowledged(30, TimeUnit.SECONDS);
            awaitMetric(() -> first.metrics().acked(), before);
            kafka.stop();
          }
        }
        sink.awaitAcknowledged(30, TimeUnit.SECONDS);
        // The bridge takes messages until the producer can take no more records (it waits for
        // Kafka's metadata); whatever it holds then is received but not in Kafka.
        awaitMetric(() -> first.metrics().received(), before + 1);
        long firstAcked = first.metrics().acked();
        first.close(); // Kafka still away: its producer gives up on what it holds
        kafka.start();
        long handover = System.nanoTime();
        try (MqttKafkaBridge second = new MqttKafkaBridge(config).start()) {
          TopicReader.DistinctKeys all = distinctReadings(before + during);
          List<ConsumerRecord<String, byte[]>> readings =
              TopicReader.readUntil(
                  kafka.bootstrapServers(), Topics.READINGS, all, Duration.ofSeconds(60));
          handoverMillis = (System.nanoTime() - handover) / 1_000_000;
          Set<String> distinct = all.keysIn(readings);
          System.out.printf(
              "Bridge handover during a Kafka outage: sent %d, the first bridge received %d and"
                  + " acknowledged %d; arrived %d (%d distinct, %d duplicates), all present %d ms"
                  + " after Kafka and the second bridge started; second bridge: %s%n",
              before + during,
              first.metrics().received(),
              firstAcked,
              readings.size(),
              distinct.size(),
              readings.size() - distinct.size(),
              handoverMillis,
              second.metrics());
          assertThat(firstAcked).isEqualTo(before);
          assertThat(distinct).hasSize(before + during);
          assertThat(second.metrics().received())
              .isGreaterThanOrEqualTo(before + during - first.metrics().acked());
        }
      }
    }
  }

  /**
   * A backlog of tens of thousands of readings, queued by the broker for the bridge's session while
   * the bridge was away (an outage in a storm), reaches Kafka whole once it is back. The other
   * tests' backlogs are a few thousand at most, which the broker may still hold in memory; this one
   * is read back from its disk queue, within its per-client limit (README: 100,000 here).
   */
  @Test
  void aBacklogOfTensOfThousandsQueuedWhileTheBridgeWasAwayIsAllForwarded() throws Exception {
    EmbeddedMqttBroker mqtt = SharedServers.mqtt();
    int backlog = 30_000;
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start()) {
      kafka.createTopics(2, List.of(Topics.READINGS));
      BridgeConfig config =
          BridgeConfig.local(mqtt.serverUri(), kafka.bootstrapServers())
              .withClientId("bridge-backlog");
      // the first start leaves the bridge's session (its subscription) with the broker
      new MqttKafkaBridge(config).start().close();
      Instant start = Instant.now().minus(Duration.ofDays(2));
      GeoPoint where = new GeoPoint(-22.9, -43.2);
      try (MqttSink sink = new MqttSink(mqtt.serverUri(), "sim-backlog")) {
        for (int i = 0; i < backlog; i++) {
          String sensor = "b" + (i % 100);
          Reading reading = Reading.rain(sensor, start.plusSeconds(i), where, 0.2);
          sink.publish(SensorTopic.of(SensorKind.RAIN_GAUGE, sensor), EventJson.write(reading));
        }
        sink.awaitAcknowledged(60, TimeUnit.SECONDS);
      }
      long back = System.nanoTime();
      try (MqttKafkaBridge bridge = new MqttKafkaBridge(config).start()) {
        TopicReader.DistinctKeys all = distinctReadings(backlog);
        List<ConsumerRecord<String, byte[]>> readings =
            TopicReader.readUntil(
                kafka.bootstrapServers(), Topics.READINGS, all, Duration.ofSeconds(120));
        long millis = (System.nanoTime() - back) / 1_000_000;
        Set<String> distinct = all.keysIn(readings);
        System.out.printf(
            "Backlog of %d readings queued while the bridge was away: %d arrived (%d distinct)"
                + " %d ms after it came back; bridge: %s%n",
            backlog, readings.size(), distinct.size(), millis, bridge.metrics());
        assertThat(distinct).hasSize(backlog);
        assertThat(bridge.metrics().received()).isGreaterThanOrEqualTo(backlog);
        assertThat(bridge.metrics().failures()).isZero();
      }
    }
  }

  /**
   * The MQTT broker restarted mid-stream (its data folder kept): sensors that keep a session
   * ({@code cleanStart=false}) and the bridge reconnect by themselves, the broker delivers what it
   * had queued for the bridge, and every reading reaches Kafka.
   */
  @Test
  void mqttBrokerRestartedMidStreamLosesNothing() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    long since = System.currentTimeMillis();
    try (EmbeddedMqttBroker mqtt = new EmbeddedMqttBroker().start()) {
      BridgeConfig config =
          BridgeConfig.local(mqtt.serverUri(), kafka.bootstrapServers())
              .withClientId("bridge-mqtt-restart");
      int total = 2_400;
      Instant start = Instant.now().minus(Duration.ofHours(4));
      GeoPoint where = new GeoPoint(-22.9, -43.2);
      long[] restartedAt = new long[1];
      try (MqttKafkaBridge bridge = new MqttKafkaBridge(config).start();
          ResilientSensor sensors = new ResilientSensor(mqtt.serverUri(), "sensors-restart")) {
        Thread restart = null;
        for (int i = 0; i < total; i++) {
          String sensor = "mqtt-restart-" + (i % 24);
          Reading reading = Reading.rain(sensor, start.plusSeconds(i), where, 0.2);
          sensors.publish(SensorTopic.of(SensorKind.RAIN_GAUGE, sensor), EventJson.write(reading));
          if (i == total / 3) {
            restart =
                new Thread(
                    () -> {
                      mqtt.stop();
                      sleep(org.cityops.embedded.Outages.length(Duration.ofSeconds(3)).toMillis());
                      mqtt.start();
                      restartedAt[0] = System.nanoTime();
                    });
            restart.start();
          }
        }
        restart.join();
        TopicReader.DistinctKeys restarted =
            new TopicReader.DistinctKeys(
                r ->
                    r.key().startsWith("mqtt-restart-")
                        ? EventJson.readReading(r.value()).dedupKey()
                        : null,
                total);
        List<ConsumerRecord<String, byte[]>> readings =
            sentSince(since, Topics.READINGS, restarted, Duration.ofSeconds(90));
        Set<String> distinct = restarted.keysIn(readings);
        long own = readings.stream().filter(r -> r.key().startsWith("mqtt-restart-")).count();
        System.out.printf(
            "MQTT broker restart run: sent %d, arrived %d (%d distinct, %d duplicates), all present"
                + " %d ms after the broker was back; sensors re-sent %d; bridge: %s%n",
            total,
            own,
            distinct.size(),
            own - distinct.size(),
            (System.nanoTime() - restartedAt[0]) / 1_000_000,
            sensors.resent(),
            bridge.metrics());
        assertThat(distinct).hasSize(total);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A sensor as it should be built: a persistent session, automatic reconnection, and a publish
   * that failed (the connection went with it unacknowledged) sent again; publishing waits while
   * disconnected. At least once: a message can arrive twice.
   */
  private static final class ResilientSensor implements AutoCloseable {
    private final org.eclipse.paho.mqttv5.client.MqttAsyncClient client;
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(200);
    private final java.util.concurrent.atomic.AtomicLong resent =
        new java.util.concurrent.atomic.AtomicLong();

    ResilientSensor(String serverUri, String clientId) throws Exception {
      client =
          new org.eclipse.paho.mqttv5.client.MqttAsyncClient(
              serverUri, clientId, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
      var options = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
      options.setCleanStart(false);
      options.setSessionExpiryInterval(3_600L);
      options.setAutomaticReconnect(true);
      options.setAutomaticReconnectDelay(1, 2);
      client.connect(options).waitForCompletion(30_000);
    }

    void publish(String topic, byte[] payload) throws InterruptedException {
      inFlight.acquire();
      send(topic, payload);
    }

    private void send(String topic, byte[] payload) {
      var message = new org.eclipse.paho.mqttv5.common.MqttMessage(payload);
      message.setQos(1);
      while (true) {
        try {
          client.publish(
              topic,
              message,
              null,
              new org.eclipse.paho.mqttv5.client.MqttActionListener() {
                @Override
                public void onSuccess(org.eclipse.paho.mqttv5.client.IMqttToken token) {
                  inFlight.release();
                }

                @Override
                public void onFailure(
                    org.eclipse.paho.mqttv5.client.IMqttToken token, Throwable e) {
                  resent.incrementAndGet();
                  // not on Paho's thread: it is the one that reconnects
                  new Thread(() -> send(topic, payload)).start();
                }
              });
          return;
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
          sleep(20); // disconnected or window full: wait for the reconnect
        }
      }
    }

    long resent() {
      return resent.get();
    }

    @Override
    public void close() throws Exception {
      inFlight.tryAcquire(200, 60, TimeUnit.SECONDS);
      client.disconnect().waitForCompletion(10_000);
      client.close();
    }
  }

  /** Until {@code metric} reaches {@code atLeast}, for at most 30 s. */
  private static void awaitMetric(java.util.function.LongSupplier metric, long atLeast) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> metric.getAsLong() >= atLeast);
  }
}
