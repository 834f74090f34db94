package org.cityops.jobs.sinks.influx;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** Creates the {@link FlinkMetricsReporter}; found by Flink through the service loader. */
public final class FlinkMetricsReporterFactory implements MetricReporterFactory {
  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return new FlinkMetricsReporter();
  }
}
