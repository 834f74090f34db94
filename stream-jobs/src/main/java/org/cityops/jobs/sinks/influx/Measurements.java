package org.cityops.jobs.sinks.influx;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import java.util.List;
import org.cityops.events.Incident;
import org.cityops.events.Reading;
import org.cityops.jobs.landslide.ZoneRisk;
import org.cityops.jobs.rain.RainSums;

/**
 * The time series CityOps stores, one mapper per measurement. Tags are what a dashboard groups by;
 * each point's timestamp is the event's own time, which makes the points idempotent.
 */
public final class Measurements {
  public static final String READINGS = "readings";
  public static final String RAIN_SUMS = "rain_sums";
  public static final String INCIDENTS = "incidents";

  /** A shadow rule set's incidents (a candidate's, never shown to residents or operators). */
  public static final String SHADOW_INCIDENTS = "shadow_incidents";

  public static final String LANDSLIDE_RISK = "landslide_risk";
  public static final String CITY_STAGE = "city_stage";
  public static final String TRAFFIC = "traffic";
  public static final String HEALTH_WEEKS = "health_weeks";
  public static final String HEALTH_DAYS = "health_days";
  public static final String HEALTH_SCANS = "health_scans";
  public static final String HEALTH_REPORTS = "health_reports";

  private Measurements() {}

  public static PointMapper<Reading> readings() {
    return r -> {
      Point p =
          Point.measurement(READINGS)
              .addTag("sensor_id", r.sensorId())
              .addTag("kind", r.kind().wireName())
              .addField("lat", r.location().lat())
              .addField("lon", r.location().lon())
              .time(r.time(), WritePrecision.NS);
      field(p, "rain_mm", r.rainMm());
      field(p, "water_level_m", r.waterLevelM());
      field(p, "speed_kmh", r.speedKmh());
      field(p, "flow_vehicles", r.flowVehicles());
      field(p, "occupancy_pct", r.occupancyPct());
      field(p, "temperature_c", r.temperatureC());
      field(p, "humidity_pct", r.humidityPct());
      field(p, "wind_speed_kmh", r.windSpeedKmh());
      return List.of(p);
    };
  }

  public static PointMapper<RainSums> rainSums() {
    return r ->
        List.of(
            Point.measurement(RAIN_SUMS)
                .addTag("gauge_id", r.gaugeId())
                .addField("rain_15m_mm", r.rain15mMm())
                .addField("rain_1h_mm", r.rain1hMm())
                .addField("rain_4h_mm", r.rain4hMm())
                .addField("rain_24h_mm", r.rain24hMm())
                .addField("rain_96h_mm", r.rain96hMm())
                .addField("complete_1h", r.complete1h())
                .addField("complete_24h", r.complete24h())
                .addField("complete_96h", r.complete96h())
                .time(r.windowEnd(), WritePrecision.NS));
  }

  /**
   * Every version of every incident, at the time it was issued: {@code severity_level} 1 (Minor) …
   * 4 (Extreme) and {@code active} 1 or 0 beside the names, so a panel can take each incident's
   * last version and count or colour it.
   */
  public static PointMapper<Incident> incidents() {
    return incidents(INCIDENTS);
  }

  /** The same points in another measurement, e.g. {@link #SHADOW_INCIDENTS}. */
  public static PointMapper<Incident> incidents(String measurement) {
    return i ->
        List.of(
            Point.measurement(measurement)
                .addTag("incident_id", i.incidentId())
                .addTag("type", i.type().name().toLowerCase(java.util.Locale.ROOT))
                // which rule version judged it ("heavy-rain v2"; "none" for detectors without
                // versioned rules): few values, so a tag, for panels grouped by it
                .addTag("rule", org.cityops.jobs.rain.RuleVersions.judgedBy(i).orElse("none"))
                .addField("severity", i.severity().name())
                // numbers beside the names, for InfluxQL's aggregates and the panels' colours
                .addField("severity_level", i.severity().ordinal() + 1)
                .addField("status", i.status().name())
                .addField("active", i.status().isActive() ? 1 : 0)
                .addField("version", i.version())
                .addField("lat", i.area().center().lat())
                .addField("lon", i.area().center().lon())
                .addField("radius_m", i.area().radiusM())
                .time(i.updatedAt(), WritePrecision.NS));
  }

  /** Each rain zone's landslide level (0 low … 3 very high) from the point's time on. */
  public static PointMapper<ZoneRisk> zoneRisks() {
    return z ->
        List.of(
            Point.measurement(LANDSLIDE_RISK)
                .addTag("zone_id", z.zoneId())
                .addTag("zone", z.zoneName())
                .addField("level", z.level().ordinal())
                .addField("level_name", z.level().name().toLowerCase(java.util.Locale.ROOT))
                .addField("degraded", z.degraded())
                .time(z.at(), WritePrecision.NS));
  }

  /** The city's operating stage (1 … 5) from the point's time on. */
  public static PointMapper<org.cityops.events.CityStage> cityStage() {
    return c ->
        List.of(
            Point.measurement(CITY_STAGE)
                .addField("stage", c.stage())
                .addField("name", c.name())
                .addField("active_incidents", c.activeIncidents())
                .addField("reason", c.reason())
                .time(c.since(), WritePrecision.NS));
  }

  /**
   * Each traffic detector's interval: speed against free flow, occupancy, flow, and the level held
   * (0 free, 1 slow, 2 congested, 3 standstill).
   */
  public static PointMapper<org.cityops.jobs.traffic.SegmentStatus> traffic() {
    return t -> {
      Point p =
          Point.measurement(TRAFFIC)
              .addTag("detector_id", t.detectorId())
              .addTag("segment_id", t.segmentId())
              .addField("occupancy_pct", t.occupancyPct())
              .addField("flow_vehicles", t.flow())
              .addField("free_flow_kmh", t.freeFlowKmh())
              .addField("level", t.level().ordinal())
              .addField("level_name", t.level().name().toLowerCase(java.util.Locale.ROOT))
              .time(t.time(), WritePrecision.NS);
      field(p, "speed_kmh", t.speedKmh());
      if (t.speedKmh() != null) {
        p.addField("speed_ratio", t.speedKmh() / t.freeFlowKmh());
      }
      return List.of(p);
    };
  }

  /**
   * Each neighbourhood's epidemiological week by onset, stamped at the start of its Sunday in the
   * city's time zone: cases, incidence per 100,000, Rt and P(Rt > 1), temperature, the alert level
   * (1 green to 4 red). A revised week overwrites the point before it (same tags and time).
   */
  public static PointMapper<org.cityops.jobs.health.NeighbourhoodWeek> healthWeeks(String zone) {
    java.time.ZoneId z = java.time.ZoneId.of(zone);
    return w -> {
      Point p =
          Point.measurement(HEALTH_WEEKS)
              .addTag("neighbourhood", w.neighbourhood())
              .addTag("disease", w.disease().code())
              .addField("cases", w.cases())
              .addField("incidence_per_100k", w.incidencePer100k())
              .addField("p_rt_above_one", w.probabilityRtAboveOne())
              .addField("level", w.level().rank())
              // 1 orange or red, else 0: summed over neighbourhoods it counts those in alarm
              .addField(
                  "alarm",
                  w.level().compareTo(org.cityops.jobs.health.methods.AlertLevels.Level.ORANGE) >= 0
                      ? 1
                      : 0)
              .addField("level_name", w.level().name().toLowerCase(java.util.Locale.ROOT))
              .addField("epi_week", w.epiWeek())
              .addField("revision", w.revision())
              .time(w.weekStart().atStartOfDay(z).toInstant(), WritePrecision.NS);
      field(p, "rt", w.rt());
      field(p, "min_temperature_c", w.minTemperatureC());
      return List.of(p);
    };
  }

  /** Each neighbourhood's day by notification date, with the EARS statistics and alarms. */
  public static PointMapper<org.cityops.jobs.health.NeighbourhoodDay> healthDays(String zone) {
    java.time.ZoneId z = java.time.ZoneId.of(zone);
    return d -> {
      Point p =
          Point.measurement(HEALTH_DAYS)
              .addTag("neighbourhood", d.neighbourhood())
              .addTag("disease", d.disease().code())
              .addField("notified", d.notified())
              .addField("alarm_c1", d.alarmC1())
              .addField("alarm_c2", d.alarmC2())
              .addField("alarm_c3", d.alarmC3())
              .time(d.day().atStartOfDay(z).toInstant(), WritePrecision.NS);
      field(p, "c1", d.c1());
      field(p, "c2", d.c2());
      field(p, "c3", d.c3());
      return List.of(p);
    };
  }

  /** Each day's space-time scan of a disease: cases scanned and the most likely cluster's p. */
  public static PointMapper<org.cityops.jobs.health.ScanResult> healthScans(String zone) {
    java.time.ZoneId z = java.time.ZoneId.of(zone);
    return r -> {
      Point p =
          Point.measurement(HEALTH_SCANS)
              .addTag("disease", r.disease().code())
              .addField("total_cases", r.totalCases())
              .addField("top_p_value", r.topPValue())
              .addField("significant_clusters", r.significant().size())
              .time(r.day().atStartOfDay(z).toInstant(), WritePrecision.NS);
      if (!r.significant().isEmpty()) {
        var top = r.significant().get(0);
        p.addField("top_observed", top.observed());
        p.addField("top_expected", top.expected());
        p.addField("top_neighbourhoods", String.join(",", top.neighbourhoods()));
      }
      return List.of(p);
    };
  }

  /** Residents' suspected-dengue reports per neighbourhood and week (the weaker signal). */
  public static PointMapper<org.cityops.jobs.health.NeighbourhoodReports> healthReports(
      String zone) {
    java.time.ZoneId z = java.time.ZoneId.of(zone);
    return r ->
        List.of(
            Point.measurement(HEALTH_REPORTS)
                .addTag("neighbourhood", r.neighbourhood())
                .addField("reports", r.reports())
                .addField("reporters", r.reporters())
                .time(r.weekStart().atStartOfDay(z).toInstant(), WritePrecision.NS));
  }

  private static void field(Point p, String name, Double value) {
    if (value != null) {
      p.addField(name, value);
    }
  }
}
