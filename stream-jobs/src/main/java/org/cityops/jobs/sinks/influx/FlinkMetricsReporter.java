package org.cityops.jobs.sinks.influx;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.Scheduled;
import org.cityops.timeseries.LineWriter;
import org.cityops.timeseries.StoreEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a chosen set of Flink's own metrics to the time-series store, measurement {@code
 * flink_metrics} (tags {@code metric}, {@code job}, {@code task}, {@code subtask}, and {@code
 * reason} for rejections; field {@code value}), for the Pipeline dashboard: checkpoint duration and
 * outcome, Kafka sources' pending records (the lag), records in and out per second, rejections by
 * reason, each detector's signals and detection latency, and the size of the state values each
 * operator writes (a histogram's mean, tag {@code state}: Flink's state size tracking). Flink's own
 * InfluxDB reporter does not exist for Flink 2.2 in Maven Central, and this one reuses the jobs'
 * line writers (v1 and v2 APIs).
 *
 * <p>Configured like any Flink reporter: {@code metrics.reporter.cityops.factory.class:
 * org.cityops.jobs.sinks.influx.FlinkMetricsReporterFactory}, {@code
 * metrics.reporter.cityops.interval: 10 s}, and {@code url}, {@code api} (V1/V2), {@code database},
 * {@code org}, {@code token} (or {@code CITYOPS_INFLUX_TOKEN}), {@code metrics} (comma list) under
 * the same prefix. A failed write is logged and the next report tries again: metrics must never
 * fail a job.
 */
public final class FlinkMetricsReporter implements MetricReporter, Scheduled {
  private static final Logger LOG = LoggerFactory.getLogger(FlinkMetricsReporter.class);
  public static final String MEASUREMENT = "flink_metrics";
  public static final Set<String> DEFAULT_METRICS =
      Set.of(
          "lastCheckpointDuration",
          "lastCheckpointSize",
          "numberOfCompletedCheckpoints",
          "numberOfFailedCheckpoints",
          "pendingRecords",
          "numRecordsInPerSecond",
          "numRecordsOutPerSecond",
          org.cityops.jobs.common.RejectionCounter.METRIC,
          org.cityops.jobs.common.DetectionLatency.METRIC,
          org.cityops.jobs.common.DetectionLatency.VERSIONS,
          org.cityops.jobs.common.DetectionLatency.OPENED,
          org.cityops.jobs.common.DetectorMetrics.SIGNALS,
          // each detector's state, as sampled by Flink (StateSizeTracking): bytes per write
          "valueStateUpdateValueSize",
          "mapStatePutValueSize",
          "listStateAddValueSize");

  private record Named(String metric, Map<String, String> tags) {}

  private final Map<Metric, Named> metrics = new ConcurrentHashMap<>();
  private Set<String> wanted = DEFAULT_METRICS;
  private LineWriter writer;

  /**
   * The Flink settings that make this reporter write to {@code target} every {@code interval},
   * under the reporter name {@code cityops}: one place for the launcher and the tests.
   */
  public static Map<String, String> configuration(InfluxTarget target, Duration interval) {
    Map<String, String> c = new java.util.LinkedHashMap<>();
    String prefix = "metrics.reporter.cityops.";
    c.put(prefix + "factory.class", FlinkMetricsReporterFactory.class.getName());
    c.put(prefix + "interval", interval.toMillis() + " ms");
    c.put(prefix + "url", target.url());
    c.put(prefix + "api", target.api().name());
    c.put(prefix + "database", target.database());
    c.put(prefix + "org", target.org());
    if (target.token() != null) {
      c.put(prefix + "token", target.token());
    }
    return c;
  }

  @Override
  public void open(MetricConfig config) {
    String token = config.getString("token", System.getenv("CITYOPS_INFLUX_TOKEN"));
    StoreEndpoint target =
        new StoreEndpoint(
            StoreEndpoint.Api.valueOf(
                config.getString("api", "V2").toUpperCase(java.util.Locale.ROOT)),
            config.getString("url", "http://127.0.0.1:8086"),
            config.getString("database", "cityops"),
            config.getString("org", "cityops"),
            token);
    String list = config.getString("metrics", "");
    if (!list.isBlank()) {
      wanted = Set.of(list.split("\\s*,\\s*"));
    }
    writer = LineWriter.open(target);
    LOG.info("Reporting Flink metrics {} to {}", wanted, target.describe());
  }

  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
  }

  @Override
  public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
    if (!wanted.contains(metricName)) {
      return;
    }
    Map<String, String> variables = group.getAllVariables();
    Map<String, String> tags = new java.util.TreeMap<>();
    tags.put("metric", metricName);
    tag(tags, "job", variables.get("<job_name>"));
    tag(tags, "task", variables.getOrDefault("<operator_name>", variables.get("<task_name>")));
    tag(tags, "subtask", variables.get("<subtask_index>"));
    tag(tags, "reason", variables.get("<reason>")); // the rejection counters' group
    tag(tags, "detector", variables.get("<detector>")); // the detection latency's group
    tag(tags, "state", variables.get("<state_name>")); // the state size tracking's
    metrics.put(metric, new Named(metricName, tags));
  }

  private static void tag(Map<String, String> tags, String name, String value) {
    if (value != null && !value.isBlank()) {
      tags.put(name, value);
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
    metrics.remove(metric);
  }

  @Override
  public void report() {
    Instant now = Instant.now();
    List<String> lines = new ArrayList<>();
    metrics.forEach(
        (metric, named) -> {
          Double value = valueOf(metric);
          if (value != null && Double.isFinite(value)) {
            Point p =
                Point.measurement(MEASUREMENT)
                    .addField("value", value)
                    .time(now, WritePrecision.NS);
            named.tags().forEach(p::addTag);
            lines.add(p.toLineProtocol());
          }
        });
    if (lines.isEmpty()) {
      return;
    }
    try {
      writer.write(lines);
    } catch (Exception e) {
      LOG.warn("Could not write {} Flink metrics: {}", lines.size(), e.toString());
    }
  }

  private static Double valueOf(Metric metric) {
    if (metric instanceof Counter c) {
      return (double) c.getCount();
    }
    if (metric instanceof Meter m) {
      return m.getRate();
    }
    if (metric instanceof Histogram h) {
      return h.getCount() == 0 ? null : h.getStatistics().getMean();
    }
    if (metric instanceof Gauge<?> g) {
      Object v = g.getValue();
      return v instanceof Number n ? n.doubleValue() : null;
    }
    return null;
  }
}
