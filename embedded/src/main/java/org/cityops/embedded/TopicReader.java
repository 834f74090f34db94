package org.cityops.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning until a condition on everything read so far holds, or a deadline
 * passes; for tests and the demo's checks. Reads committed records only, so a transactional
 * writer's aborted output is never seen.
 */
public final class TopicReader {
  private TopicReader() {}

  /** Everything the topic holds now (up to its end offsets when called). */
  public static List<ConsumerRecord<String, byte[]>> readAll(
      String bootstrapServers, String topic, Duration timeout) {
    Map<org.apache.kafka.common.TopicPartition, Long> ends;
    try (KafkaConsumer<String, byte[]> probe =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
      probe
          .partitionsFor(topic, timeout)
          .forEach(
              p ->
                  partitions.add(new org.apache.kafka.common.TopicPartition(topic, p.partition())));
      ends = probe.endOffsets(partitions, timeout);
    }
    long total = ends.values().stream().mapToLong(Long::longValue).sum();
    return readUntil(bootstrapServers, topic, records -> records.size() >= total, timeout);
  }

  public static List<ConsumerRecord<String, byte[]>> readUntil(
      String bootstrapServers,
      String topic,
      Predicate<List<ConsumerRecord<String, byte[]>>> done,
      Duration timeout) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(records) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /**
   * A {@link #readUntil} condition: {@code atLeast} distinct keys among the records read so far.
   * Each record is looked at once, however often the condition is tested on the growing list (a
   * test waiting for tens of thousands of records would otherwise read every one again at each
   * poll); {@code key} gives null for a record that does not count.
   */
  public static final class DistinctKeys
      implements Predicate<List<ConsumerRecord<String, byte[]>>> {
    private final Function<ConsumerRecord<String, byte[]>, String> key;
    private final long atLeast;
    private final Set<String> keys = new HashSet<>();
    private int seen;

    public DistinctKeys(Function<ConsumerRecord<String, byte[]>, String> key, long atLeast) {
      this.key = key;
      this.atLeast = atLeast;
    }

    @Override
    public boolean test(List<ConsumerRecord<String, byte[]>> records) {
      return keysIn(records).size() >= atLeast;
    }

    /**
     * The distinct keys of {@code records}, the list the condition was tested on (also its last
     * records, read after the last test when the deadline passed).
     */
    public Set<String> keysIn(List<ConsumerRecord<String, byte[]>> records) {
      for (; seen < records.size(); seen++) {
        String k = key.apply(records.get(seen));
        if (k != null) {
          keys.add(k);
        }
      }
      return Collections.unmodifiableSet(keys);
    }
  }

  /**
   * The values of the first {@code atLeast} records keyed {@code key}, waiting up to {@code
   * timeout}.
   */
  public static List<byte[]> valuesWithKey(
      String bootstrapServers, String topic, String key, int atLeast, Duration timeout) {
    return readUntil(
            bootstrapServers,
            topic,
            records -> records.stream().filter(r -> key.equals(r.key())).count() >= atLeast,
            timeout)
        .stream()
        .filter(r -> key.equals(r.key()))
        .map(ConsumerRecord::value)
        .toList();
  }
}
