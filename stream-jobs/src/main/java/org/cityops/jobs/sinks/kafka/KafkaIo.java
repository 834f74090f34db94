package org.cityops.jobs.sinks.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.cityops.events.EventJson;

/** Kafka sources and sinks of the jobs, built one way everywhere. */
public final class KafkaIo {
  private KafkaIo() {}

  /**
   * Raw record values of a topic, from the group's committed offsets (from the start on first run).
   * Parsing happens in the job, so a bad record becomes a rejection instead of a failure.
   */
  public static KafkaSource<byte[]> rawSource(String bootstrapServers, String topic, String group) {
    return KafkaSource.<byte[]>builder()
        .setBootstrapServers(bootstrapServers)
        .setTopics(topic)
        .setGroupId(group)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setValueOnlyDeserializer(new RawBytes())
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

  /** Passes record values through untouched. */
  static final class RawBytes implements DeserializationSchema<byte[]> {
    @Override
    public byte[] deserialize(byte[] message) throws IOException {
      return message;
    }

    @Override
    public boolean isEndOfStream(byte[] nextElement) {
      return false;
    }

    @Override
    public TypeInformation<byte[]> getProducedType() {
      return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
    }
  }
}
