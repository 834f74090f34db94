package org.cityops.ingestion.bridge;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.cityops.events.RejectReason;
import org.cityops.timeseries.LineWriter;
import org.cityops.timeseries.StoreEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a bridge's counters to the time-series store at a fixed interval, for the Pipeline
 * dashboard: what came in over MQTT, what went to Kafka, and what was refused and why. The bridge
 * is the first place a city's data can be refused, so its refusals must show beside the jobs'.
 *
 * <p>Measurement {@value #MEASUREMENT}: tags {@code bridge} (the MQTT client id), {@code metric},
 * and {@code reason} for {@value #REJECTED}; field {@code value}, the count since the bridge
 * started. The shape is that of Flink's metrics in {@code flink_metrics}, so panels read both
 * alike; a restart starts the counts again at zero, which the panels' {@code
 * non_negative_difference} takes in its stride. Reasons appear once something was refused for them.
 *
 * <p>A failed write is logged and the next report tries again with fresh counts (counters need no
 * buffering: the next value contains the last). The store being slow or down never holds up the
 * bridge or its acknowledgements to the broker: reports run on their own thread. {@link #close()}
 * writes one last report, so a stopped bridge's final counts are in the store.
 */
public final class BridgeMetricsReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeMetricsReporter.class);
  public static final String MEASUREMENT = "bridge_metrics";
  public static final String REJECTED = "rejectedRecords";

  private final String bridgeId;
  private final BridgeMetrics metrics;
  private final LineWriter writer;
  private final ScheduledExecutorService schedule;
  private boolean failing;

  private BridgeMetricsReporter(String bridgeId, BridgeMetrics metrics, LineWriter writer) {
    this.bridgeId = bridgeId;
    this.metrics = metrics;
    this.writer = writer;
    this.schedule =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bridge-metrics-" + bridgeId);
              t.setDaemon(true);
              return t;
            });
  }

  /** Reports {@code bridge}'s counters to {@code store} now and then every {@code interval}. */
  public static BridgeMetricsReporter start(
      MqttKafkaBridge bridge, StoreEndpoint store, Duration interval) {
    if (interval.compareTo(Duration.ofMillis(10)) < 0) {
      throw new IllegalArgumentException(
          "metrics interval must be at least 10 ms, was " + interval);
    }
    BridgeMetricsReporter reporter =
        new BridgeMetricsReporter(bridge.clientId(), bridge.metrics(), LineWriter.open(store));
    reporter.schedule.scheduleWithFixedDelay(
        reporter::report, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("Reporting the bridge's counters every {} to {}", interval, store.describe());
    return reporter;
  }

  /** The counters as they stand, by metric name, refusals apart by reason. */
  static Map<String, Long> counters(BridgeMetrics m) {
    Map<String, Long> c = new LinkedHashMap<>();
    c.put("received", m.received());
    c.put("redelivered", m.redelivered());
    c.put("readings", m.readings());
    c.put("reports", m.reports());
    c.put("rejected", m.rejected());
    c.put("duplicateReadings", m.duplicateReadings());
    c.put("kafkaRetries", m.kafkaRetries());
    c.put("acked", m.acked());
    c.put("failures", m.failures());
    return c;
  }

  /** The lines of one report at {@code now}. */
  static List<String> lines(String bridgeId, BridgeMetrics m, Instant now) {
    List<String> lines = new ArrayList<>();
    counters(m).forEach((metric, value) -> lines.add(line(bridgeId, metric, null, value, now)));
    for (RejectReason reason : RejectReason.values()) {
      long count = m.rejected(reason);
      if (count > 0) {
        lines.add(line(bridgeId, REJECTED, reason.name().toLowerCase(Locale.ROOT), count, now));
      }
    }
    return lines;
  }

  private static String line(
      String bridgeId, String metric, String reason, long value, Instant now) {
    Point p =
        Point.measurement(MEASUREMENT)
            .addTag("bridge", bridgeId)
            .addTag("metric", metric)
            .addField("value", value)
            .time(now, WritePrecision.NS);
    if (reason != null) {
      p.addTag("reason", reason);
    }
    return p.toLineProtocol();
  }

  private synchronized void report() {
    List<String> lines = lines(bridgeId, metrics, Instant.now());
    try {
      writer.write(lines);
      if (failing) {
        LOG.info("The bridge's counters reach the store again");
        failing = false;
      }
    } catch (Exception e) {
      // said once per outage, not every interval: the bridge itself is fine
      if (!failing) {
        LOG.warn("Could not write the bridge's counters (will keep trying): {}", e.toString());
        failing = true;
      }
    }
  }

  /** Stops the schedule, writes a last report and closes the writer. */
  @Override
  public void close() {
    schedule.shutdownNow();
    try {
      schedule.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    report();
    writer.close();
  }
}
