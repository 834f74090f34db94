package org.cityops.ingestion.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.cityops.ingestion.validate.ReadingLimits;
import org.junit.jupiter.api.Test;

class BridgeConfigTest {
  private static BridgeConfig config(
      String uri, String clientId, List<String> filters, int receiveMaximum, String key) {
    return new BridgeConfig(
        uri,
        "127.0.0.1:9092",
        clientId,
        "g",
        filters,
        receiveMaximum,
        Duration.ofHours(1),
        key,
        ReadingLimits.defaults(),
        java.util.Map.of());
  }

  @Test
  void localDefaultsAreValid() {
    BridgeConfig c = BridgeConfig.local("tcp://127.0.0.1:1883", "127.0.0.1:9092");
    assertThat(c.topicFilters()).containsExactly("city/sensors/#", "city/reports/#");
    assertThat(c.receiveMaximum()).isEqualTo(1_000);
  }

  @Test
  void eachInvalidSettingIsNamed() {
    String key = BridgeConfig.DEV_PSEUDONYM_KEY;
    List<String> filters = BridgeConfig.DEFAULT_TOPIC_FILTERS;
    assertThatThrownBy(() -> config("http://x", "c", filters, 10, key))
        .hasMessageStartingWith("bridge setting 'mqttServerUri'");
    assertThatThrownBy(() -> config("tcp://x:1", "a/b", filters, 10, key))
        .hasMessageStartingWith("bridge setting 'clientId'");
    assertThatThrownBy(() -> config("tcp://x:1", "c", List.of(), 10, key))
        .hasMessageStartingWith("bridge setting 'topicFilters'");
    assertThatThrownBy(() -> config("tcp://x:1", "c", filters, 0, key))
        .hasMessageStartingWith("bridge setting 'receiveMaximum'");
    assertThatThrownBy(() -> config("tcp://x:1", "c", filters, 10, "short"))
        .hasMessageStartingWith("bridge setting 'pseudonymKey'");
  }

  @Test
  void aSecuredClustersPropertiesPassButNotTheOnesTheBridgeNeedsItsOwnWay() {
    BridgeConfig local = BridgeConfig.local("tcp://127.0.0.1:1883", "kafka:9093");
    java.util.function.Function<java.util.Map<String, String>, BridgeConfig> with =
        props ->
            new BridgeConfig(
                local.mqttServerUri(),
                local.kafkaBootstrapServers(),
                local.clientId(),
                null,
                local.topicFilters(),
                local.receiveMaximum(),
                local.sessionExpiry(),
                local.pseudonymKey(),
                local.limits(),
                props);
    assertThat(with.apply(java.util.Map.of("security.protocol", "SSL")).kafkaClientProperties())
        .containsExactly(java.util.Map.entry("security.protocol", "SSL"));
    assertThatThrownBy(() -> with.apply(java.util.Map.of("acks", "1")))
        .hasMessage(
            "setting '--kafka-property acks' is set by CityOps itself and may not be overridden");
  }
}
