package org.cityops.jobs.common;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * MiniCluster settings shared by the job tests: parallelism 2, Kryo fallback forbidden, the jobs'
 * {@link PipelineDefaults}.
 */
public final class FlinkTestEnv {
  private FlinkTestEnv() {}

  public static final int PARALLELISM = 2;

  public static MiniClusterExtension miniCluster() {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());
  }

  /** An environment on the MiniCluster where a type Flink would hand to Kryo fails the job. */
  public static StreamExecutionEnvironment env() {
    return env(PARALLELISM);
  }

  /** The same at another parallelism (1 for tests that follow one key's story). */
  public static StreamExecutionEnvironment env(int parallelism) {
    Configuration config = new Configuration();
    config.set(PipelineOptions.GENERIC_TYPES, false);
    PipelineDefaults.applyTo(config); // as the jobs run
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setParallelism(parallelism);
    return env;
  }
}
