package org.cityops.jobs.water;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.cityops.events.EventJson;
import org.cityops.jobs.common.ConfigException;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.lifecycle.SeverityHold;

/**
 * Water-level detection settings ({@code water.*}): default stages, per-station stages from a JSON
 * file, the rate of rise that counts as fast, and the incidents' hold times.
 *
 * <p>The stations file is {@code {"stations": [{"id": "river-001", "attentionM": 2.0, "alertM":
 * 3.0, "floodM": 3.8}, ...]}}; a station not in it uses the defaults.
 *
 * @param riseMetres a rise of at least this much within {@code riseWindow} is fast (Moderate)
 */
public record WaterConfig(
    WaterStages defaults,
    Map<String, WaterStages> stations,
    double riseMetres,
    Duration riseWindow,
    SeverityHold hold)
    implements Serializable {

  public WaterConfig {
    stations = Map.copyOf(stations);
  }

  public WaterStages stagesOf(String stationId) {
    return stations.getOrDefault(stationId, defaults);
  }

  /**
   * The same settings with a water-level rule's stages and fast rise (the rise window and holds
   * stay: the window sizes the levels kept in state).
   */
  public WaterConfig withRule(
      WaterStages newDefaults, Map<String, WaterStages> newStations, double newRiseMetres) {
    return new WaterConfig(newDefaults, newStations, newRiseMetres, riseWindow, hold);
  }

  public static WaterConfig from(Settings s) {
    WaterStages defaults =
        stages(
            "water.attention-m/alert-m/flood-m",
            s.number("water.attention-m", 2.5, -100, 10_000),
            s.number("water.alert-m", 3.5, -100, 10_000),
            s.number("water.flood-m", 4.5, -100, 10_000));
    String file = s.optionalText("water.stations-file");
    return new WaterConfig(
        defaults,
        file == null ? Map.of() : readStations(Path.of(file)),
        s.number("water.rise-m", 0.5, 0.01, 100),
        s.duration(
            "water.rise-window", Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofDays(1)),
        new SeverityHold(
            s.duration(
                "water.downgrade-hold", Duration.ofMinutes(30), Duration.ZERO, Duration.ofDays(1)),
            s.duration(
                "water.clear-hold", Duration.ofMinutes(60), Duration.ZERO, Duration.ofDays(1))));
  }

  private static WaterStages stages(String key, double attention, double alert, double flood) {
    try {
      return new WaterStages(attention, alert, flood);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, e.getMessage());
    }
  }

  static Map<String, WaterStages> readStations(Path file) {
    JsonNode root;
    try {
      if (Files.size(file) > 16L * 1024 * 1024) {
        throw new ConfigException("water.stations-file", file + " is larger than 16 MiB");
      }
      root = EventJson.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException(
          "water.stations-file", "cannot read " + file + ": " + e.getMessage());
    }
    JsonNode list = root.path("stations");
    if (!list.isArray()) {
      throw new ConfigException("water.stations-file", file + " has no array 'stations'");
    }
    Map<String, WaterStages> stations = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode st = list.get(i);
      String where = file + " station " + i;
      String id = st.path("id").asText("");
      if (id.isBlank()) {
        throw new ConfigException("water.stations-file", where + ": 'id' is missing");
      }
      for (String field : new String[] {"attentionM", "alertM", "floodM"}) {
        if (!st.path(field).isNumber()) {
          throw new ConfigException(
              "water.stations-file", where + " (" + id + "): '" + field + "' must be a number");
        }
      }
      WaterStages stages =
          stages(
              "water.stations-file " + where + " (" + id + ")",
              st.path("attentionM").asDouble(),
              st.path("alertM").asDouble(),
              st.path("floodM").asDouble());
      if (stations.put(id, stages) != null) {
        throw new ConfigException("water.stations-file", where + ": station '" + id + "' twice");
      }
    }
    return stations;
  }
}
