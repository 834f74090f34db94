package org.cityops.ingestion.simulator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.cityops.ingestion.simulator.traffic.SyntheticTraffic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line for the city simulator: publishes a scenario to an MQTT broker. */
@Command(
    name = "cityops-simulator",
    mixinStandardHelpOptions = true,
    description =
        "Publishes readings of a synthetic city (rain gauges, river levels, traffic detectors,"
            + " weather stations) and residents' reports to MQTT, and writes the ground truth of"
            + " what it injected. By default it plays a 3 h storm that ends now, as fast as the"
            + " broker takes it.")
public final class SimulatorMain implements Callable<Integer> {
  @Option(
      names = "--mqtt",
      defaultValue = "tcp://127.0.0.1:1883",
      description = "MQTT broker URI (default: ${DEFAULT-VALUE})")
  String mqtt;

  @Option(
      names = "--mqtt-username",
      description =
          "MQTT account to publish as, one allowed to write city/sensors/# (a gateway speaking for"
              + " many sensors); its password from --mqtt-password-file or CITYOPS_MQTT_PASSWORD"
              + " (default: anonymous)")
  String mqttUsername;

  @Option(names = "--mqtt-password-file", description = "A file holding the MQTT password")
  String mqttPasswordFile;

  @Option(
      names = "--mqtt-ca-file",
      description = "PEM certificates of the authorities that sign the broker's (ssl://)")
  String mqttCaFile;

  @Option(
      names = "--scenario",
      defaultValue = "STORM",
      description = "CALM or STORM (default: ${DEFAULT-VALUE})")
  Scenario scenario;

  @Option(
      names = "--duration",
      defaultValue = "PT3H",
      description = "Simulated time span, ISO-8601 (default: ${DEFAULT-VALUE})")
  Duration duration;

  @Option(
      names = "--interval",
      defaultValue = "PT5M",
      description = "Reporting interval of every sensor (default: ${DEFAULT-VALUE})")
  Duration interval;

  @Option(
      names = "--gauges",
      defaultValue = "24",
      description =
          "Rain gauges in the city; other sensors scale with it (default: ${DEFAULT-VALUE})")
  int gauges;

  @Option(
      names = "--speed",
      defaultValue = "0",
      description =
          "Simulated seconds per wall second; 0 = as fast as possible (default: ${DEFAULT-VALUE})")
  double speed;

  @Option(
      names = "--max-rate",
      description = "At most this many messages per second; 0 = no cap (default: ${DEFAULT-VALUE})",
      defaultValue = "0")
  double maxRate;

  @Option(
      names = "--malformed-every",
      defaultValue = "0",
      description =
          "Inject a faulty message after every N messages; 0 = none (default: ${DEFAULT-VALUE})")
  int malformedEvery;

  @Option(
      names = "--seed",
      defaultValue = "2019",
      description = "Seed of the synthetic city (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--accidents-per-day",
      defaultValue = "24",
      description =
          "Road accidents per simulated day on the demo city's traffic detectors; -1 = no road"
              + " traffic at all (default: ${DEFAULT-VALUE})")
  double accidentsPerDay;

  @Option(
      names = "--closures-per-day",
      defaultValue = "2",
      description = "Road closures per simulated day (default: ${DEFAULT-VALUE})")
  double closuresPerDay;

  @Option(
      names = "--write-roads",
      description =
          "Also write the demo city's roads (city.osm) and traffic detectors (detectors.json) to"
              + " this folder, for a traffic job's traffic.roads and traffic.detectors")
  Path roadsDir;

  @Option(
      names = "--truth",
      defaultValue = "target/simulator-truth.json",
      description = "Where to write the ground truth (default: ${DEFAULT-VALUE})")
  Path truthFile;

  @Override
  public Integer call() throws Exception {
    Instant start = speed > 0 ? Instant.now() : Instant.now().minus(duration);
    CitySimulator.Options options =
        new CitySimulator.Options(scenario, start, duration, interval, malformedEvery, speed, true);
    SyntheticTraffic roads = SyntheticTraffic.standard();
    if (accidentsPerDay >= 0) {
      options = options.withTraffic(roads, accidentsPerDay, closuresPerDay, seed);
    }
    if (roadsDir != null) {
      roads.write(roadsDir);
      System.out.printf("roads and detectors written to %s%n", roadsDir.toAbsolutePath());
    }
    try (MqttSink mqttSink =
        new MqttSink(
            mqtt,
            "cityops-simulator",
            org.cityops.events.MqttAccess.of(mqttUsername, mqttPasswordFile, mqttCaFile))) {
      MessageSink sink = maxRate > 0 ? new RateLimitedSink(mqttSink, maxRate) : mqttSink;

      GroundTruth truth =
          new CitySimulator(SyntheticCity.generate(gauges, seed), Clock.systemUTC())
              .run(options, sink, (t, n) -> System.out.printf("simulated %s, %d messages%n", t, n));
      truth.write(truthFile);
      System.out.printf("ground truth written to %s%n", truthFile.toAbsolutePath());
    }
    return 0;
  }

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new SimulatorMain())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .execute(args));
  }
}
