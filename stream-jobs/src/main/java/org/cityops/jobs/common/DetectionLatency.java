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
 * detector}. Live, a version's event time is the time of the reading that made it, so this is the
 * latency from measurement to incident (sensor clock skew included). In a replay of an old
 * recording it is meaningless, and said so on the dashboard.
 */
public final class DetectionLatency extends RichMapFunction<Incident, Incident> {
  public static final String METRIC = "detectionLatencyMs";
  private transient Map<String, long[]> latest;
  private transient Clock clock;

  @Override
  public void open(OpenContext openContext) {
    latest = new HashMap<>();
    clock = Clock.systemUTC();
  }

  @Override
  public Incident map(Incident incident) {
    String detector = incident.type().name().toLowerCase(Locale.ROOT);
    long[] holder =
        latest.computeIfAbsent(
            detector,
            d -> {
              long[] h = new long[1];
              getRuntimeContext()
                  .getMetricGroup()
                  .addGroup("detector", d)
                  .gauge(METRIC, (Gauge<Long>) () -> h[0]);
              return h;
            });
    holder[0] = Math.max(0, clock.millis() - incident.updatedAt().toEpochMilli());
    return incident;
  }
}
