package org.cityops.events;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka client properties a deployment may hand to every CityOps client (TLS or SASL settings,
 * timeouts, config providers that read secrets from mounted files), and the ones it may not: those
 * the clients set themselves because the delivery contract depends on them (acknowledged,
 * idempotent producers; read_committed consumers in their own groups).
 */
public final class KafkaClientProperties {
  private KafkaClientProperties() {}

  public static final Set<String> RESERVED =
      Set.of(
          "bootstrap.servers",
          "group.id",
          "client.id",
          "key.serializer",
          "value.serializer",
          "key.deserializer",
          "value.deserializer",
          "enable.auto.commit",
          "auto.offset.reset",
          "isolation.level",
          "acks",
          "enable.idempotence",
          "transactional.id");

  /**
   * A sorted copy of {@code properties}, refusing reserved keys.
   *
   * @param settingPrefix how the user spelled the keys ({@code kafka.client.} or {@code
   *     --kafka-property }), for the error message
   * @throws IllegalArgumentException naming the first reserved key given
   */
  public static Map<String, String> checked(Map<String, String> properties, String settingPrefix) {
    Map<String, String> sorted = new TreeMap<>(properties);
    for (String key : sorted.keySet()) {
      if (RESERVED.contains(key)) {
        throw new IllegalArgumentException(
            "setting '"
                + settingPrefix
                + key
                + "' is set by CityOps itself and may not be overridden");
      }
    }
    return Map.copyOf(sorted);
  }
}
