package org.cityops.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.events.EventJson;
import org.cityops.events.Reading;

/**
 * The Kafka ceiling: the readings written by one producer as the bridge writes them ({@code
 * acks=all}, idempotent, keyed by sensor) and read back by one plain consumer that does nothing
 * with them. Nothing downstream can read faster than the consumer.
 */
public final class KafkaCeiling {
  private final String bootstrapServers;

  public KafkaCeiling(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /** Writes every reading to {@code topic}; returns records per second. */
  public Rate produce(String topic, Iterable<Reading> readings) {
    AtomicReference<Exception> failure = new AtomicReference<>();
    long count = 0;
    long start = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers",
                bootstrapServers,
                "acks",
                "all",
                "enable.idempotence",
                true,
                "linger.ms",
                5,
                "batch.size",
                262_144,
                "compression.type",
                "lz4"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (Reading r : readings) {
        producer.send(
            // no record time: the broker's clock, as the bridge writes them (a reading's own time
            // from months ago would have the broker's retention delete it under the benchmark)
            new ProducerRecord<>(topic, r.sensorId(), EventJson.write(r)),
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
        count++;
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("Kafka refused a benchmark record", failure.get());
    }
    return new Rate(count, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Reads {@code topic} from its start until {@code expected} records came; records per second. */
  public Rate consume(String topic, long expected) {
    try (KafkaConsumer<byte[], byte[]> consumer = BenchSetup.fromStart(bootstrapServers, topic)) {
      long count = 0;
      long bytes = 0;
      long start = System.nanoTime();
      long deadline = start + Duration.ofMinutes(10).toNanos();
      while (count < expected) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "read " + count + " of " + expected + " records of " + topic + " in 10 minutes");
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        for (var r : records) {
          bytes += r.value().length; // touch each record, as a reader must
          count++;
        }
      }
      if (bytes == 0) {
        throw new IllegalStateException("read only empty records from " + topic);
      }
      return new Rate(count, Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
