package org.cityops.jobs.sinks.kafka;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.cityops.events.EventJson;
import org.cityops.events.Topics;
import org.cityops.jobs.common.ParsedReading;
import org.cityops.jobs.common.ParsedReport;

/** Kafka sources and sinks of the jobs, built one way everywhere. */
public final class KafkaIo {
  private KafkaIo() {}

  /**
   * The readings of {@code city.readings}, parsed in the source, from the group's committed offsets
   * (from the start on first run). Parsing here lets watermarks be made per partition.
   */
  public static KafkaSource<ParsedReading> readingsSource(String bootstrapServers, String group) {
    return KafkaSource.<ParsedReading>builder()
        .setBootstrapServers(bootstrapServers)
        .setTopics(Topics.READINGS)
        .setGroupId(group)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new ParsedReadings())
        .setProperty("isolation.level", "read_committed")
        .build();
  }

  /**
   * Residents' reports from {@code city.reports}, parsed in the source (see {@link ParsedReport}).
   */
  public static KafkaSource<ParsedReport> reportsSource(String bootstrapServers, String group) {
    return KafkaSource.<ParsedReport>builder()
        .setBootstrapServers(bootstrapServers)
        .setTopics(Topics.REPORTS)
        .setGroupId(group)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new ParsedReports())
        .setProperty("isolation.level", "read_committed")
        .build();
  }

  /**
   * An at-least-once JSON sink keyed by {@code key}. Outputs are identified by (id, version) and
   * rebuilt from state, so a replay re-sends identical records and consumers deduplicate: latency
   * wins over a transaction here (DESIGN.md, time and delivery).
   */
  public static <T> KafkaSink<T> jsonSink(
      String bootstrapServers, String topic, SerializableKey<T> key) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(bootstrapServers)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(
            KafkaRecordSerializationSchema.<T>builder()
                .setTopic(topic)
                .setKeySerializationSchema(new KeyBytes<>(key))
                .setValueSerializationSchema(new JsonBytes<T>())
                .build())
        .setProperty("enable.idempotence", "true")
        .setProperty("acks", "all")
        .setProperty("linger.ms", "5")
        .build();
  }

  /** The Kafka key of an output element. */
  @FunctionalInterface
  public interface SerializableKey<T> extends Function<T, String>, java.io.Serializable {}

  /** The key as UTF-8; a named class, since Flink cannot infer the types of a lambda here. */
  static final class KeyBytes<T> implements SerializationSchema<T> {
    private final SerializableKey<T> key;

    KeyBytes(SerializableKey<T> key) {
      this.key = key;
    }

    @Override
    public byte[] serialize(T element) {
      return key.apply(element).getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The contract's JSON form of an event. */
  static final class JsonBytes<T> implements SerializationSchema<T> {
    @Override
    public byte[] serialize(T element) {
      return EventJson.write(element);
    }
  }

  /** Parses each record; never throws, so one bad record cannot fail the job. */
  static final class ParsedReadings implements KafkaRecordDeserializationSchema<ParsedReading> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedReading> out) {
      out.collect(ParsedReading.parse(record.value(), record.timestamp()));
    }

    @Override
    public TypeInformation<ParsedReading> getProducedType() {
      return TypeInformation.of(ParsedReading.class);
    }
  }

  static final class ParsedReports implements KafkaRecordDeserializationSchema<ParsedReport> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedReport> out) {
      out.collect(ParsedReport.parse(record.value(), record.timestamp()));
    }

    @Override
    public TypeInformation<ParsedReport> getProducedType() {
      return TypeInformation.of(ParsedReport.class);
    }
  }
}
