package org.cityops.jobs.health;

import org.cityops.jobs.sinks.influx.InfluxSink;
import org.cityops.jobs.sinks.influx.InfluxTarget;
import org.cityops.jobs.sinks.influx.Measurements;

/**
 * Binds the health job's time series to a store: weeks per neighbourhood ({@code health_weeks}),
 * days with EARS ({@code health_days}), the daily scans ({@code health_scans}) and residents'
 * suspected-case reports per week ({@code health_reports}). The live job and an evaluation use this
 * one wiring, so an evaluation fills what the Health dashboard reads.
 */
public final class HealthJobStores {
  private HealthJobStores() {}

  public static void attach(HealthJob.Outputs out, InfluxTarget target, String timeZone) {
    out.weeks()
        .sinkTo(new InfluxSink<>(target, Measurements.healthWeeks(timeZone)))
        .uid(HealthJobUids.WEEKS_STORE)
        .name("store neighbourhood weeks");
    out.days()
        .sinkTo(new InfluxSink<>(target, Measurements.healthDays(timeZone)))
        .uid(HealthJobUids.DAYS_STORE)
        .name("store neighbourhood days");
    out.scans()
        .sinkTo(new InfluxSink<>(target, Measurements.healthScans(timeZone)))
        .uid(HealthJobUids.SCANS_STORE)
        .name("store scans");
    if (out.residentReports() != null) {
      out.residentReports()
          .sinkTo(new InfluxSink<>(target, Measurements.healthReports(timeZone)))
          .uid(HealthJobUids.REPORTS_STORE)
          .name("store residents' reports");
    }
  }
}
