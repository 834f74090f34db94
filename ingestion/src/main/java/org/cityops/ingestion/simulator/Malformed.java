package org.cityops.ingestion.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.cityops.events.RejectReason;
import org.cityops.ingestion.parse.SensorTopic;

/**
 * The faults the simulator can inject, each with the reason the bridge must give when it rejects
 * it. Real feeds carry all of these: cut-off messages, wrong encodings, stuck sensors, clocks that
 * jump, misconfigured devices.
 */
enum Malformed {
  TRUNCATED(RejectReason.MALFORMED),
  NOT_UTF8(RejectReason.NOT_UTF8),
  NEGATIVE_RAIN(RejectReason.OUT_OF_RANGE),
  MISSING_LOCATION(RejectReason.INVALID_FIELD),
  FUTURE_TIME(RejectReason.FUTURE_TIME),
  OVERSIZED(RejectReason.OVERSIZED),
  UNKNOWN_TOPIC(RejectReason.UNKNOWN_TOPIC);

  final RejectReason expectedReason;

  Malformed(RejectReason expectedReason) {
    this.expectedReason = expectedReason;
  }

  /** The topic the bad message is sent on. */
  String topic(SimSensor gauge) {
    return this == UNKNOWN_TOPIC
        ? "city/sensors/seismometer/" + gauge.id()
        : SensorTopic.of(gauge.kind(), gauge.id());
  }

  byte[] payload(SimSensor gauge, Instant time, Instant wallNow) {
    String valid = PayloadEncoder.nativeRain(gauge, time, 1.0);
    return switch (this) {
      case TRUNCATED -> valid.substring(0, valid.length() / 2).getBytes(StandardCharsets.UTF_8);
      case NOT_UTF8 -> {
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length / 2] = (byte) 0xC3;
        bytes[bytes.length / 2 + 1] = (byte) 0x28; // 0xC3 0x28 is an invalid UTF-8 sequence
        yield bytes;
      }
      case NEGATIVE_RAIN ->
          PayloadEncoder.nativeRain(gauge, time, -5.0).getBytes(StandardCharsets.UTF_8);
      case MISSING_LOCATION ->
          valid.replaceFirst(",\"location\":\\{[^}]*\\}", "").getBytes(StandardCharsets.UTF_8);
      case FUTURE_TIME ->
          PayloadEncoder.nativeRain(gauge, wallNow.plusSeconds(86_400), 1.0)
              .getBytes(StandardCharsets.UTF_8);
      case OVERSIZED ->
          ("[" + "{\"n\":\"pad\",\"v\":0},".repeat(5_000) + "{}]").getBytes(StandardCharsets.UTF_8);
      case UNKNOWN_TOPIC -> valid.getBytes(StandardCharsets.UTF_8);
    };
  }
}
