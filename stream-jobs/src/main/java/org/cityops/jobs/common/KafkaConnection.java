package org.cityops.jobs.common;

import java.io.Serializable;
import java.util.Map;
import java.util.Properties;
import org.cityops.events.KafkaClientProperties;

/**
 * Where a job's Kafka is and how its clients authenticate: {@code kafka.bootstrap-servers}, and any
 * {@code kafka.client.<property>} handed to every consumer and producer of the job as it is (TLS or
 * SASL settings, timeouts). A secret need not appear on the command line: Kafka's config providers
 * read it from a mounted file, e.g. {@code kafka.client.config.providers=dir}, {@code
 * kafka.client.config.providers.dir.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider}
 * and {@code kafka.client.ssl.keystore.password=${dir:/etc/kafka-user:user.password}}.
 *
 * <p>Properties the jobs set themselves, because correctness depends on them (group, offsets,
 * serializers, read_committed, idempotent acks=all producers), are refused with the setting's name.
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> clientProperties)
    implements Serializable {
  public static final String CLIENT_PREFIX = "kafka.client.";

  public KafkaConnection {
    try {
      clientProperties = KafkaClientProperties.checked(clientProperties, CLIENT_PREFIX);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  public static KafkaConnection of(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.of());
  }

  public static KafkaConnection from(Settings s) {
    return new KafkaConnection(
        s.text("kafka.bootstrap-servers", "127.0.0.1:9092"), s.withPrefix(CLIENT_PREFIX));
  }

  /** The client properties, for a Kafka client builder; the job's own are set after these. */
  public Properties properties() {
    Properties p = new Properties();
    p.putAll(clientProperties);
    return p;
  }
}
