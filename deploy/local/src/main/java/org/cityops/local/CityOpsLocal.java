package org.cityops.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.cityops.ingestion.simulator.CitySimulator;
import org.cityops.ingestion.simulator.GroundTruth;
import org.cityops.ingestion.simulator.MessageSink;
import org.cityops.ingestion.simulator.MqttSink;
import org.cityops.ingestion.simulator.RateLimitedSink;
import org.cityops.ingestion.simulator.Scenario;
import org.cityops.ingestion.simulator.SyntheticCity;
import org.cityops.jobs.sinks.influx.InfluxTarget;
import org.cityops.timeseries.StoreEndpoint;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The README's first command: the whole pipeline on embedded defaults, fed by the simulator. */
@Command(
    name = "cityops",
    mixinStandardHelpOptions = true,
    version = "CityOps 0.1.0",
    description =
        "Starts CityOps in one process: an MQTT broker (HiveMQ CE), Kafka (KRaft), QuestDB, the"
            + " MQTT-to-Kafka bridge and the rain job on a local Flink cluster, then plays a storm"
            + " over a synthetic city. Incidents are printed as they come out, and a progress line"
            + " every few seconds. Give --mqtt, --kafka or --influx-url to use real servers"
            + " instead. Ctrl-C stops.",
    sortOptions = false)
public final class CityOpsLocal implements Callable<Integer> {
  @Option(
      names = "--data-dir",
      defaultValue = "cityops-data",
      description =
          "Where the embedded servers keep their data (default: ${DEFAULT-VALUE}); wiped at start")
  Path dataDir;

  @Option(
      names = "--mqtt",
      description = "An external MQTT broker, e.g. tcp://broker:1883 (default: embedded HiveMQ CE)")
  String mqtt;

  @Option(
      names = "--kafka",
      description = "External Kafka bootstrap servers, e.g. kafka:9092 (default: embedded)")
  String kafka;

  @Option(
      names = "--influx-url",
      description =
          "An external time-series store: InfluxDB 2.x/3.x or QuestDB (v2 API), or InfluxDB 1.x with --influx-api V1 (default: embedded QuestDB)")
  String influxUrl;

  @Option(
      names = "--influx-api",
      defaultValue = "V2",
      description = "V2 (/api/v2/write) or V1 (/write) (default: ${DEFAULT-VALUE})")
  StoreEndpoint.Api influxApi;

  @Option(
      names = "--influx-database",
      defaultValue = "cityops",
      description = "Database (1.x) or bucket (2.x) (default: ${DEFAULT-VALUE})")
  String influxDatabase;

  @Option(
      names = "--influx-org",
      defaultValue = "cityops",
      description = "Organisation (2.x) (default: ${DEFAULT-VALUE})")
  String influxOrg;

  @Option(
      names = "--influx-token",
      description = "Token (2.x/3.x); also read from CITYOPS_INFLUX_TOKEN")
  String influxToken;

  @Option(
      names = "--influxdb1-local",
      description =
          "Start Debian's influxd (apt-get install influxdb) and write to it instead of QuestDB")
  boolean influxDb1Local;

  @Option(
      names = "--scenario",
      defaultValue = "STORM",
      description = "CALM or STORM (default: ${DEFAULT-VALUE})")
  Scenario scenario;

  @Option(
      names = "--duration",
      defaultValue = "PT3H",
      description = "Simulated time the scenario covers (default: ${DEFAULT-VALUE})")
  Duration duration;

  @Option(
      names = "--speed",
      defaultValue = "0",
      description =
          "Simulated seconds per second; 0 = replay the last --duration as fast as possible (default: ${DEFAULT-VALUE})")
  double speed;

  @Option(
      names = "--gauges",
      defaultValue = "24",
      description = "Rain gauges of the synthetic city (default: ${DEFAULT-VALUE})")
  int gauges;

  @Option(
      names = "--accidents-per-day",
      defaultValue = "24",
      description =
          "Simulator: road accidents per simulated day on the grid city's 192 traffic detectors"
              + " (default: ${DEFAULT-VALUE}); 2 road closures and 1 stuck detector a day come"
              + " with them")
  double accidentsPerDay;

  @Option(
      names = "--max-rate",
      defaultValue = "0",
      description =
          "Simulator: at most this many messages per second; 0 = no cap (default: ${DEFAULT-VALUE})")
  double maxRate;

  @Option(
      names = "--malformed-every",
      defaultValue = "100",
      description =
          "Inject a faulty message after every N, to show rejection; 0 = none (default: ${DEFAULT-VALUE})")
  int malformedEvery;

  @Option(
      names = "--console-port",
      defaultValue = "8080",
      description =
          "Port of the operators' console; 0 = any free port, -1 = none (default: ${DEFAULT-VALUE})")
  int consolePort;

  @Option(
      names = "--no-simulator",
      description = "Start the pipeline only; sensors publish on city/sensors/<kind>/<id>")
  boolean noSimulator;

  @Option(
      names = "--run-for",
      description = "Stop after this long, e.g. PT2M (default: until Ctrl-C)")
  Duration runFor;

  @Option(
      names = "--progress-every",
      defaultValue = "PT5S",
      description = "Progress line interval (default: ${DEFAULT-VALUE})")
  Duration progressEvery;

  @Override
  public Integer call() throws Exception {
    deleteRecursively(dataDir);
    Files.createDirectories(dataDir);
    String token = influxToken != null ? influxToken : System.getenv("CITYOPS_INFLUX_TOKEN");
    InfluxTarget external =
        influxUrl == null
            ? null
            : new InfluxTarget(
                influxApi,
                influxUrl,
                influxDatabase,
                influxOrg,
                token,
                5_000,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10));
    LocalOptions options =
        new LocalOptions(
            dataDir.toAbsolutePath(),
            mqtt,
            kafka,
            external,
            influxDb1Local,
            Duration.ofSeconds(10),
            1,
            consolePort);
    System.out.println("Starting CityOps...");
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    // On Ctrl-C the JVM runs this hook and exits when it returns: it waits for the orderly close
    // below (bridge, job, stores, brokers) so no server is cut off mid-write.
    Thread onCtrlC =
        new Thread(
            () -> {
              stop.countDown();
              try {
                stopped.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "cityops-ctrl-c");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try (LocalStack stack = LocalStack.start(options);
        PipelineWatch watch =
            new PipelineWatch(
                stack.kafkaBootstrap(), "cityops-rain", stack.bridge().metrics(), System.out)) {
      printWhereToLook(stack);
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
      ticker.scheduleAtFixedRate(
          watch::printProgress,
          progressEvery.toMillis(),
          progressEvery.toMillis(),
          TimeUnit.MILLISECONDS);
      if (!noSimulator) {
        Thread simulator =
            new Thread(
                () -> {
                  feedCases(stack);
                  simulate(stack);
                },
                "simulator");
        simulator.setDaemon(true);
        simulator.start();
      }
      if (runFor == null) {
        stop.await();
      } else {
        stop.await(runFor.toMillis(), TimeUnit.MILLISECONDS);
      }
      ticker.shutdown(); // let a progress line being printed finish
      ticker.awaitTermination(10, TimeUnit.SECONDS);
      watch.printProgress();
      System.out.println("Stopping CityOps...");
    } finally {
      stopped.countDown();
    }
    System.out.println("CityOps stopped.");
    return 0;
  }

  private void simulate(LocalStack stack) {
    Instant start = speed > 0 ? Instant.now() : Instant.now().minus(duration);
    CitySimulator.Options options =
        new CitySimulator.Options(
                scenario, start, duration, Duration.ofMinutes(5), malformedEvery, speed, true)
            .withTraffic(
                org.cityops.ingestion.simulator.traffic.SyntheticTraffic.standard(),
                accidentsPerDay,
                2,
                2019);
    try (MqttSink mqttSink = new MqttSink(stack.mqttUri(), "cityops-simulator")) {
      MessageSink sink = maxRate > 0 ? new RateLimitedSink(mqttSink, maxRate) : mqttSink;

      GroundTruth truth =
          new CitySimulator(SyntheticCity.generate(gauges, 2019), Clock.systemUTC())
              .run(options, sink, (t, n) -> {});
      Path truthFile = dataDir.resolve("simulator-truth.json");
      truth.write(truthFile);
      System.out.printf(
          "Simulator done: %d valid readings, %d faulty messages, %d residents' reports; "
              + "gauges with heavy rain (>= 25.1 mm in 1 h): %s; traffic: %s; ground truth in %s%n",
          truth.validReadings(),
          truth.faults().size(),
          truth.reportIds().size(),
          truth.gaugesWithHourlyRainAtLeast(25.1),
          trafficSummary(truth),
          truthFile);
    } catch (Exception e) {
      System.out.println("Simulator failed: " + e);
    }
  }

  /**
   * Health units' notifications of the last 20 weeks of a simulated dengue season on the demo
   * neighbourhoods (with its outbreaks), and the weather stations' night temperatures, sent to
   * Kafka as a surveillance system would send them: the health job finds the outbreaks as hotspots.
   */
  private void feedCases(LocalStack stack) {
    var areas = stack.healthJob().areas();
    java.time.ZoneId zone = java.time.ZoneId.of(stack.healthJob().health().timeZone());
    int days = 140;
    java.time.LocalDate first = java.time.LocalDate.now(zone).minusDays(days);
    var simulation =
        new org.cityops.ingestion.simulator.health.DengueScenario(
                areas.adjacency(),
                areas.populations(),
                org.cityops.ingestion.simulator.health.DengueModel.standard(),
                first,
                days,
                zone.getId(),
                2026)
            .simulate();
    Instant now = Instant.now();
    int sent = 0;
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
            java.util.Map.of("bootstrap.servers", stack.kafkaBootstrap(), "acks", "all"),
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      for (var r : simulation.temperatures()) {
        if (r.time().isBefore(now)) {
          producer.send(
              new org.apache.kafka.clients.producer.ProducerRecord<>(
                  org.cityops.events.Topics.READINGS,
                  r.sensorId(),
                  org.cityops.events.EventJson.write(r)));
        }
      }
      for (var n : simulation.notifications()) {
        if (n.notifiedAt().isBefore(now)) {
          producer.send(
              new org.apache.kafka.clients.producer.ProducerRecord<>(
                  org.cityops.events.Topics.CASES,
                  n.notificationId(),
                  org.cityops.events.EventJson.write(n)));
          sent++;
        }
      }
    }
    System.out.printf(
        "Health feed: %d notifications of the last %d days on %d neighbourhoods, outbreaks %s%n",
        sent,
        days,
        areas.centroids().size(),
        simulation.outbreaks().stream()
            .map(o -> o.neighbourhoods() + " from " + o.start() + " x" + o.multiplier())
            .toList());
  }

  private static String trafficSummary(org.cityops.ingestion.simulator.GroundTruth truth) {
    java.util.Map<Object, Long> byKind =
        truth.trafficEvents().stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    e -> e.kind().name().toLowerCase(java.util.Locale.ROOT),
                    java.util.TreeMap::new,
                    java.util.stream.Collectors.counting()));
    return byKind.isEmpty() ? "nothing injected" : byKind.toString();
  }

  private static void printWhereToLook(LocalStack stack) {
    System.out.println("CityOps is running.");
    if (stack.consoleUrl() != null) {
      System.out.println("  Console: " + stack.consoleUrl());
      stack
          .consolePasswords()
          .forEach(
              (user, password) -> System.out.println("    log in as " + user + " / " + password));
    }
    System.out.println(
        "  MQTT:  "
            + stack.mqttUri()
            + "  (sensors publish on city/sensors/<kind>/<id>, reports on city/reports/<category>)");
    System.out.println(
        "  Kafka: " + stack.kafkaBootstrap() + "  (city.readings, city.rejected, city.incidents)");
    System.out.println("  Store: " + stack.influx().describe());
    if (stack.influx().api() == StoreEndpoint.Api.V1) {
      System.out.println("  Query it with InfluxQL, e.g.:");
      System.out.println(
          "    curl -G "
              + stack.influx().url()
              + "/query --data-urlencode \"db="
              + stack.influx().database()
              + "\" --data-urlencode \"q=SELECT max(rain_1h_mm) FROM rain_sums GROUP BY gauge_id\"");
    }
    if (stack.questDbConsole() != null) {

      System.out.println(
          "  Look at the data in QuestDB's web console at " + stack.questDbConsole() + " or with:");
      System.out.println(
          "    curl -G "
              + stack.questDbConsole()
              + "/exec --data-urlencode \"query=SELECT gauge_id, max(rain_1h_mm) FROM rain_sums ORDER BY 2 DESC LIMIT 5\"");
      System.out.println(
          "    curl -G "
              + stack.questDbConsole()
              + "/exec --data-urlencode \"query=SELECT * FROM incidents\"");
    }
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  public static void main(String[] args) {
    int exit =
        new CommandLine(new CityOpsLocal()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    System.exit(exit);
  }
}
