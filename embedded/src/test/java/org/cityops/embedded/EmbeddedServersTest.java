package org.cityops.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

/** Each embedded server really serves its protocol: a message or point goes in and comes out. */
class EmbeddedServersTest {

  @Test
  void mqttBrokerDeliversAPublishedMessage() throws Exception {
    try (EmbeddedMqttBroker broker = new EmbeddedMqttBroker().start()) {
      BlockingQueue<String> received = new ArrayBlockingQueue<>(1);
      MqttClient subscriber = new MqttClient(broker.serverUri(), "sub", new MemoryPersistence());
      subscriber.connect(new MqttConnectionOptions());
      // Paho 1.2.5's subscribe(String, int, listener) recurses forever; the array form works.
      subscriber.subscribe(
          new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
            new org.eclipse.paho.mqttv5.common.MqttSubscription("city/test", 1)
          },
          new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
            (topic, msg) -> received.add(new String(msg.getPayload(), StandardCharsets.UTF_8))
          });
      MqttClient publisher = new MqttClient(broker.serverUri(), "pub", new MemoryPersistence());
      var connAck =
          publisher.connectWithResult(new MqttConnectionOptions()).getResponseProperties();
      // no topic aliases offered: Paho's v5 client mishandles them under load (reason 148)
      assertThat(connAck.getTopicAliasMaximum()).isIn(null, 0);
      publisher.publish("city/test", new MqttMessage("chuva".getBytes(StandardCharsets.UTF_8)));
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("chuva");
      publisher.disconnect();
      subscriber.disconnect();
    }
  }

  @Test
  void kafkaBrokerKeepsRecordsAcrossARestart() {
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start()) {
      kafka.createTopics(1, List.of("t"));
      produce(kafka, "before");
      kafka.stop();
      assertThat(kafka.isRunning()).isFalse();
      kafka.start();
      produce(kafka, "after");
      assertThat(consumeAll(kafka, 2)).containsExactly("before", "after");
    }
  }

  private static void produce(EmbeddedKafkaBroker kafka, String value) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>("t", "k", value)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> consumeAll(EmbeddedKafkaBroker kafka, int expected) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "g",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of("t"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
    }
    return values;
  }

  @Test
  void questDbAnswersSql() {
    try (EmbeddedQuestDb questDb = new EmbeddedQuestDb().start()) {
      questDb.exec("CREATE TABLE t (v DOUBLE, ts TIMESTAMP) TIMESTAMP(ts) PARTITION BY DAY WAL");
      questDb.exec("INSERT INTO t VALUES (91.2, '2019-02-06T21:00:00.000000Z')");
      questDb.exec("INSERT INTO t VALUES (55.8, '2019-02-04T21:00:00.000000Z')");
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> assertThat(questDb.exec("SELECT max(v) FROM t")).contains("[[91.2]]"));
    }
  }

  /**
   * The idle settings reach QuestDB under the keys it knows: a key it does not know would not be
   * listed, and one it ignored would show its default. A setting given to the store overrides one.
   */
  @Test
  void questDbWorkersTakeTheIdleSettings() throws Exception {
    try (EmbeddedQuestDb questDb =
        new EmbeddedQuestDb().withSetting("http.worker.sleep.threshold", "75").start()) {
      JsonNode rows = new ObjectMapper().readTree(questDb.exec("SHOW PARAMETERS")).path("dataset");
      Map<String, String> fromEnv = new HashMap<>();
      for (JsonNode row : rows) {
        if ("env".equals(row.path(3).asText())) {
          fromEnv.put(row.path(0).asText(), row.path(2).asText());
        }
      }
      assertThat(EmbeddedQuestDb.IDLE_SETTINGS).hasSize(12);
      for (Map.Entry<String, String> e : EmbeddedQuestDb.IDLE_SETTINGS.entrySet()) {
        String expected = e.getKey().equals("http.worker.sleep.threshold") ? "75" : e.getValue();
        assertThat(fromEnv).as(e.getKey()).containsEntry(e.getKey(), expected);
      }
      assertThat(EmbeddedQuestDb.IDLE_SETTINGS)
          .containsEntry("shared.worker.nap.threshold", "20")
          .containsEntry("wal.apply.worker.sleep.threshold", "50");
    }
  }

  @Test
  void questDbRefusesAMalformedSettingKey() {
    EmbeddedQuestDb questDb = new EmbeddedQuestDb();
    assertThatThrownBy(() -> questDb.withSetting("QDB_SHARED_WORKER_COUNT", "4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("QDB_SHARED_WORKER_COUNT");
    assertThatThrownBy(() -> questDb.withSetting("shared", "4"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void influxDb1AnswersInfluxQl() {
    try (InfluxDb1Process influx = new InfluxDb1Process().start()) {
      influx.query("", "CREATE DATABASE probe");
      assertThat(influx.query("", "SHOW DATABASES")).contains("probe");
    }
  }
}
