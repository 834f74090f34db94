package org.cityops.jobs.common;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The metrics every detector function keeps, in a metric group {@code detector}: {@value #SIGNALS},
 * the inputs it judged (rain sums, readings, detector pairs, reports, alarms) since its task
 * started, per subtask. With {@link DetectionLatency}'s incident counts beside them, an engineer
 * sees how much each detector looks at and how much it raises.
 */
public final class DetectorMetrics {
  public static final String SIGNALS = "signals";

  private DetectorMetrics() {}

  /** The counter of the inputs {@code detector} judged, registered in this task's metrics. */
  public static Counter signals(RuntimeContext context, String detector) {
    return group(context, detector).counter(SIGNALS);
  }

  /** The metric group of {@code detector} in this task, where every per-detector metric goes. */
  public static MetricGroup group(RuntimeContext context, String detector) {
    return context.getMetricGroup().addGroup("detector", detector);
  }
}
