package org.cityops.bench;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.cityops.embedded.EmbeddedKafkaBroker;
import org.cityops.embedded.EmbeddedMqttBroker;
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

  /**
   * The stack {@code ./cityops} starts ({@link LocalStack}, without the console): HiveMQ CE, Kafka
   * (topics of 2 partitions), the bridge, all four jobs (rain, alerts, traffic, health) in one
   * Flink cluster, the embedded QuestDB they write their time series to, and the bridge's and
   * Flink's metrics reporters writing there too. Only the rain job's input is fed; the others run
   * as deployed, waiting on their topics.
   */
  static PipelineStack local(int parallelism, Duration checkpointInterval) throws Exception {
    LocalStack stack =
        LocalStack.start(
            new LocalOptions(
                org.cityops.embedded.Dirs.tempDeletedAtExit("cityops-bench-stack-"),
                null,
                null,
                null,
                false,
                checkpointInterval,
                parallelism,
                -1));
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
            + " time series, the bridge's and Flink's metrics to the embedded QuestDB)";
      }

      @Override
      public void close() {
        stack.close();
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
      Function<String, RainJobConfig> rain,
      BiFunction<String, String, AlertsJobConfig> alerts)
      throws Exception {
    Deque<AutoCloseable> started = new ArrayDeque<>();
    try {
      EmbeddedMqttBroker mqtt = new EmbeddedMqttBroker().start();
      started.push(mqtt);
      EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start();
      started.push(kafka);
      List<String> topics = new java.util.ArrayList<>();
      for (var field : Topics.class.getFields()) {
        topics.add((String) field.get(null));
      }
      kafka.createTopics(parallelism, topics);
      MqttKafkaBridge bridge =
          new MqttKafkaBridge(BridgeConfig.local(mqtt.serverUri(), kafka.bootstrapServers()))
              .start();
      started.push(bridge);
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.createLocalEnvironment(parallelism, BenchSetup.flink());
      RainJobMain.addTo(env, rain.apply(kafka.bootstrapServers()));
      AlertsJobConfig alertsJob = alerts.apply(kafka.bootstrapServers(), mqtt.serverUri());
      if (alertsJob != null) {
        AlertsJobMain.addTo(env, alertsJob);
      }
      JobClient job = env.executeAsync(RainJobMain.JOB_NAME);
      started.push(() -> job.cancel().get());
      boolean withAlerts = alertsJob != null;
      return new PipelineStack() {
        @Override
        String mqttUri() {
          return mqtt.serverUri();
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
          return "the rain job" + (withAlerts ? " and the alerts job" : "") + ", no time series";
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
