package org.cityops.jobs.common;

import java.util.function.Consumer;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * How a detection job's {@code main} runs it: on the environment Flink gives (a cluster's, or a
 * local one), with exactly-once checkpoints and state sizes tracked ({@link StateSizeTracking}),
 * the {@link PipelineDefaults}, the job's operators added by {@code addTo}.
 */
public final class JobLauncher {
  private JobLauncher() {}

  public static void execute(String jobName, Consumer<StreamExecutionEnvironment> addTo)
      throws Exception {
    Configuration flink = new Configuration();
    flink.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    StateSizeTracking.enable(flink); // each detector's state size among its metrics
    PipelineDefaults.applyTo(flink);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
    addTo.accept(env);
    env.execute(jobName);
  }
}
