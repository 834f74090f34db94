package org.cityops.backtest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.jobs.rain.RainSums;

/**
 * Per station: the largest 1 h and 24 h sums, how many rain incidents were opened, the first alert,
 * how many maintenance incidents (silent gauge, missing values) were opened, and from when the 96 h
 * sum was complete (windows reaching back before the first reading lack warm-up data and are not
 * whole).
 */
public record StationSummary(
    String station,
    double max1hMm,
    double max24hMm,
    int incidentsOpened,
    Instant firstAlert,
    int maintenanceOpened,
    Instant first96hComplete) {

  public static List<StationSummary> of(Backtest.Result result) {
    Map<String, double[]> maxima = new TreeMap<>();
    Map<String, Instant> complete96 = new TreeMap<>();
    for (RainSums s : result.sums()) {
      double[] m = maxima.computeIfAbsent(s.gaugeId(), g -> new double[2]);
      m[0] = Math.max(m[0], s.rain1hMm());
      m[1] = Math.max(m[1], s.rain24hMm());
      if (s.complete96h()) {
        complete96.merge(s.gaugeId(), s.windowEnd(), (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    Map<String, Integer> opened = new TreeMap<>();
    Map<String, Integer> maintenance = new TreeMap<>();
    Map<String, Instant> firstAlert = new TreeMap<>();
    for (Incident i : result.detections()) {
      String gauge = i.area().zone();
      if (i.version() == 1 && i.type() == IncidentType.SENSOR_MAINTENANCE) {
        maintenance.merge(gauge, 1, Integer::sum);
      } else if (i.version() == 1) {
        opened.merge(gauge, 1, Integer::sum);
        firstAlert.merge(gauge, i.openedAt(), (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    return maxima.entrySet().stream()
        .map(
            e ->
                new StationSummary(
                    e.getKey(),
                    e.getValue()[0],
                    e.getValue()[1],
                    opened.getOrDefault(e.getKey(), 0),
                    firstAlert.get(e.getKey()),
                    maintenance.getOrDefault(e.getKey(), 0),
                    complete96.get(e.getKey())))
        .toList();
  }

  static String csv(List<StationSummary> rows) {
    StringBuilder out =
        new StringBuilder(
            "station,max_1h_mm,max_24h_mm,rain_incidents_opened,first_alert,maintenance_opened,first_complete_96h\n");
    for (StationSummary r : rows) {
      out.append(
          String.format(
              java.util.Locale.ROOT,
              "%s,%.1f,%.1f,%d,%s,%d,%s%n",
              r.station(),
              r.max1hMm(),
              r.max24hMm(),
              r.incidentsOpened(),
              r.firstAlert() == null ? "" : r.firstAlert(),
              r.maintenanceOpened(),
              r.first96hComplete() == null ? "" : r.first96hComplete()));
    }
    return out.toString();
  }

  static String table(List<StationSummary> rows) {
    StringBuilder out =
        new StringBuilder(
            String.format(
                java.util.Locale.ROOT,
                "%-22s %8s %9s %9s %11s  %s%n",
                "station",
                "max 1 h",
                "max 24 h",
                "rain inc.",
                "maintenance",
                "first alert"));
    for (StationSummary r : rows) {
      out.append(
          String.format(
              java.util.Locale.ROOT,
              "%-22s %8.1f %9.1f %9d %11d  %s%n",
              r.station(),
              r.max1hMm(),
              r.max24hMm(),
              r.incidentsOpened(),
              r.maintenanceOpened(),
              r.firstAlert() == null ? "-" : r.firstAlert()));
    }
    return out.toString();
  }
}
