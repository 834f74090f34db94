package org.cityops.ingestion.bridge;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.cityops.events.RejectReason;

/** Counters of the bridge, read by the launcher's progress line and by tests. */
public final class BridgeMetrics {
  final LongAdder received = new LongAdder();
  final LongAdder redelivered = new LongAdder();
  final LongAdder readings = new LongAdder();
  final LongAdder reports = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder duplicateReadings = new LongAdder();
  final LongAdder kafkaRetries = new LongAdder();
  final LongAdder acked = new LongAdder();
  final LongAdder failures = new LongAdder();
  private final Map<RejectReason, LongAdder> rejectedByReason = new EnumMap<>(RejectReason.class);

  BridgeMetrics() {
    for (RejectReason reason : RejectReason.values()) {
      rejectedByReason.put(reason, new LongAdder());
    }
  }

  void countRejected(RejectReason reason) {
    rejected.increment();
    rejectedByReason.get(reason).increment();
  }

  /** MQTT messages received, redeliveries included. */
  public long received() {
    return received.sum();
  }

  /** Messages the broker marked as redelivered (DUP flag). */
  public long redelivered() {
    return redelivered.sum();
  }

  /** Readings written to Kafka, duplicates included. */
  public long readings() {
    return readings.sum();
  }

  public long reports() {
    return reports.sum();
  }

  public long rejected() {
    return rejected.sum();
  }

  public long rejected(RejectReason reason) {
    return rejectedByReason.get(reason).sum();
  }

  /** Readings whose (sensorId, time) the bridge had recently forwarded already. */
  public long duplicateReadings() {
    return duplicateReadings.sum();
  }

  /** Kafka sends retried by the bridge after the producer gave up. */
  public long kafkaRetries() {
    return kafkaRetries.sum();
  }

  /** Messages the bridge failed on unexpectedly (a bug, logged); left for redelivery. */
  public long failures() {
    return failures.sum();
  }

  /** QoS 1 messages whose records Kafka all confirmed, so Paho acknowledges them to the broker. */
  public long acked() {
    return acked.sum();
  }

  @Override
  public String toString() {
    return "received="
        + received()
        + " readings="
        + readings()
        + " reports="
        + reports()
        + " rejected="
        + rejected()
        + " redelivered="
        + redelivered()
        + " duplicateReadings="
        + duplicateReadings()
        + " acked="
        + acked()
        + " failures="
        + failures();
  }
}
