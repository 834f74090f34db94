package org.cityops.ingestion.replay;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.cityops.events.EventJson;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.events.Topics;
import org.cityops.ingestion.parse.ParseException;
import org.cityops.ingestion.validate.ReadingValidator;

/**
 * Writes readings straight to Kafka ({@code city.readings} unless told otherwise), keyed by sensor
 * id like the bridge, after the bridge's plausibility checks: a reading that fails them goes to the
 * rejected topic with its reason instead, so skipping the bridge never lets an implausible value
 * into the jobs. Idempotent producer with {@code acks=all}; a failed send fails the replay at the
 * next call or at {@link #close}, never silently.
 */
public final class KafkaReadingSink implements ReadingSink {
  private final KafkaProducer<String, byte[]> producer;
  private final String readingsTopic;
  private final String rejectedTopic;
  private final ReadingValidator validator;
  private final Clock clock;
  private final Map<RejectReason, Long> refused = new EnumMap<>(RejectReason.class);
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /** To the contract's topics, {@code city.readings} and {@code city.rejected}. */
  public KafkaReadingSink(String bootstrapServers, ReadingValidator validator, Clock clock) {
    this(bootstrapServers, Topics.READINGS, Topics.REJECTED, validator, clock);
  }

  public KafkaReadingSink(
      String bootstrapServers,
      String readingsTopic,
      String rejectedTopic,
      ReadingValidator validator,
      Clock clock) {
    this(bootstrapServers, Map.of(), readingsTopic, rejectedTopic, validator, clock);
  }

  /**
   * @param clientProperties a secured cluster's client properties (see {@link
   *     org.cityops.events.KafkaClientProperties}); the replay's own producer settings win
   */
  public KafkaReadingSink(
      String bootstrapServers,
      Map<String, String> clientProperties,
      String readingsTopic,
      String rejectedTopic,
      ReadingValidator validator,
      Clock clock) {
    this.readingsTopic = readingsTopic;
    Map<String, Object> config =
        new java.util.HashMap<>(
            org.cityops.events.KafkaClientProperties.checked(
                clientProperties, "--kafka-property "));
    this.rejectedTopic = rejectedTopic;
    this.producer =
        new KafkaProducer<>(
            withAll(
                config,
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers,
                    ProducerConfig.CLIENT_ID_CONFIG,
                    "cityops-replay",
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    true,
                    ProducerConfig.LINGER_MS_CONFIG,
                    5,
                    ProducerConfig.COMPRESSION_TYPE_CONFIG,
                    "lz4",
                    ProducerConfig.MAX_BLOCK_MS_CONFIG,
                    15_000)),
            new StringSerializer(),
            new ByteArraySerializer());
    // fail at once, and say why, rather than after the first send's timeout
    for (String topic : new String[] {readingsTopic, rejectedTopic}) {
      try {
        producer.partitionsFor(topic);
      } catch (org.apache.kafka.common.KafkaException e) {
        producer.close(java.time.Duration.ZERO);
        throw new IllegalStateException(
            "cannot reach Kafka at "
                + bootstrapServers
                + ", or it has no topic "
                + topic
                + " (waited 15 s): "
                + e.getMessage(),
            e);
      }
    }
    this.validator = validator;
    this.clock = clock;
  }

  @Override
  public void send(Reading reading) throws Exception {
    Exception earlier = failure.get();
    if (earlier != null) {
      throw new IllegalStateException("an earlier send to Kafka failed", earlier);
    }
    byte[] payload = EventJson.write(reading);
    try {
      validator.check(reading, clock.instant());
      producer.send(
          new ProducerRecord<>(readingsTopic, reading.sensorId(), payload), this::remember);
    } catch (ParseException e) {
      refused.merge(e.reason(), 1L, Long::sum);
      Rejected rejected =
          Rejected.of(
              "replay:" + reading.sensorId(),
              e.reason(),
              e.getMessage(),
              payload,
              clock.instant(),
              UnaryOperator.identity());
      producer.send(
          new ProducerRecord<>(rejectedTopic, reading.sensorId(), EventJson.write(rejected)),
          this::remember);
    }
  }

  private void remember(Object metadata, Exception e) {
    if (e != null) {
      failure.compareAndSet(null, e);
    }
  }

  @Override
  public Map<RejectReason, Long> refused() {
    return Map.copyOf(refused);
  }

  @Override
  public void close() throws Exception {
    producer.flush();
    producer.close();
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("some readings were not written to Kafka", e);
    }
  }

  private static Map<String, Object> withAll(Map<String, Object> base, Map<String, Object> own) {
    base.putAll(own);
    return base;
  }
}
