package org.cityops.jobs.traffic;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.cityops.events.EventJson;
import org.cityops.events.Quality;
import org.cityops.events.Reading;
import org.cityops.events.RejectReason;
import org.cityops.events.Rejected;
import org.cityops.events.SensorKind;
import org.cityops.jobs.common.RejectedOutput;

/**
 * Lets through the traffic detector readings the traffic functions can judge, and sends the rest to
 * the rejected side output with a reason: a detector not in the layout ({@code unknown_sensor}),
 * negative counts or speeds, occupancy over 100% ({@code out_of_range}), no value at all ({@code
 * invalid_field}). Readings of other kinds belong to other jobs and pass by unremarked, as do
 * readings a detector marked missing (a dropout, not an error). Stateless.
 */
public final class DetectorReadingCheck extends ProcessFunction<Reading, DetectorReading> {
  public static final OutputTag<Rejected> REJECTED = RejectedOutput.tag("traffic-rejected");
  static final double MAX_SPEED_KMH = 300;
  static final double MAX_FLOW = 10_000;

  private final Set<String> detectors;

  public DetectorReadingCheck(Set<String> detectors) {
    this.detectors = Set.copyOf(detectors);
  }

  @Override
  public void processElement(Reading r, Context ctx, Collector<DetectorReading> out) {
    if (r.kind() != SensorKind.TRAFFIC_LOOP || r.quality() == Quality.MISSING) {
      return;
    }
    String problem = null;
    RejectReason reason = RejectReason.OUT_OF_RANGE;
    if (!detectors.contains(r.sensorId())) {
      reason = RejectReason.UNKNOWN_SENSOR;
      problem = "detector " + r.sensorId() + " is not in the traffic layout";
    } else if (r.speedKmh() == null && r.flowVehicles() == null && r.occupancyPct() == null) {
      reason = RejectReason.INVALID_FIELD;
      problem = "a traffic reading needs speedKmh, flowVehicles or occupancyPct";
    } else if (outside(r.speedKmh(), 0, MAX_SPEED_KMH)) {
      problem = "speedKmh " + r.speedKmh() + " is outside 0 to " + MAX_SPEED_KMH;
    } else if (outside(r.flowVehicles(), 0, MAX_FLOW)) {
      problem = "flowVehicles " + r.flowVehicles() + " is outside 0 to " + MAX_FLOW;
    } else if (outside(r.occupancyPct(), 0, 100)) {
      problem = "occupancyPct " + r.occupancyPct() + " is outside 0 to 100";
    }
    if (problem == null) {
      out.collect(DetectorReading.of(r));
    } else {
      ctx.output(
          REJECTED,
          RejectedOutput.of(
              "city.readings:" + r.sensorId(),
              reason,
              problem,
              EventJson.writeString(r).getBytes(StandardCharsets.UTF_8),
              r.time().toEpochMilli()));
    }
  }

  private static boolean outside(Double v, double min, double max) {
    return v != null && !(v >= min && v <= max);
  }
}
