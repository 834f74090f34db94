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
 * between them and detection jobs on a local Flink cluster, all in this JVM, started together and
 * stopped in reverse order. The harness publishes into {@link #mqttUri} and watches {@link
 * #kafkaBootstrap}; it does not care which jobs run.
 */
abstract class PipelineStack implements AutoCloseable {
  /** The stacks {@code --stack} names. */
  static final String LOCAL = "local";

  static final String RAIN_AND_ALERTS = "rain-and-alerts";

  abstract String mqttUri();

  abstract String kafkaBootstrap();

  /** The bridge; its MQTT client id also names its Kafka producer's threads. */
  abstract MqttKafkaBridge bridge();

  abstract JobClient job();

  /** What runs, for the run's first line. */
  abstract String describe();

  /** Parts of the path that run as processes of their own: group -> process. */
  abstract Map<String, ProcessHandle> externalParts();

  /**
   * The stack {@code ./cityops} starts ({@link LocalStack}, without the console): HiveMQ CE, Kafka
   * (topics of 2 partitions), the bridge, all four jobs (rain, alerts, traffic, health) in one
   * Flink cluster, the embedded QuestDB they write their time series to, and the bridge's and
   * Flink's metrics reporters writing there too. Only the rain job's input is fed; the others run
   * as deployed, waiting on their topics.
   */
  static PipelineStack local(int parallelism, Duration checkpointInterval, boolean mosquitto)
      throws Exception {
    MosquittoProcess broker = mosquitto ? startMosquitto() : null;
    LocalStack stack;
    try {
      stack =
          LocalStack.start(
              new LocalOptions(
                  org.cityops.embedded.Dirs.tempDeletedAtExit("cityops-bench-stack-"),
                  broker == null ? null : broker.serverUri(),
                  null,
                  null,
                  false,
                  checkpointInterval,
                  parallelism,
                  -1));
    } catch (Exception e) {
      if (broker != null) {
        broker.close();
      }
      throw e;
    }
    return new PipelineStack() {
      @Override
      String mqttUri() {
        return stack.mqttUri();
      }

      @Override
      String kafkaBootstrap() {
        return stack.kafkaBootstrap();
      }

      @Override
      MqttKafkaBridge bridge() {
        return stack.bridge();
      }

      @Override
      JobClient job() {
        return stack.job();
      }

      @Override
      String describe() {
        return "the local stack as ./cityops runs it (rain, alerts, traffic and health jobs; their"
            + " time series, the bridge's and Flink's metrics to the embedded QuestDB); "
            + brokerName(broker);
      }

      @Override
      Map<String, ProcessHandle> externalParts() {
        return external(broker);
      }

      @Override
      public void close() {
        stack.close();
        if (broker != null) {
          broker.close();
        }
      }
    };
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
      String mqttUri;
      MosquittoProcess broker = null;
      if (mosquitto) {
        broker = startMosquitto();
        started.push(broker);
        mqttUri = broker.serverUri();
      } else {
        EmbeddedMqttBroker mqtt = new EmbeddedMqttBroker().start();
        started.push(mqtt);
        mqttUri = mqtt.serverUri();
      }
      EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start();
      started.push(kafka);
      List<String> topics = new java.util.ArrayList<>();
      for (var field : Topics.class.getFields()) {
        topics.add((String) field.get(null));
      }
      kafka.createTopics(parallelism, topics);
      MqttKafkaBridge bridge =
          new MqttKafkaBridge(BridgeConfig.local(mqttUri, kafka.bootstrapServers())).start();
      started.push(bridge);
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.createLocalEnvironment(parallelism, BenchSetup.flink());
      RainJobMain.addTo(env, rain.apply(kafka.bootstrapServers()));
      AlertsJobConfig alertsJob = alerts.apply(kafka.bootstrapServers(), mqttUri);
      if (alertsJob != null) {
        AlertsJobMain.addTo(env, alertsJob);
      }
      JobClient job = env.executeAsync(RainJobMain.JOB_NAME);
      started.push(() -> job.cancel().get());
      boolean withAlerts = alertsJob != null;
      MosquittoProcess externalBroker = broker;
      return new PipelineStack() {
        @Override
        String mqttUri() {
          return mqttUri;
        }

        @Override
        String kafkaBootstrap() {
          return kafka.bootstrapServers();
        }

        @Override
        MqttKafkaBridge bridge() {
          return bridge;
        }

        @Override
        JobClient job() {
          return job;
        }

        @Override
        String describe() {
          return "the rain job"
              + (withAlerts ? " and the alerts job" : "")
              + ", no time series; "
              + brokerName(externalBroker);
        }

        @Override
        Map<String, ProcessHandle> externalParts() {
          return external(externalBroker);
        }

        @Override
        public void close() {
          closeAll(started);
        }
      };
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

  /** The benchmark's Mosquitto configuration, a resource of this module. */
  static final String MOSQUITTO_CONF = "/bench-mosquitto.conf";

  private static String brokerName(MosquittoProcess broker) {
    return broker == null
        ? "MQTT broker HiveMQ CE in this JVM"
        : "MQTT broker Mosquitto (a child process, as the deployments run it)";
  }

  private static Map<String, ProcessHandle> external(MosquittoProcess broker) {
    return broker == null
        ? Map.of()
        : broker.process().map(p -> Map.of(ThreadRoles.MQTT_BROKER, p)).orElse(Map.of());
  }

  /** Waits until the jobs run, then a little for their sources to take their partitions. */
  void awaitRunning(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (job().getJobStatus().get() != JobStatus.RUNNING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the jobs did not start in " + timeout.toSeconds() + " s");
      }
      Thread.sleep(100);
    }
    Thread.sleep(2_000);
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
