package org.cityops.ingestion.bridge;

import java.time.Duration;
import java.util.List;
import org.cityops.ingestion.limit.RateLimits;
import org.cityops.ingestion.validate.ReadingLimits;

/**
 * Settings of one bridge process; immutable, checked when built.
 *
 * @param mqttServerUri e.g. {@code tcp://127.0.0.1:1883}
 * @param clientId MQTT client id; must be stable across restarts so the broker keeps the session
 * @param shareGroup bridges with the same group split the messages (MQTT 5 shared subscription);
 *     null for a plain subscription (one bridge). With HiveMQ CE a shared subscription was seen to
 *     stall now and then after a slow acknowledgement; the single local bridge does not share.
 * @param topicFilters the MQTT topic filters to bridge
 * @param receiveMaximum QoS 1 messages the broker may have in flight to this bridge (MQTT 5)
 * @param sessionExpiry how long the broker keeps the session while the bridge is away
 * @param pseudonymKey key of the HMAC that turns reporters' identifiers into pseudonyms
 * @param kafkaClientProperties extra Kafka producer properties (a secured cluster's TLS or SASL);
 *     those the bridge sets itself are refused
 * @param rateLimits how much one sensor and one reporter may send (refused past it, reason {@code
 *     rate_limited})
 * @param mqttAccess how the bridge reaches the broker (TLS trust, its account); null: anonymous
 */
public record BridgeConfig(
    String mqttServerUri,
    String kafkaBootstrapServers,
    String clientId,
    String shareGroup,
    List<String> topicFilters,
    int receiveMaximum,
    Duration sessionExpiry,
    String pseudonymKey,
    ReadingLimits limits,
    java.util.Map<String, String> kafkaClientProperties,
    RateLimits rateLimits,
    org.cityops.events.MqttAccess mqttAccess) {

  public static final List<String> DEFAULT_TOPIC_FILTERS =
      List.of("city/sensors/#", "city/reports/#");
  public static final String DEV_PSEUDONYM_KEY = "cityops-development-key-change-me";

  public BridgeConfig {
    require(
        mqttServerUri != null && mqttServerUri.matches("(tcp|ssl|ws|wss)://.+"),
        "mqttServerUri",
        "must look like tcp://host:port, was " + mqttServerUri);
    require(
        kafkaBootstrapServers != null && !kafkaBootstrapServers.isBlank(),
        "kafkaBootstrapServers",
        "is required");
    require(
        clientId != null && clientId.matches("[A-Za-z0-9_-]{1,64}"),
        "clientId",
        "must be 1-64 letters, digits, _ or -, was " + clientId);
    require(
        shareGroup == null || shareGroup.matches("[A-Za-z0-9_-]{1,64}"),
        "shareGroup",
        "must be 1-64 letters, digits, _ or -, was " + shareGroup);
    require(
        topicFilters != null && !topicFilters.isEmpty(),
        "topicFilters",
        "needs at least one filter");
    topicFilters = List.copyOf(topicFilters);
    require(receiveMaximum >= 1 && receiveMaximum <= 65_535, "receiveMaximum", "must be 1..65535");
    require(
        sessionExpiry != null && !sessionExpiry.isNegative(),
        "sessionExpiry",
        "must be zero or positive");
    require(
        pseudonymKey != null && pseudonymKey.length() >= 16,
        "pseudonymKey",
        "must be at least 16 characters");
    require(limits != null, "limits", "is required");
    require(rateLimits != null, "rateLimits", "is required (RateLimits.OFF for none)");
    kafkaClientProperties =
        org.cityops.events.KafkaClientProperties.checked(
            kafkaClientProperties == null ? java.util.Map.of() : kafkaClientProperties,
            "--kafka-property ");
  }

  /** With the default rate limits. */
  public BridgeConfig(
      String mqttServerUri,
      String kafkaBootstrapServers,
      String clientId,
      String shareGroup,
      List<String> topicFilters,
      int receiveMaximum,
      Duration sessionExpiry,
      String pseudonymKey,
      ReadingLimits limits,
      java.util.Map<String, String> kafkaClientProperties) {
    this(
        mqttServerUri,
        kafkaBootstrapServers,
        clientId,
        shareGroup,
        topicFilters,
        receiveMaximum,
        sessionExpiry,
        pseudonymKey,
        limits,
        kafkaClientProperties,
        RateLimits.defaults(),
        null);
  }

  /**
   * Defaults for one bridge; the pseudonymisation key comes from {@code CITYOPS_PSEUDONYM_KEY} when
   * set, else the development key (which the bridge warns about).
   */
  public static BridgeConfig local(String mqttServerUri, String kafkaBootstrapServers) {
    String key = System.getenv("CITYOPS_PSEUDONYM_KEY");

    return new BridgeConfig(
        mqttServerUri,
        kafkaBootstrapServers,
        "cityops-bridge-1",
        null,
        DEFAULT_TOPIC_FILTERS,
        1_000,
        Duration.ofHours(24),
        key == null || key.isBlank() ? DEV_PSEUDONYM_KEY : key,
        ReadingLimits.defaults(),
        java.util.Map.of());
  }

  public BridgeConfig withClientId(String id) {
    return new BridgeConfig(
        mqttServerUri,
        kafkaBootstrapServers,
        id,
        shareGroup,
        topicFilters,
        receiveMaximum,
        sessionExpiry,
        pseudonymKey,
        limits,
        kafkaClientProperties,
        rateLimits,
        mqttAccess);
  }

  public BridgeConfig withRateLimits(RateLimits limits) {
    return new BridgeConfig(
        mqttServerUri,
        kafkaBootstrapServers,
        clientId,
        shareGroup,
        topicFilters,
        receiveMaximum,
        sessionExpiry,
        pseudonymKey,
        this.limits,
        kafkaClientProperties,
        limits,
        mqttAccess);
  }

  public BridgeConfig withMqttAccess(org.cityops.events.MqttAccess login) {
    return new BridgeConfig(
        mqttServerUri,
        kafkaBootstrapServers,
        clientId,
        shareGroup,
        topicFilters,
        receiveMaximum,
        sessionExpiry,
        pseudonymKey,
        limits,
        kafkaClientProperties,
        rateLimits,
        login);
  }

  private static void require(boolean ok, String field, String message) {
    if (!ok) {
      throw new IllegalArgumentException("bridge setting '" + field + "' " + message);
    }
  }
}
