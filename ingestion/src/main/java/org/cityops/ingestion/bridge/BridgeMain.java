package org.cityops.ingestion.bridge;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.cityops.ingestion.validate.ReadingLimits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs one MQTT-to-Kafka bridge process until it is stopped (SIGTERM closes it cleanly). */
@Command(
    name = "cityops-bridge",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Bridges sensors' and residents' MQTT messages into Kafka: readings to city.readings,"
          + " reports to city.reports, anything invalid to city.rejected with its reason. A message"
          + " is acknowledged to the broker only once Kafka has it.",
      "",
      "The pseudonymisation key for reporters' identifiers is read from CITYOPS_PSEUDONYM_KEY"
          + " (at least 16 characters); without it a development key is used, and said so.",
      ""
    })
public final class BridgeMain implements Callable<Integer> {
  @picocli.CommandLine.Mixin org.cityops.ingestion.cli.BrokerOptions brokers;

  @Option(
      names = "--client-id",
      defaultValue = "cityops-bridge-1",
      description =
          "MQTT client id, stable across restarts so the broker keeps the session and its QoS 1"
              + " backlog (default: ${DEFAULT-VALUE})")
  String clientId;

  @Option(
      names = "--share-group",
      description =
          "Bridges with the same group split the messages (MQTT 5 shared subscription); default:"
              + " one bridge takes all")
  String shareGroup;

  @Option(
      names = "--topic-filter",
      description =
          "MQTT topic filters to bridge (repeatable; default: city/sensors/# city/reports/#)")
  List<String> topicFilters = BridgeConfig.DEFAULT_TOPIC_FILTERS;

  @Option(
      names = "--receive-maximum",
      defaultValue = "1000",
      description =
          "QoS 1 messages the broker may have in flight to us (default: ${DEFAULT-VALUE})")
  int receiveMaximum;

  @Option(
      names = "--session-expiry",
      defaultValue = "PT24H",
      description =
          "How long the broker keeps our session while we are away (default: ${DEFAULT-VALUE})")
  Duration sessionExpiry;

  @Override
  public Integer call() throws Exception {
    String key = System.getenv("CITYOPS_PSEUDONYM_KEY");
    BridgeConfig config =
        new BridgeConfig(
            brokers.mqtt,
            brokers.kafka,
            clientId,
            shareGroup,
            topicFilters,
            receiveMaximum,
            sessionExpiry,
            key == null || key.isBlank() ? BridgeConfig.DEV_PSEUDONYM_KEY : key,
            ReadingLimits.defaults(),
            brokers.kafkaProperties);
    MqttKafkaBridge bridge = new MqttKafkaBridge(config).start();
    CountDownLatch closed = new CountDownLatch(1);
    // the JVM waits for shutdown hooks: the bridge finishes what Kafka has not yet confirmed
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping; " + bridge.metrics());
                  bridge.close();
                  closed.countDown();
                },
                "bridge-shutdown"));
    System.out.printf("Bridging %s from %s to %s%n", topicFilters, brokers.mqtt, brokers.kafka);
    closed.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new BridgeMain())
            .setExecutionExceptionHandler(new org.cityops.ingestion.cli.OneLineErrors())
            .execute(args));
  }
}
