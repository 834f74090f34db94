package org.cityops.ingestion.cli;

import picocli.CommandLine.Option;

/** The brokers a command talks to, spelled and defaulted the same in every command (a mixin). */
public final class BrokerOptions {
  @Option(
      names = "--mqtt",
      defaultValue = "tcp://127.0.0.1:1883",
      description = "MQTT broker URI (default: ${DEFAULT-VALUE})")
  public String mqtt;

  @Option(
      names = "--mqtt-username",
      description =
          "MQTT account to log in as (default: anonymous); its password from --mqtt-password-file"
              + " or the environment variable CITYOPS_MQTT_PASSWORD, never the command line")
  public String mqttUsername;

  @Option(
      names = "--mqtt-password-file",
      description = "A file holding the MQTT password (a mounted secret)")
  public String mqttPasswordFile;

  @Option(
      names = "--mqtt-ca-file",
      description =
          "PEM certificates of the authorities that sign the broker's (for an ssl:// address);"
              + " default: those the Java runtime trusts")
  public String mqttCaFile;

  /** How to reach the MQTT broker these options name (anonymous, runtime trust by default). */
  public org.cityops.events.MqttAccess mqttAccess() {
    return org.cityops.events.MqttAccess.of(mqttUsername, mqttPasswordFile, mqttCaFile);
  }

  @Option(
      names = "--kafka",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
  public String kafka;

  // "$$" is picocli's escape: the help shows the ${dir:...} reference as written
  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description =
          "A Kafka client property for a secured cluster, e.g. security.protocol=SSL; repeatable."
              + " A secret can stay in a mounted file: config.providers=dir,"
              + " config.providers.dir.class=org.apache.kafka.common.config.provider"
              + ".DirectoryConfigProvider, ssl.keystore.password=$${dir:/etc/kafka-user:user.password}")
  public java.util.Map<String, String> kafkaProperties = new java.util.LinkedHashMap<>();
}
