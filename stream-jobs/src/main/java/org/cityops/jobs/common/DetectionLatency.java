package org.cityops.jobs.common;

import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Gauge;
import org.cityops.events.Incident;

/**
 * Passes incident versions through and publishes, per detector (incident kind), how long after its
 * event time the latest version left the job: {@code detectionLatencyMs}, in a group {@code
 * detector}; and how many versions ({@code incidentVersions}) and new incidents ({@code
 * incidentsOpened}) the detector issued since the task started (per subtask, as Flink's counters
 * are). Live, a version's event time is the time of the reading that made it, so this is the
 * latency from measurement to incident (sensor clock skew included). In a replay of an old
 * recording it is meaningless, and said so on the dashboard.
 */
public final class DetectionLatency extends RichMapFunction<Incident, Incident> {
  public static final String METRIC = "detectionLatencyMs";
  public static final String VERSIONS = "incidentVersions";
  public static final String OPENED = "incidentsOpened";

  /** One detector's metrics. */
  private static final class PerDetector {
    long latencyMs;
    org.apache.flink.metrics.Counter versions;
    org.apache.flink.metrics.Counter opened;
  }

  private transient Map<String, PerDetector> latest;
  private transient Clock clock;

  @Override
  public void open(OpenContext openContext) {
    latest = new HashMap<>();
    clock = Clock.systemUTC();
  }

  @Override
  public Incident map(Incident incident) {
    String detector = incident.type().name().toLowerCase(Locale.ROOT);
    PerDetector m =
        latest.computeIfAbsent(
            detector,
            d -> {
              PerDetector created = new PerDetector();
              org.apache.flink.metrics.MetricGroup group =
                  DetectorMetrics.group(getRuntimeContext(), d);
              group.gauge(METRIC, (Gauge<Long>) () -> created.latencyMs);
              created.versions = group.counter(VERSIONS);
              created.opened = group.counter(OPENED);
              return created;
            });
    m.latencyMs = Math.max(0, clock.millis() - incident.updatedAt().toEpochMilli());
    m.versions.inc();
    if (incident.version() == 1) {
      m.opened.inc();
    }
    return incident;
  }
}
