package org.cityops.jobs.sinks.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.SensorKind;
import org.cityops.events.Topics;
import org.cityops.jobs.common.ParsedReading;
import org.junit.jupiter.api.Test;

/**
 * The readings source's deserializer: a job that takes every kind gets every record, parsed or
 * refused; a job that takes some kinds gets theirs (a bad one of its kind still refused, as the
 * full parse says) and nothing else: other kinds, records whose kind cannot be read, tombstones.
 */
class ParsedReadingsTest {
  private static final Instant T = Instant.parse("2026-11-30T06:00:00Z");
  private static final GeoPoint AT = new GeoPoint(-22.9, -43.2);

  private static final byte[] RAIN = EventJson.write(Reading.rain("g", T, AT, 1.2));
  private static final byte[] WEATHER = EventJson.write(Reading.temperature("w", T, AT, 31.0));
  private static final byte[] BAD_WEATHER =
      ("{\"sensorId\":\"w\",\"kind\":\"weather\",\"time\":\"yesterday\","
              + "\"location\":{\"lat\":-22.9,\"lon\":-43.2},\"temperatureC\":31.0,\"quality\":\"ok\"}")
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] MALFORMED =
      "{\"sensorId\": not json".getBytes(StandardCharsets.UTF_8);

  /** One of each, in this order; the last a tombstone. */
  private static final byte[][] RECORDS = {RAIN, WEATHER, BAD_WEATHER, MALFORMED, null};

  @Test
  void everyKindGetsEveryRecordParsedOrRefused() {
    List<ParsedReading> out =
        deserialize(new KafkaIo.ParsedReadings(EnumSet.allOf(SensorKind.class)));
    assertThat(out).hasSize(5);
    assertThat(out.get(0).reading().kind()).isEqualTo(SensorKind.RAIN_GAUGE);
    assertThat(out.get(1).reading().kind()).isEqualTo(SensorKind.WEATHER);
    assertThat(out.get(2).rejected().reason()).isEqualTo(RejectReason.INVALID_FIELD);
    assertThat(out.get(3).rejected().reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(out.get(4).rejected().reason()).isEqualTo(RejectReason.MALFORMED);
  }

  @Test
  void someKindsGetTheirsOnlyAndLeaveTheUnreadableToTheJobThatReadsAll() {
    List<ParsedReading> out =
        deserialize(new KafkaIo.ParsedReadings(EnumSet.of(SensorKind.WEATHER)));
    assertThat(out).hasSize(2);
    assertThat(out.get(0).reading()).isEqualTo(EventJson.readReading(WEATHER));
    assertThat(out.get(1).rejected().reason()).isEqualTo(RejectReason.INVALID_FIELD);
    assertThat(out.get(1).rejected().detail()).contains("time");
  }

  @Test
  void aSourceKeepsAtLeastOneKind() {
    assertThatThrownBy(() -> new KafkaIo.ParsedReadings(EnumSet.noneOf(SensorKind.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one kind");
  }

  private static List<ParsedReading> deserialize(KafkaIo.ParsedReadings deserializer) {
    List<ParsedReading> out = new ArrayList<>();
    Collector<ParsedReading> collector = new ListCollector<>(out);
    long offset = 0;
    for (byte[] value : RECORDS) {
      deserializer.deserialize(
          new ConsumerRecord<>(Topics.READINGS, 0, offset++, new byte[0], value), collector);
    }
    return out;
  }
}
