package org.cityops.jobs.traffic;

import org.cityops.jobs.sinks.influx.InfluxSink;
import org.cityops.jobs.sinks.influx.InfluxTarget;
import org.cityops.jobs.sinks.influx.Measurements;

/**
 * Binds the traffic job's time series to a store: each detector's interval (speed, free flow,
 * occupancy, the level held) in the measurement {@code traffic}. The live job and the evaluation
 * use this one wiring, so an evaluation fills what the Traffic dashboard reads.
 */
public final class TrafficJobStores {
  private TrafficJobStores() {}

  public static void attach(TrafficJob.Outputs out, InfluxTarget target) {
    out.statuses()
        .sinkTo(new InfluxSink<>(target, Measurements.traffic()))
        .uid(TrafficJobUids.LEVELS_STORE)
        .name("store traffic levels");
  }
}
