package org.cityops.jobs.landslide;

import java.nio.file.Path;
import java.time.Duration;
import org.cityops.geo.GeoJsonZones;
import org.cityops.geo.ZoneFormatException;
import org.cityops.jobs.common.ConfigException;
import org.cityops.jobs.common.Settings;

/** Reads the landslide settings ({@code landslide.*}) and the rain zones ({@code rain.zones-*}). */
public final class LandslideSettings {
  private LandslideSettings() {}

  public static LandslideThresholds thresholds(Settings s) {
    LandslideThresholds d = LandslideThresholds.defaults();
    return new LandslideThresholds(
        bounds(s, "medium", d.medium()),
        bounds(s, "high", d.high()),
        bounds(s, "very-high", d.veryHigh()),
        s.duration(
            "landslide.downgrade-hold", d.downgradeHold(), Duration.ZERO, Duration.ofDays(4)),
        s.duration("landslide.clear-hold", d.clearHold(), Duration.ZERO, Duration.ofDays(4)));
  }

  private static LandslideThresholds.Bounds bounds(
      Settings s, String level, LandslideThresholds.Bounds d) {
    String prefix = "landslide." + level;
    return new LandslideThresholds.Bounds(
        s.number(prefix + "-1h-mm", d.hourMm(), 0.1, 1_000),
        s.number(prefix + "-24h-mm", d.dayMm(), 0.1, 5_000),
        s.number(prefix + "-96h-mm", d.fourDaysMm(), 0.1, 10_000));
  }

  /**
   * The rain zones from {@code rain.zones-file} (GeoJSON; ids and names from {@code
   * rain.zones-id-property} and {@code rain.zones-name-property}, by default Rio's {@code cod} and
   * {@code est}); without a file, every gauge is a zone of its own.
   */
  public static RainZones zones(Settings s) {
    String file = s.optionalText("rain.zones-file");
    String idProperty = s.text("rain.zones-id-property", "cod");
    String nameProperty = s.text("rain.zones-name-property", "est");
    if (file == null) {
      return new RainZones(null);
    }
    try {
      return new RainZones(GeoJsonZones.read(Path.of(file), idProperty, nameProperty));
    } catch (ZoneFormatException e) {
      throw new ConfigException("rain.zones-file", e.getMessage());
    }
  }
}
