package org.cityops.jobs.common;

import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * How every job checkpoints: exactly once, every {@code checkpoint.interval}, and by default
 * unaligned once a checkpoint's barriers have waited {@code checkpoint.unaligned-after} (100 ms) to
 * line up.
 *
 * <p>Why unaligned: an aligned checkpoint holds back each input whose barrier came first until the
 * others' come. Under load (a storm's readings, the warnings they raise) that stalled the alerts
 * job at every checkpoint: at 5,000 readings/s the p99 from a reading to a resident's notification
 * was 1.7-2.9 s with aligned checkpoints every 10 s (or the job fell behind) and 1.3-1.5 s in four
 * of five runs with this (BENCHMARKS.md). An unaligned checkpoint saves the records still in flight
 * with the state instead of waiting for them, so it is larger by those records. A quiet job's
 * checkpoints line up within the timeout and stay aligned.
 *
 * <p>What changes on recovery: records saved in flight are processed again before the sources'
 * first watermark, as the sources' replayed records are after any restart; savepoints (upgrades)
 * are always aligned. {@code checkpoint.unaligned=false} keeps every checkpoint aligned.
 */
public final class Checkpointing {
  private Checkpointing() {}

  /** Enables checkpointing on {@code env} as {@code basics} says. */
  public static void enable(StreamExecutionEnvironment env, JobBasics basics) {
    env.enableCheckpointing(basics.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    CheckpointConfig checkpoints = env.getCheckpointConfig();
    checkpoints.enableUnalignedCheckpoints(basics.unalignedAfter() != null);
    if (basics.unalignedAfter() != null) {
      checkpoints.setAlignedCheckpointTimeout(basics.unalignedAfter());
    }
  }
}
