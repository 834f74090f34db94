package org.cityops.jobs.sinks.influx;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Creates CityOps' tables in QuestDB before the first write, with deduplication keys. QuestDB
 * appends duplicate rows unless a WAL table declares {@code DEDUP UPSERT KEYS}; with the designated
 * timestamp and the tags as keys it behaves as InfluxDB does: a replayed point overwrites.
 */
public final class QuestDbTables {
  private QuestDbTables() {}

  static final List<String> DDL =
      List.of(
          "CREATE TABLE IF NOT EXISTS "
              + Measurements.READINGS
              + " (sensor_id SYMBOL, kind SYMBOL, "
              + "rain_mm DOUBLE, water_level_m DOUBLE, speed_kmh DOUBLE, flow_vehicles DOUBLE, "
              + "occupancy_pct DOUBLE, temperature_c DOUBLE, humidity_pct DOUBLE, wind_speed_kmh DOUBLE, "
              + "lat DOUBLE, lon DOUBLE, timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY DAY WAL "
              + "DEDUP UPSERT KEYS(timestamp, sensor_id, kind)",
          "CREATE TABLE IF NOT EXISTS "
              + Measurements.RAIN_SUMS
              + " (gauge_id SYMBOL, rain_15m_mm DOUBLE, "
              + "rain_1h_mm DOUBLE, rain_4h_mm DOUBLE, rain_24h_mm DOUBLE, rain_96h_mm DOUBLE, "
              + "complete_1h BOOLEAN, complete_24h BOOLEAN, complete_96h BOOLEAN, timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY DAY WAL "
              + "DEDUP UPSERT KEYS(timestamp, gauge_id)",
          "CREATE TABLE IF NOT EXISTS "
              + Measurements.INCIDENTS
              + " (incident_id SYMBOL, type SYMBOL, rule SYMBOL, "
              + "severity VARCHAR, status VARCHAR, version LONG, lat DOUBLE, lon DOUBLE, radius_m DOUBLE, "
              + "timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY DAY WAL "
              + "DEDUP UPSERT KEYS(timestamp, incident_id, type)",
          "CREATE TABLE IF NOT EXISTS "
              + Measurements.LANDSLIDE_RISK
              + " (zone_id SYMBOL, zone SYMBOL, level LONG, level_name VARCHAR, degraded BOOLEAN, "
              + "timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY DAY WAL "
              + "DEDUP UPSERT KEYS(timestamp, zone_id, zone)",
          "CREATE TABLE IF NOT EXISTS "
              + Measurements.TRAFFIC
              + " (detector_id SYMBOL, segment_id SYMBOL, speed_kmh DOUBLE, occupancy_pct DOUBLE, "
              + "flow_vehicles DOUBLE, free_flow_kmh DOUBLE, speed_ratio DOUBLE, level LONG, "
              + "level_name VARCHAR, timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY DAY WAL "
              + "DEDUP UPSERT KEYS(timestamp, detector_id, segment_id)",
          "CREATE TABLE IF NOT EXISTS "
              + Measurements.HEALTH_WEEKS
              + " (neighbourhood SYMBOL, disease SYMBOL, cases LONG, incidence_per_100k DOUBLE, "
              + "rt DOUBLE, p_rt_above_one DOUBLE, min_temperature_c DOUBLE, level LONG, alarm LONG, "
              + "level_name VARCHAR, epi_week LONG, revision LONG, timestamp TIMESTAMP) "
              + "TIMESTAMP(timestamp) PARTITION BY MONTH WAL "
              + "DEDUP UPSERT KEYS(timestamp, neighbourhood, disease)",
          "CREATE TABLE IF NOT EXISTS "
              + Measurements.HEALTH_DAYS
              + " (neighbourhood SYMBOL, disease SYMBOL, notified LONG, c1 DOUBLE, c2 DOUBLE, "
              + "c3 DOUBLE, alarm_c1 BOOLEAN, alarm_c2 BOOLEAN, alarm_c3 BOOLEAN, timestamp TIMESTAMP) "
              + "TIMESTAMP(timestamp) PARTITION BY MONTH WAL "
              + "DEDUP UPSERT KEYS(timestamp, neighbourhood, disease)",
          "CREATE TABLE IF NOT EXISTS "
              + Measurements.HEALTH_SCANS
              + " (disease SYMBOL, total_cases LONG, top_p_value DOUBLE, significant_clusters LONG, "
              + "top_observed LONG, top_expected DOUBLE, top_neighbourhoods VARCHAR, "
              + "timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY MONTH WAL "
              + "DEDUP UPSERT KEYS(timestamp, disease)",
          "CREATE TABLE IF NOT EXISTS "
              + Measurements.HEALTH_REPORTS
              + " (neighbourhood SYMBOL, reports LONG, reporters LONG, timestamp TIMESTAMP) "
              + "TIMESTAMP(timestamp) PARTITION BY MONTH WAL DEDUP UPSERT KEYS(timestamp, neighbourhood)");

  /** Runs the DDL against QuestDB's HTTP endpoint ({@code /exec}). */
  public static void ensure(String questDbHttpUrl) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (String sql : DDL) {
      URI uri =
          URI.create(
              questDbHttpUrl + "/exec?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8));
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("QuestDB refused the CityOps schema: " + response.body());
        }
      } catch (IOException e) {
        throw new IllegalStateException("QuestDB at " + questDbHttpUrl + " did not answer", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
