package org.cityops.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.console.board.PipelineHealth;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.ManualClock;
import org.cityops.embedded.SharedServers;
import org.junit.jupiter.api.Test;

/**
 * A job's lag from its committed offsets on a real Kafka: records not committed are lag, and
 * commits that stop moving while there is lag are counted as stalled time.
 */
class PipelineHealthTest {
  @Test
  void lagIsWhatTheGroupHasNotCommittedAndStalledTimeGrowsWhileCommitsStandStill()
      throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String topic = "health-test-" + System.nanoTime();
    kafka.createTopics(1, List.of(topic));
    try (var producer =
        new KafkaProducer<String, byte[]>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>(topic, "k", new byte[] {1}));
      }
    }
    ManualClock clock = new ManualClock(Instant.parse("2026-11-28T12:00:00Z"));
    try (PipelineHealth health =
        new PipelineHealth(
            kafka.bootstrapServers(),
            Map.of(),
            List.of(new PipelineHealth.Watched("health-job", List.of(topic))),
            clock)) {
      assertThat(health.check())
          .singleElement()
          .extracting(PipelineHealth.GroupHealth::lag, PipelineHealth.GroupHealth::stalledSeconds)
          .containsExactly(10L, 0L);
      clock.advance(Duration.ofSeconds(90));
      assertThat(health.check().get(0).stalledSeconds()).isEqualTo(90);

      commit(kafka, topic, "health-job", 7); // the job made progress
      clock.advance(Duration.ofSeconds(10));
      assertThat(health.check())
          .singleElement()
          .extracting(PipelineHealth.GroupHealth::lag, PipelineHealth.GroupHealth::stalledSeconds)
          .containsExactly(3L, 0L);
    }
  }

  private static void commit(EmbeddedKafkaBroker kafka, String topic, String group, long offset) {
    try (var consumer =
        new KafkaConsumer<String, byte[]>(
            Map.of("bootstrap.servers", kafka.bootstrapServers(), "group.id", group),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.commitSync(
          Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(offset)),
          Duration.ofSeconds(10));
    }
  }
}
