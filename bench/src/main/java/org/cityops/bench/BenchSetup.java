package org.cityops.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.rain.RainJobConfig;

/** What every benchmark sets up the same way: the job's settings, Flink, a reader of a topic. */
final class BenchSetup {
  private BenchSetup() {}

  /**
   * The rain job's settings: {@code defaults} (the harness's), then the user's {@code KEY=VALUE}
   * settings over them, parsed and checked as the job parses its command line.
   */
  static RainJobConfig rainConfig(Map<String, String> defaults, List<String> userSettings) {
    Map<String, String> given = new LinkedHashMap<>(defaults);
    given.putAll(settings(userSettings));
    List<String> args = new ArrayList<>();
    given.forEach(
        (key, value) -> {
          args.add("--" + key);
          args.add(value);
        });
    return RainJobConfig.from(Settings.fromArgs(args.toArray(String[]::new)));
  }

  /** The user's {@code --setting KEY=VALUE}s as a map, in their order; a later key wins. */
  static Map<String, String> settings(List<String> userSettings) {
    Map<String, String> given = new LinkedHashMap<>();
    for (String setting : userSettings) {
      int eq = setting.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--setting must be KEY=VALUE, was '" + setting + "'");
      }
      given.put(setting.substring(0, eq), setting.substring(eq + 1));
    }
    return given;
  }

  /**
   * Flink as the jobs are deployed: no Kryo fallback, checkpoints in files (the JobManager's memory
   * refuses a subtask whose state passes 5 MB, some 700 gauges' rain samples) in a fresh folder.
   */
  static Configuration flink() {
    Configuration flink = new Configuration();
    flink.set(PipelineOptions.GENERIC_TYPES, false);
    org.cityops.jobs.common.PipelineDefaults.applyTo(flink);
    flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    java.nio.file.Path dir =
        org.cityops.embedded.Dirs.tempDeletedAtExit("cityops-bench-checkpoints-");
    flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
    return flink;
  }

  /** A consumer of every partition of {@code topic}, from its first record, in no group. */
  static KafkaConsumer<byte[], byte[]> fromStart(String bootstrapServers, String topic) {
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", bootstrapServers, "max.poll.records", 5_000),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo p : consumer.partitionsFor(topic)) {
      partitions.add(new TopicPartition(topic, p.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }
}
