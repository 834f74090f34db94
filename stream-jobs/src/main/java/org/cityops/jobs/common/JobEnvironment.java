package org.cityops.jobs.common;

import java.util.List;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Adds a job to a Flink environment with what every job takes from its {@link JobBasics}: {@link
 * Checkpointing} for the environment, and {@link Pacing} for the job's own operators. One call, so
 * no job leaves one out. Jobs that share one environment (the local stack, the benchmark) must be
 * given the same checkpoint settings; the last one applied holds. Their buffer timeouts stay each
 * job's own.
 */
public final class JobEnvironment {
  private JobEnvironment() {}

  /** Enables checkpointing on {@code env}, runs {@code wiring}, and paces what it added. */
  public static void add(StreamExecutionEnvironment env, JobBasics basics, Runnable wiring) {
    Checkpointing.enable(env, basics);
    int before = env.getTransformations().size();
    wiring.run();
    List<Transformation<?>> all = env.getTransformations();
    Pacing.apply(all.subList(before, all.size()), basics.bufferTimeout());
  }
}
