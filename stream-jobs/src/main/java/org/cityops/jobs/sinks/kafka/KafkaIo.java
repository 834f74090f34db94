package org.cityops.jobs.sinks.kafka;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
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
import org.cityops.events.ReadingKindPeek;
import org.cityops.events.SensorKind;
import org.cityops.events.Topics;
import org.cityops.jobs.common.KafkaConnection;
import org.cityops.jobs.common.ParsedReading;
import org.cityops.jobs.common.ParsedReport;

/** Kafka sources and sinks of the jobs, built one way everywhere. */
public final class KafkaIo {
  private KafkaIo() {}

  /**
   * The readings of {@code city.readings}, parsed in the source, from the group's committed offsets
   * (from the start on first run). Parsing here lets watermarks be made per partition. {@code
   * bounded} stops at the offsets that are the latest when the job starts, so the job finishes once
   * it has read what was there.
   */
  public static KafkaSource<ParsedReading> readingsSource(
      KafkaConnection kafka, String group, boolean bounded) {
    return readingsSource(kafka, group, bounded, EnumSet.allOf(SensorKind.class));
  }

  /**
   * As {@link #readingsSource(KafkaConnection, String, boolean)}, keeping only readings of {@code
   * kinds}: the others, and records whose kind cannot be read, are passed over in the source after
   * a look at their {@code kind} ({@link ReadingKindPeek}), without the full parse or a record
   * downstream. For a job that leaves the records that do not parse to one that reads every kind.
   */
  public static KafkaSource<ParsedReading> readingsSource(
      KafkaConnection kafka, String group, boolean bounded, Set<SensorKind> kinds) {
    var builder = KafkaSource.<ParsedReading>builder();
    if (bounded) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder
        .setProperties(kafka.properties())
        .setBootstrapServers(kafka.bootstrapServers())
        .setTopics(Topics.READINGS)
        .setGroupId(group)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new ParsedReadings(kinds))
        .setProperty("isolation.level", "read_committed")
        .build();
  }

  /**
   * Residents' reports from {@code city.reports}, parsed in the source (see {@link ParsedReport});
   * {@code bounded} as for {@link #readingsSource(KafkaConnection, String, boolean)}.
   */
  public static KafkaSource<ParsedReport> reportsSource(
      KafkaConnection kafka, String group, boolean bounded) {
    var builder = KafkaSource.<ParsedReport>builder();
    if (bounded) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder
        .setProperties(kafka.properties())
        .setBootstrapServers(kafka.bootstrapServers())
        .setTopics(Topics.REPORTS)
        .setGroupId(group)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new ParsedReports())
        .setProperty("isolation.level", "read_committed")
        .build();
  }

  /**
   * Health units' case notifications from {@code city.cases}, parsed in the source (see {@link
   * org.cityops.jobs.health.ParsedCase}); {@code bounded} as for readings.
   */
  public static KafkaSource<org.cityops.jobs.health.ParsedCase> casesSource(
      KafkaConnection kafka, String group, boolean bounded) {
    var builder = KafkaSource.<org.cityops.jobs.health.ParsedCase>builder();
    if (bounded) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder
        .setProperties(kafka.properties())
        .setBootstrapServers(kafka.bootstrapServers())
        .setTopics(Topics.CASES)
        .setGroupId(group)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new ParsedCases())
        .setProperty("isolation.level", "read_committed")
        .build();
  }

  /**
   * Any topic's records as they are, from the group's committed offsets (the start on first run),
   * for {@link org.cityops.jobs.common.ParseJson}; {@code bounded} as for readings.
   */
  public static KafkaSource<org.cityops.jobs.common.RawRecord> rawSource(
      KafkaConnection kafka, String topic, String group, boolean bounded) {
    var builder = KafkaSource.<org.cityops.jobs.common.RawRecord>builder();
    if (bounded) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder
        .setProperties(kafka.properties())
        .setBootstrapServers(kafka.bootstrapServers())
        .setTopics(topic)
        .setGroupId(group)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new RawRecords())
        .setProperty("isolation.level", "read_committed")
        .build();
  }

  static final class RawRecords
      implements KafkaRecordDeserializationSchema<org.cityops.jobs.common.RawRecord> {
    @Override
    public void deserialize(
        ConsumerRecord<byte[], byte[]> record, Collector<org.cityops.jobs.common.RawRecord> out) {
      out.collect(new org.cityops.jobs.common.RawRecord(record.value(), record.timestamp()));
    }

    @Override
    public TypeInformation<org.cityops.jobs.common.RawRecord> getProducedType() {
      return TypeInformation.of(org.cityops.jobs.common.RawRecord.class);
    }
  }

  /**
   * An at-least-once JSON sink keyed by {@code key}. Outputs are identified by (id, version) and
   * rebuilt from state, so a replay re-sends identical records and consumers deduplicate: latency
   * wins over a transaction here (DESIGN.md, time and delivery).
   */
  public static <T> KafkaSink<T> jsonSink(
      KafkaConnection kafka, String topic, SerializableKey<T> key) {
    return KafkaSink.<T>builder()
        .setKafkaProducerConfig(kafka.properties())
        .setBootstrapServers(kafka.bootstrapServers())
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(new JsonRecords<>(topic, key))
        .setProperty("enable.idempotence", "true")
        .setProperty("acks", "all")
        .setProperty("linger.ms", "5")
        .build();
  }

  /**
   * Each element as the contract's JSON, keyed by {@code key}, partitioned by Kafka's default
   * partitioner on that key. The record carries no timestamp, so the producer stamps it with the
   * time of publication: stamped with its event time, an output of a replayed 2019 storm would be
   * older than the topic's retention and deleted by the broker within minutes.
   */
  static final class JsonRecords<T> implements KafkaRecordSerializationSchema<T> {
    private final String topic;
    private final SerializableKey<T> key;

    JsonRecords(String topic, SerializableKey<T> key) {
      this.topic = topic;
      this.key = key;
    }

    @Override
    public org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> serialize(
        T element, KafkaSinkContext context, Long timestamp) {
      return new org.apache.kafka.clients.producer.ProducerRecord<>(
          topic,
          null,
          null,
          key.apply(element).getBytes(StandardCharsets.UTF_8),
          EventJson.write(element));
    }
  }

  /** The Kafka key of an output element. */
  @FunctionalInterface
  public interface SerializableKey<T> extends Function<T, String>, java.io.Serializable {}

  /** Parses each record; never throws, so one bad record cannot fail the job. */
  static final class ParsedReadings implements KafkaRecordDeserializationSchema<ParsedReading> {
    private final EnumSet<SensorKind> kinds;
    private final boolean everyKind;

    ParsedReadings(Set<SensorKind> kinds) {
      if (kinds.isEmpty()) {
        throw new IllegalArgumentException("a readings source must keep at least one kind");
      }
      this.kinds = EnumSet.copyOf(kinds);
      this.everyKind = this.kinds.size() == SensorKind.values().length;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedReading> out) {
      if (everyKind || kinds.contains(ReadingKindPeek.of(record.value()))) {
        out.collect(ParsedReading.parse(record.value(), record.timestamp()));
      }
    }

    @Override
    public TypeInformation<ParsedReading> getProducedType() {
      return TypeInformation.of(ParsedReading.class);
    }
  }

  static final class ParsedCases
      implements KafkaRecordDeserializationSchema<org.cityops.jobs.health.ParsedCase> {
    @Override
    public void deserialize(
        ConsumerRecord<byte[], byte[]> record, Collector<org.cityops.jobs.health.ParsedCase> out) {
      out.collect(org.cityops.jobs.health.ParsedCase.parse(record.value(), record.timestamp()));
    }

    @Override
    public TypeInformation<org.cityops.jobs.health.ParsedCase> getProducedType() {
      return TypeInformation.of(org.cityops.jobs.health.ParsedCase.class);
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
