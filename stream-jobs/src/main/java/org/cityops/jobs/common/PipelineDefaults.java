package org.cityops.jobs.common;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;

/**
 * The pipeline options every CityOps job runs with: in production ({@link JobLauncher}, the alerts
 * job), in backtests, in the benchmark harness and in the tests' clusters, so that what is tested
 * and measured is what runs.
 *
 * <p>Object reuse: a chained operator receives the very object the operator before it emitted,
 * instead of a deep copy made through the record's serializer (that copy took about 8% of the rain
 * job's time; see BENCHMARKS.md). It is safe here because every type that travels between operators
 * is an immutable Java record whose lists are unmodifiable copies, no function changes what it
 * receives, and sources build a new object per record. A new stream type must keep to that.
 */
public final class PipelineDefaults {
  private PipelineDefaults() {}

  /** Sets the options on {@code flink} and returns it. */
  public static Configuration applyTo(Configuration flink) {
    flink.set(PipelineOptions.OBJECT_REUSE, true);
    return flink;
  }
}
