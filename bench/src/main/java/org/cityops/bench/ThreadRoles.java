package org.cityops.bench;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which part of a benchmark run each thread of this JVM works for, told by its name: the names the
 * libraries give their threads (Flink's tasks, Paho's clients, HiveMQ's and Kafka's servers) and
 * the client ids this harness gives its own parts. A name no rule knows goes to {@link #OTHER}, so
 * the parts' sum never hides CPU: the pipeline prints that group beside the others.
 */
final class ThreadRoles {
  static final String SENSORS = "sensors";
  static final String MQTT_BROKER = "MQTT broker";
  static final String BRIDGE = "bridge";
  static final String KAFKA_BROKER = "Kafka broker";
  static final String JOBS = "jobs";
  static final String STORE = "time-series store";
  static final String FLINK_RUNTIME = "Flink runtime";
  static final String MEASURING = "measuring";
  static final String OTHER = "other threads";
  static final String GARBAGE_COLLECTOR = "garbage collector";
  static final String COMPILERS = "JIT compilers";

  /** The groups in the order a reading meets them, then what surrounds them. */
  static final List<String> PIPELINE_ORDER =
      List.of(
          SENSORS,
          MQTT_BROKER,
          BRIDGE,
          KAFKA_BROKER,
          JOBS,
          STORE,
          FLINK_RUNTIME,
          MEASURING,
          OTHER,
          GARBAGE_COLLECTOR,
          COMPILERS);

  /** A Flink task thread: {@code "<chained operators> (subtask/parallelism)#attempt"}. */
  private static final Pattern TASK = Pattern.compile(".* \\(\\d+/\\d+\\)#\\d+$");

  private static final String FETCHER = "Source Data Fetcher for ";

  private ThreadRoles() {}

  /**
   * The JVM's own threads that no {@link java.lang.management.ThreadMXBean} lists, by the name the
   * operating system shows for them (HotSpot's, cut to 15 characters on Linux): the garbage
   * collector's (G1's and the others' workers) and the JIT compilers'; empty for any other.
   */
  static Optional<String> jvmInternal(String name) {
    if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
      return Optional.of(GARBAGE_COLLECTOR);
    }
    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
      return Optional.of(COMPILERS);
    }
    return Optional.empty();
  }

  /** A job's own work: its task threads and its Kafka sources' fetchers. */
  static boolean isJobTask(String name) {
    return name.startsWith(FETCHER) || TASK.matcher(name).matches();
  }

  /** {@link #JOBS} for a job's task or fetcher thread, else none: what the ceilings count. */
  static Optional<String> jobTasks(String name) {
    return isJobTask(name) ? Optional.of(JOBS) : Optional.empty();
  }

  /**
   * {@link #STORE} for a thread of the embedded QuestDB, else none: what the store alone counts.
   */
  static Optional<String> store(String name) {
    return startsWithAny(name, QUESTDB) ? Optional.of(STORE) : Optional.empty();
  }

  /**
   * The part of the live path ({@code cityops-bench pipeline}) a thread works for.
   *
   * @param publisherThread the thread that publishes the sensors' readings
   * @param sensorClients what the sensors' MQTT client ids start with
   * @param bridgeClient the bridge's MQTT client id (also its Kafka producer's)
   * @param measuringClients what the harness's own MQTT clients' ids start with
   */
  static String pipeline(
      String name,
      String publisherThread,
      String sensorClients,
      String bridgeClient,
      String measuringClients) {
    if (name.equals(publisherThread) || name.contains(sensorClients)) {
      return SENSORS;
    }
    if (name.contains(bridgeClient)) {
      return BRIDGE; // Paho's threads, the acknowledging thread, the Kafka producer's
    }
    if (name.startsWith("watch-")
        || name.equals(ThreadCpu.SAMPLER)
        || name.contains(measuringClients)) {
      return MEASURING;
    }
    if (isJobTask(name)
        || name.startsWith("MQTT ") // the alerts job's MQTT sink, the only other MQTT client
        || name.startsWith("kafka-producer-network-thread") // the jobs' Kafka sinks
        || name.startsWith("HttpClient-") // the jobs' time-series writers (and metrics reporters)
        || name.startsWith("OutputFlusher for ")) {
      return JOBS;
    }
    if (startsWithAny(name, HIVEMQ)) {
      return MQTT_BROKER;
    }
    if (startsWithAny(name, KAFKA)) {
      return KAFKA_BROKER;
    }
    if (startsWithAny(name, FLINK)) {
      return FLINK_RUNTIME;
    }
    if (startsWithAny(name, QUESTDB)) {
      return STORE;
    }
    return OTHER;
  }

  /**
   * HiveMQ CE's threads, and those of Xodus, the store it keeps sessions and queued messages in:
   * each QoS 1 message to a persistent session is added to and removed from it.
   */
  private static final List<String> HIVEMQ =
      List.of(
          "hivemq",
          "embedded-hivemq",
          "single-writer",
          "payload-persistence",
          "scheduled-persistence",
          "extension-task-executor",
          "global-traffic-shaper",
          "metrics-meter-tick",
          "Exodus",
          "threadJobProcessor");

  /** Kafka's broker: its network and request threads, controller, coordinators and reapers. */
  private static final List<String> KAFKA =
      List.of(
          "data-plane-kafka",
          "kafka-",
          "broker-",
          "controller-",
          "quorum-",
          "raft-",
          "ExpirationReaper",
          "group-coordinator",
          "LogDirFailureHandler",
          "transaction-log-manager",
          "TxnMarkerSenderThread",
          "share-",
          "persister-state-manager",
          "PersisterStateManager",
          "network-partition-metadata-client",
          "executor-",
          "client-metrics-reaper",
          "SensorExpiryThread");

  /**
   * The embedded QuestDB's worker pools: HTTP (the line protocol arrives there), the shared
   * network, query and write pools, WAL apply (rows written into the tables), views and its log.
   */
  private static final List<String> QUESTDB =
      List.of(
          "http_",
          "shared-network_",
          "shared-query_",
          "shared-write_",
          "wal-apply_",
          "view-compiler_",
          "mat-view-refresh_",
          "export_",
          "logging_");

  /** Flink's cluster around the tasks: coordinators, schedulers, checkpoints, RPC. */
  private static final List<String> FLINK =
      List.of(
          "flink-",
          "Flink",
          "jobmanager",
          "mini-cluster",
          "Checkpoint",
          "AsyncOperations",
          "SourceCoordinator-",
          "channel-state-",
          "taskmanager_",
          "resourcemanager_");

  private static boolean startsWithAny(String name, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
