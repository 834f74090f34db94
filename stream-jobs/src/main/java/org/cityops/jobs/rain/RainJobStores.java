package org.cityops.jobs.rain;

import org.cityops.jobs.sinks.influx.InfluxSink;
import org.cityops.jobs.sinks.influx.InfluxTarget;
import org.cityops.jobs.sinks.influx.Measurements;

/**
 * Binds the rain job's time series to a store (InfluxDB 1.x/2.x/3.x or QuestDB): readings, rain
 * sums and landslide levels (incidents, as the operators see them, are stored by the alerts job),
 * each under its stable uid. The live job and the backtest use this one wiring, so a backtest fills
 * the same measurements the dashboards read.
 */
public final class RainJobStores {
  private RainJobStores() {}

  public static void attach(RainIncidentJob.Outputs out, InfluxTarget target) {
    out.readings()
        .sinkTo(new InfluxSink<>(target, Measurements.readings()))
        .uid(RainJobUids.READINGS_STORE)
        .name("store readings");
    out.rainSums()
        .sinkTo(new InfluxSink<>(target, Measurements.rainSums()))
        .uid(RainJobUids.SUMS_STORE)
        .name("store rain sums");
    out.zoneRisks()
        .sinkTo(new InfluxSink<>(target, Measurements.zoneRisks()))
        .uid(RainJobUids.ZONE_RISK_STORE)
        .name("store landslide levels");
  }
}
