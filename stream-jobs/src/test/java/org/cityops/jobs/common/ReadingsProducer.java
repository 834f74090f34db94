package org.cityops.jobs.common;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.events.EventJson;
import org.cityops.events.Reading;
import org.cityops.events.Topics;

/**
 * Readings onto a test's own {@code city.readings}, each to the partition the test names, so the
 * test decides which partition hears which sensor (and so how each partition's event time moves).
 * Every send is acknowledged by all replicas; closing sends what is still buffered.
 */
public final class ReadingsProducer implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;

  public ReadingsProducer(EmbeddedKafkaBroker kafka) {
    this.producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /** Sends {@code reading}, keyed by its sensor, to {@code partition}. */
  public void send(int partition, Reading reading) {
    producer.send(
        new ProducerRecord<>(
            Topics.READINGS, partition, reading.sensorId(), EventJson.write(reading)));
  }

  @Override
  public void close() {
    producer.close();
  }
}
