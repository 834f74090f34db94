package org.cityops.ingestion.bridge;

import org.cityops.events.RejectReason;

/**
 * One Kafka record the bridge will write for an MQTT message.
 *
 * @param dedupKey for a reading, its (sensorId, time) key; otherwise null
 * @param reason for a rejection, why; otherwise null
 */
public record Routed(
    Kind kind, String topic, String key, byte[] value, String dedupKey, RejectReason reason) {
  public enum Kind {
    READING,
    REPORT,
    REJECTED
  }
}
