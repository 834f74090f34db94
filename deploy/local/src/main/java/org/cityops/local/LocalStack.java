package org.cityops.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.EmbeddedMqttBroker;
import org.cityops.embedded.EmbeddedQuestDb;
import org.cityops.embedded.FreePorts;
import org.cityops.embedded.InfluxDb1Process;
import org.cityops.events.Topics;
import org.cityops.ingestion.bridge.BridgeConfig;
import org.cityops.ingestion.bridge.BridgeMetricsReporter;
import org.cityops.ingestion.bridge.MqttKafkaBridge;
import org.cityops.jobs.alerts.AlertsJobConfig;
import org.cityops.jobs.alerts.AlertsJobMain;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.health.HealthJobConfig;
import org.cityops.jobs.health.HealthJobMain;
import org.cityops.jobs.rain.RainJobConfig;
import org.cityops.jobs.rain.RainJobMain;
import org.cityops.jobs.sinks.influx.InfluxTarget;
import org.cityops.jobs.sinks.influx.QuestDbTables;
import org.cityops.jobs.traffic.TrafficJobConfig;
import org.cityops.jobs.traffic.TrafficJobMain;
import org.cityops.timeseries.StoreEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one JVM: MQTT broker, Kafka, time-series store (each embedded unless an
 * address is given), the MQTT-Kafka bridge and the rain job on a local Flink MiniCluster. Closing
 * it stops everything it started, in reverse order.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private String mqttUri;
  private String kafkaBootstrap;
  private InfluxTarget influx;
  private String questDbConsole;
  private org.cityops.roads.RoadNetwork roads;

  /** The demo's neighbourhoods: a 4 x 4 grid over the grid city. */
  private static final int DEMO_NEIGHBOURHOOD_ROWS = 4;

  private Path healthNeighbourhoods;
  private HealthJobConfig healthJob;
  private String consoleUrl;
  private final java.util.Map<String, String> consolePasswords = new java.util.TreeMap<>();
  private MqttKafkaBridge bridge;
  private JobClient job;

  private LocalStack() {}

  public static LocalStack start(LocalOptions options) throws Exception {
    LocalStack stack = new LocalStack();
    try {
      stack.startAll(options);
      return stack;
    } catch (Exception e) {
      stack.close();
      throw e;
    }
  }

  private void startAll(LocalOptions o) throws Exception {
    Path dir = o.dataDir();
    if (o.mqttUri() == null) {
      EmbeddedMqttBroker mqtt =
          new EmbeddedMqttBroker(dir.resolve("mqtt"), FreePorts.next()).start();
      started.push(mqtt);
      mqttUri = mqtt.serverUri();
    } else {
      mqttUri = o.mqttUri();
    }
    if (o.kafkaBootstrap() == null) {
      EmbeddedKafkaBroker kafka =
          new EmbeddedKafkaBroker(dir.resolve("kafka"), FreePorts.next()).start();
      started.push(kafka);
      kafka.createTopics(
          2,
          List.of(
              Topics.READINGS,
              Topics.REPORTS,
              Topics.REJECTED,
              Topics.DETECTIONS,
              Topics.INCIDENTS,
              Topics.ALERTS,
              Topics.NOTIFICATIONS,
              Topics.CONTROL,
              Topics.DETECTIONS_SHADOW,
              Topics.PENDING_WARNINGS,
              Topics.STAGE,
              Topics.SUBSCRIPTIONS,
              Topics.ROAD_EVENTS,
              Topics.ROUTE_ADVICE,
              Topics.CASES));
      kafkaBootstrap = kafka.bootstrapServers();
    } else {
      kafkaBootstrap = o.kafkaBootstrap();
    }
    influx = o.influx();
    if (influx == null && o.localInfluxDb1()) {
      InfluxDb1Process influxDb1 = new InfluxDb1Process().start();
      started.push(influxDb1);
      influx = target(StoreEndpoint.Api.V1, influxDb1.url());
    } else if (influx == null) {
      EmbeddedQuestDb questDb =
          new EmbeddedQuestDb(dir.resolve("questdb"), FreePorts.next()).start();
      started.push(questDb);
      QuestDbTables.ensure(questDb.httpUrl());
      questDbConsole = questDb.httpUrl();
      influx = target(StoreEndpoint.Api.V2, questDb.httpUrl());
    }
    startJob(o);
    bridge = new MqttKafkaBridge(BridgeConfig.local(mqttUri, kafkaBootstrap)).start();
    started.push(bridge);
    // the bridge's counters (messages in, forwarded, refused by reason) for the Pipeline dashboard
    started.push(BridgeMetricsReporter.start(bridge, influx.endpoint(), Duration.ofSeconds(10)));
  }

  private static InfluxTarget target(StoreEndpoint.Api api, String url) {
    return new InfluxTarget(
        api, url, "cityops", "cityops", null, 5_000, Duration.ofSeconds(1), Duration.ofSeconds(10));
  }

  private void startJob(LocalOptions o) throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("kafka.bootstrap-servers", kafkaBootstrap);
    settings.put("checkpoint.interval", o.checkpointInterval().toMillis() + "ms");
    RainJobConfig config = RainJobConfig.from(new Settings(settings)).withInflux(influx);
    Configuration flink = flinkConfiguration(o, influx);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(o.parallelism(), flink);
    RainJobMain.addTo(env, config);
    // the alerts job in the same Flink job: detections from Kafka become the incidents operators
    // work and CAP warnings; in the demo "supervisor" and "operator" may act (the console issue
    // brings real sign-in)
    Map<String, String> alertSettings = new HashMap<>();
    alertSettings.put("kafka.bootstrap-servers", kafkaBootstrap);
    alertSettings.put("checkpoint.interval", o.checkpointInterval().toMillis() + "ms");
    alertSettings.put("control.roster", "supervisor=supervisor,operator=operator");
    alertSettings.put("mqtt.server-uri", mqttUri); // residents' notifications
    // incidents and the city's stage go to the same store as the rain job's time series
    alertSettings.put("influx.url", influx.url());
    alertSettings.put("influx.api", influx.api().name());
    alertSettings.put("influx.database", influx.database());
    alertSettings.put("influx.org", influx.org());
    if (influx.token() != null) {
      alertSettings.put("influx.token", influx.token());
    }

    // the roads as a real city would give them (OSM XML, detector places), for the traffic job
    // and for residents' route advice in the alerts job
    List<Path> roadFiles = o.roads().write(o.dataDir().resolve("roads"));
    roads = o.roads().network();
    alertSettings.put("traffic.roads", roadFiles.get(0).toString());
    alertSettings.put("traffic.detectors", roadFiles.get(1).toString());
    AlertsJobMain.addTo(env, AlertsJobConfig.from(new Settings(alertSettings)));
    Map<String, String> trafficSettings = new HashMap<>();
    trafficSettings.put("kafka.bootstrap-servers", kafkaBootstrap);
    trafficSettings.put("checkpoint.interval", o.checkpointInterval().toMillis() + "ms");
    trafficSettings.put("traffic.roads", roadFiles.get(0).toString());
    trafficSettings.put("traffic.detectors", roadFiles.get(1).toString());
    TrafficJobMain.addTo(
        env, TrafficJobConfig.from(new Settings(trafficSettings)).withInflux(influx));
    // the health job on the demo city's neighbourhoods (a grid over its roads); a real city's
    // polygons and populations plug in by path (README: dengue)
    healthNeighbourhoods =
        org.cityops.ingestion.simulator.health.DemoNeighbourhoods.write(
            roads.nodes().values(),
            DEMO_NEIGHBOURHOOD_ROWS,
            DEMO_NEIGHBOURHOOD_ROWS,
            o.dataDir().resolve("health").resolve("neighbourhoods.geojson"));
    Map<String, String> healthSettings = new HashMap<>();
    healthSettings.put("kafka.bootstrap-servers", kafkaBootstrap);
    healthSettings.put("checkpoint.interval", o.checkpointInterval().toMillis() + "ms");
    healthSettings.put("health.neighbourhoods", healthNeighbourhoods.toString());
    healthSettings.put("health.id-property", "id");
    healthSettings.put("health.name-property", "name");
    // the demo's populations and thresholds are those of the simulated season it is fed
    // (calibrated as a health department would: pre-epidemic 1.5 times the usual seasonal peak,
    // epidemic 3 times)
    Path populations = o.dataDir().resolve("health").resolve("populations.csv");
    List<String> lines = new java.util.ArrayList<>(List.of("id,population"));
    org.cityops.ingestion.simulator.health.DengueSimulation.populations(
            org.cityops.ingestion.simulator.health.DemoNeighbourhoods.ids(
                DEMO_NEIGHBOURHOOD_ROWS, DEMO_NEIGHBOURHOOD_ROWS),
            2026)
        .forEach((id, n) -> lines.add(id + "," + n));
    java.nio.file.Files.write(populations, lines);
    healthSettings.put("health.populations", populations.toString());
    double peak = org.cityops.ingestion.simulator.health.DengueModel.standard().peakWeeklyPer100k();
    healthSettings.put("health.levels.pre-epidemic-per-100k", String.valueOf(1.5 * peak));
    healthSettings.put("health.levels.epidemic-per-100k", String.valueOf(3 * peak));
    healthJob = HealthJobConfig.from(new Settings(healthSettings)).withInflux(influx);
    HealthJobMain.addTo(env, healthJob);
    job = env.executeAsync(RainJobMain.JOB_NAME);
    started.push(() -> job.cancel().get());
    LOG.info(
        "Flink job {} running on a local MiniCluster (parallelism {})",
        RainJobMain.JOB_NAME,
        o.parallelism());
    if (o.consolePort() >= 0) {
      startConsole(o.consolePort(), o.dataDir().resolve("audit.log"));
    }
  }

  /**
   * The local cluster's settings for the four jobs: the {@link
   * org.cityops.jobs.common.PipelineDefaults} the deployed jobs run with, no Kryo fallback, state
   * sizes tracked, network buffers for four jobs, checkpoints in files under the data folder, and
   * Flink's own metrics to {@code influx}.
   */
  static Configuration flinkConfiguration(LocalOptions o, InfluxTarget influx) {
    Configuration flink = new Configuration();
    // what every CityOps job runs with (object reuse), as JobLauncher gives the deployed jobs
    org.cityops.jobs.common.PipelineDefaults.applyTo(flink);
    flink.set(PipelineOptions.GENERIC_TYPES, false);
    org.cityops.jobs.common.StateSizeTracking.enable(flink); // each detector's state size, sampled
    // four jobs in one cluster, with broadcast inputs (rule changes, road conditions): the local
    // cluster's default 64 MB of network buffers ran short (Flink warned of 114% and slowed)
    flink.set(
        org.apache.flink.configuration.TaskManagerOptions.NETWORK_MEMORY_MIN,
        org.apache.flink.configuration.MemorySize.ofMebiBytes(192));
    flink.set(
        org.apache.flink.configuration.TaskManagerOptions.NETWORK_MEMORY_MAX,
        org.apache.flink.configuration.MemorySize.ofMebiBytes(192));
    // Checkpoints in files under the data folder: the default (the JobManager's memory) refuses
    // any subtask whose state passes 5 MB, about 1,000 rain gauges (cityops-bench state-size)
    flink.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    flink.set(
        org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        o.dataDir().resolve("checkpoints").toUri().toString());
    // Flink's own metrics (checkpoints, Kafka lag) to the same store, for the Pipeline dashboard
    org.cityops.jobs.sinks.influx.FlinkMetricsReporter.configuration(influx, Duration.ofSeconds(10))
        .forEach(flink::setString);
    return flink;
  }

  /**
   * The operators' console, with a supervisor, an operator, a viewer and an engineer whose
   * passwords are made afresh at each start (a demo must not ship a known password) and printed by
   * the launcher.
   */
  private void startConsole(int port, Path auditLog) throws java.io.IOException {
    java.security.SecureRandom random = new java.security.SecureRandom();
    java.util.List<String> lines = new java.util.ArrayList<>();
    for (String role : java.util.List.of("supervisor", "operator", "viewer", "engineer")) {
      byte[] bytes = new byte[9];
      random.nextBytes(bytes);
      String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      consolePasswords.put(role, password);
      lines.add(role + ":" + role + ":" + org.cityops.console.auth.Users.hash(password));
    }
    org.cityops.console.Console console =
        org.cityops.console.Console.start(
            kafkaBootstrap,
            java.util.Map.of(),
            org.cityops.console.auth.Users.parse(lines, "the launcher's demo users"),
            // the demo's neighbourhoods: residents subscribe them by name, the map outlines them,
            // and one whose every sensor falls silent is flagged as having no data
            org.cityops.console.residents.Neighbourhoods.read(healthNeighbourhoods, "id", "name"),
            roads, // the grid city's roads, drawn where no tile server answers
            org.cityops.console.audit.AuditLog.open(auditLog),
            "127.0.0.1",
            port);
    started.push(console::close);
    consoleUrl = "http://127.0.0.1:" + console.port() + "/";
    LOG.info("Operators' console at {}", consoleUrl);
  }

  /** The demo neighbourhoods' GeoJSON the health job counts by. */
  public Path healthNeighbourhoods() {
    return healthNeighbourhoods;
  }

  /** The health job's configuration (its neighbourhoods and populations). */
  public HealthJobConfig healthJob() {
    return healthJob;
  }

  /** The console's address, or null when it was not started. */
  public String consoleUrl() {
    return consoleUrl;
  }

  /** The demo users' passwords (user name = role), made at this start. */
  public java.util.Map<String, String> consolePasswords() {
    return java.util.Map.copyOf(consolePasswords);
  }

  public String mqttUri() {
    return mqttUri;
  }

  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  public InfluxTarget influx() {
    return influx;
  }

  /** The QuestDB web console, or null when another store is used. */
  public String questDbConsole() {
    return questDbConsole;
  }

  public MqttKafkaBridge bridge() {
    return bridge;
  }

  public JobClient job() {
    return job;
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        LOG.warn("while stopping: {}", e.toString());
      }
    }
  }
}
