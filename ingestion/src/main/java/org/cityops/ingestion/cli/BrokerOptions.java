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
      names = "--kafka",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
  public String kafka;
}
