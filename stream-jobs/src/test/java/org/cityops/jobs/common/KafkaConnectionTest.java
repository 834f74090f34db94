package org.cityops.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaConnectionTest {
  @Test
  void clientPropertiesPassThroughAndCountAsKnownSettings() {
    Settings s =
        new Settings(
            Map.of(
                "kafka.bootstrap-servers", "cityops-kafka-bootstrap:9093",
                "kafka.client.security.protocol", "SSL",
                "kafka.client.ssl.keystore.password", "${dir:/etc/kafka-user:user.password}"));
    KafkaConnection kafka = KafkaConnection.from(s);
    s.requireAllUsed();
    assertThat(kafka.bootstrapServers()).isEqualTo("cityops-kafka-bootstrap:9093");
    assertThat(kafka.properties())
        .containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.keystore.password", "${dir:/etc/kafka-user:user.password}")
        .hasSize(2);
  }

  @Test
  void whatTheJobsSetThemselvesIsRefusedByName() {
    assertThatThrownBy(
            () -> KafkaConnection.from(new Settings(Map.of("kafka.client.isolation.level", "x"))))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "setting 'kafka.client.isolation.level' is set by CityOps itself and may not be"
                + " overridden");
    assertThatThrownBy(() -> KafkaConnection.from(new Settings(Map.of("kafka.client.acks", "1"))))
        .hasMessageContaining("kafka.client.acks");
  }
}
