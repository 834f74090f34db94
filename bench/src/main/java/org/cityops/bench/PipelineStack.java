package org.cityops.bench;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.EmbeddedMqttBroker;
import org.cityops.embedded.MosquittoProcess;
import org.cityops.events.Topics;
import org.cityops.ingestion.bridge.BridgeConfig;
import org.cityops.ingestion.bridge.MqttKafkaBridge;
import org.cityops.jobs.alerts.AlertsJobConfig;
import org.cityops.jobs.alerts.AlertsJobMain;
import org.cityops.jobs.rain.RainJobConfig;
import org.cityops.jobs.rain.RainJobMain;
import org.cityops.local.LocalOptions;
import org.cityops.local.LocalStack;

/**
 * What the live path runs on in {@code cityops-bench pipeline}: an MQTT broker, Kafka, the bridge
 * between them and detection jobs on a local Flink cluster, all in this JVM (Mosquitto, when asked
 * for, as a child process), started together and stopped in reverse order. The harness publishes
 * into {@link #mqttUri} and watches {@link #kafkaBootstrap}; it does not care which jobs run.
 */
final class PipelineStack implements AutoCloseable {
  /** The stacks {@code --stack} names. */
  static final String LOCAL = "local";

  static final String RAIN_AND_ALERTS = "rain-and-alerts";

  /** The benchmark's Mosquitto configuration, a resource of this module. */
  static final String MOSQUITTO_CONF = "/bench-mosquitto.conf";

  private final String mqttUri;
  private final String kafkaBootstrap;
  private final MqttKafkaBridge bridge;
  private final JobClient job;
  private final String description;
  private final MosquittoProcess externalBroker;
  private final Deque<AutoCloseable> started;

  private PipelineStack(
      String mqttUri,
      String kafkaBootstrap,
      MqttKafkaBridge bridge,
      JobClient job,
      String description,
      MosquittoProcess externalBroker,
      Deque<AutoCloseable> started) {
    this.mqttUri = mqttUri;
    this.kafkaBootstrap = kafkaBootstrap;
    this.bridge = bridge;
    this.job = job;
    this.description = description;
    this.externalBroker = externalBroker;
    this.started = started;
  }

  String mqttUri() {
    return mqttUri;
  }

  String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  /** The bridge; its MQTT client id also names its Kafka producer's threads. */
  MqttKafkaBridge bridge() {
    return bridge;
  }

  JobClient job() {
    return job;
  }

  /** What runs, for the run's first line. */
  String describe() {
    return description
        + "; "
        + (externalBroker == null
            ? "MQTT broker HiveMQ CE in this JVM"
            : "MQTT broker Mosquitto (a child process, as the deployments run it)");
  }

  /** Parts of the path that run as processes of their own: group -> process. */
  Map<String, ProcessHandle> externalParts() {
    return externalBroker == null
        ? Map.of()
        : externalBroker.process().map(p -> Map.of(ThreadRoles.MQTT_BROKER, p)).orElse(Map.of());
  }

  /**
   * The stack {@code ./cityops} starts ({@link LocalStack}, without the console): the MQTT broker,
   * Kafka (topics of 2 partitions), the bridge, all four jobs (rain, alerts, traffic, health) in
   * one Flink cluster, the embedded QuestDB they write their time series to, and the bridge's and
   * Flink's metrics reporters writing there too. Only the rain job's input is fed; the others run
   * as deployed, waiting on their topics.
   */
  static PipelineStack local(int parallelism, Duration checkpointInterval, boolean mosquitto)
      throws Exception {
    Deque<AutoCloseable> started = new ArrayDeque<>();
    try {
      MosquittoProcess broker = mosquitto ? started(started, startMosquitto()) : null;
      LocalStack stack =
          started(
              started,
              LocalStack.start(
                  new LocalOptions(
                      org.cityops.embedded.Dirs.tempDeletedAtExit("cityops-bench-stack-"),
                      broker == null ? null : broker.serverUri(),
                      null,
                      null,
                      false,
                      checkpointInterval,
                      parallelism,
                      -1)));
      return new PipelineStack(
          stack.mqttUri(),
          stack.kafkaBootstrap(),
          stack.bridge(),
          stack.job(),
          "the local stack as ./cityops runs it (rain, alerts, traffic and health jobs; their"
              + " time series, the bridge's and Flink's metrics to the embedded QuestDB)",
          broker,
          started);
    } catch (Exception e) {
      closeAll(started);
      throw e;
    }
  }

  /**
   * Only the rain job and, when {@code alerts} gives a configuration, the alerts job, with their
   * Kafka sources and sinks and no time-series store: the path the figures of earlier sessions
   * measured. Topics get {@code parallelism} partitions.
   *
   * @param rain the rain job's settings for a Kafka bootstrap address
   * @param alerts the alerts job's for a Kafka bootstrap address and an MQTT server URI, or null
   *     for no alerts job
   */
  static PipelineStack rainAndAlerts(
      int parallelism,
      boolean mosquitto,
      Function<String, RainJobConfig> rain,
      BiFunction<String, String, AlertsJobConfig> alerts)
      throws Exception {
    Deque<AutoCloseable> started = new ArrayDeque<>();
    try {
      MosquittoProcess broker = mosquitto ? started(started, startMosquitto()) : null;
      String mqttUri =
          broker != null
              ? broker.serverUri()
              : started(started, new EmbeddedMqttBroker().start()).serverUri();
      EmbeddedKafkaBroker kafka = started(started, new EmbeddedKafkaBroker().start());
      List<String> topics = new java.util.ArrayList<>();
      for (var field : Topics.class.getFields()) {
        topics.add((String) field.get(null));
      }
      kafka.createTopics(parallelism, topics);
      MqttKafkaBridge bridge =
          started(
              started,
              new MqttKafkaBridge(BridgeConfig.local(mqttUri, kafka.bootstrapServers())).start());
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.createLocalEnvironment(parallelism, BenchSetup.flink());
      RainJobMain.addTo(env, rain.apply(kafka.bootstrapServers()));
      AlertsJobConfig alertsJob = alerts.apply(kafka.bootstrapServers(), mqttUri);
      if (alertsJob != null) {
        AlertsJobMain.addTo(env, alertsJob);
      }
      JobClient job = env.executeAsync(RainJobMain.JOB_NAME);
      started.push(() -> job.cancel().get());
      return new PipelineStack(
          mqttUri,
          kafka.bootstrapServers(),
          bridge,
          job,
          "the rain job" + (alertsJob != null ? " and the alerts job" : "") + ", no time series",
          broker,
          started);
    } catch (Exception e) {
      closeAll(started);
      throw e;
    }
  }

  /**
   * Mosquitto as the compose and Kubernetes deployments run it ({@code bench-mosquitto.conf}: their
   * persistence and QoS 1 settings, anonymous clients on loopback), a child process.
   */
  static MosquittoProcess startMosquitto() throws java.io.IOException {
    java.nio.file.Path conf =
        java.nio.file.Files.createTempFile("cityops-bench-mosquitto-", ".conf");
    conf.toFile().deleteOnExit();
    try (java.io.InputStream in = PipelineStack.class.getResourceAsStream(MOSQUITTO_CONF)) {
      java.nio.file.Files.write(conf, in.readAllBytes());
    }
    return new MosquittoProcess().start(conf);
  }

  /** Waits until the jobs run, then a little for their sources to take their partitions. */
  void awaitRunning(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (job.getJobStatus().get() != JobStatus.RUNNING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the jobs did not start in " + timeout.toSeconds() + " s");
      }
      Thread.sleep(100);
    }
    Thread.sleep(2_000);
  }

  @Override
  public void close() {
    closeAll(started);
  }

  /** Remembers {@code part} to be closed, after what was started later. */
  private static <T extends AutoCloseable> T started(Deque<AutoCloseable> started, T part) {
    started.push(part);
    return part;
  }

  private static void closeAll(Deque<AutoCloseable> started) {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e);
      }
    }
  }
}
