package org.cityops.ingestion.bridge;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.cityops.ingestion.limit.RateLimits;
import org.cityops.ingestion.validate.ReadingLimits;
import org.cityops.timeseries.StoreEndpoint;
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
      names = "--sensor-rate",
      defaultValue = "1",
      description =
          "Readings one sensor may send per second of their own event time, sustained; past it"
              + " (and the burst) they go to city.rejected as rate_limited. Event time, so a"
              + " backlog after an outage or a fast replay passes. 0 = no limit (default:"
              + " ${DEFAULT-VALUE})")
  double sensorRate;

  @Option(
      names = "--sensor-burst",
      defaultValue = "600",
      description = "Readings one sensor may send at once (default: ${DEFAULT-VALUE})")
  int sensorBurst;

  @Option(
      names = "--reporter-rate",
      defaultValue = "20",
      description =
          "Reports one resident (by pseudonym) may send per hour of report time, sustained;"
              + " 0 = no limit (default: ${DEFAULT-VALUE})")
  double reporterRate;

  @Option(
      names = "--reporter-burst",
      defaultValue = "10",
      description = "Reports one resident may send at once (default: ${DEFAULT-VALUE})")
  int reporterBurst;

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

  @Option(
      names = "--influx-url",
      description =
          "Write the bridge's counters (messages in, forwarded, refused by reason) to this"
              + " time-series store for the Pipeline dashboard, e.g. http://influxdb:8086; its token,"
              + " if any, from CITYOPS_INFLUX_TOKEN (default: counters in the log only)")
  String influxUrl;

  @Option(
      names = "--influx-api",
      defaultValue = "V2",
      description =
          "V2 for InfluxDB 2.x/3.x and QuestDB, V1 for InfluxDB 1.x (default: ${DEFAULT-VALUE})")
  StoreEndpoint.Api influxApi;

  @Option(
      names = "--influx-database",
      defaultValue = "cityops",
      description = "Database (v1) or bucket (v2) (default: ${DEFAULT-VALUE})")
  String influxDatabase;

  @Option(
      names = "--influx-org",
      defaultValue = "cityops",
      description = "Organisation (v2 only) (default: ${DEFAULT-VALUE})")
  String influxOrg;

  @Option(
      names = "--metrics-interval",
      defaultValue = "PT10S",
      description = "How often the counters are written (default: ${DEFAULT-VALUE})")
  Duration metricsInterval;

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
            brokers.kafkaProperties,
            new RateLimits(
                sensorRate,
                sensorBurst,
                reporterRate,
                reporterBurst,
                RateLimits.defaults().maxTracked()),
            brokers.mqttAccess());
    StoreEndpoint store = influxUrl == null ? null : store();
    MqttKafkaBridge bridge = new MqttKafkaBridge(config).start();
    BridgeMetricsReporter reporter =
        store == null ? null : BridgeMetricsReporter.start(bridge, store, metricsInterval);
    CountDownLatch closed = new CountDownLatch(1);
    // the JVM waits for shutdown hooks: the bridge finishes what Kafka has not yet confirmed
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping; " + bridge.metrics());
                  bridge.close();
                  if (reporter != null) {
                    reporter.close();
                  }
                  closed.countDown();
                },
                "bridge-shutdown"));
    System.out.printf("Bridging %s from %s to %s%n", topicFilters, brokers.mqtt, brokers.kafka);
    closed.await();
    return 0;
  }

  /** The store for the counters; a bad setting is named by its option. */
  private StoreEndpoint store() {
    try {
      return new StoreEndpoint(
          influxApi, influxUrl, influxDatabase, influxOrg, System.getenv("CITYOPS_INFLUX_TOKEN"));
    } catch (IllegalArgumentException e) {
      // StoreEndpoint's messages start with the field: "url must be ..."
      String message = e.getMessage();
      int space = message.indexOf(' ');
      throw new IllegalArgumentException(
          "bridge setting '--influx-"
              + message.substring(0, space)
              + "'"
              + message.substring(space));
    }
  }

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new BridgeMain())
            .setExecutionExceptionHandler(new org.cityops.ingestion.cli.OneLineErrors())
            .execute(args));
  }
}
