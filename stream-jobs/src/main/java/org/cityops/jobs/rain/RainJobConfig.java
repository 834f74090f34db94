package org.cityops.jobs.rain;

import java.io.Serializable;
import java.time.Duration;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.flooding.FloodingConfig;
import org.cityops.jobs.landslide.LandslideSettings;
import org.cityops.jobs.landslide.LandslideThresholds;
import org.cityops.jobs.landslide.RainZones;
import org.cityops.jobs.sinks.influx.InfluxTarget;
import org.cityops.jobs.water.WaterConfig;

/**
 * Everything the rain incident job needs, parsed once from settings and validated; immutable.
 *
 * @param zones the rain zones gauges stand for (landslide risk is judged per zone)
 * @param water water-level stages and rate of rise (flood-risk incidents)
 * @param flooding when residents' flood reports make an incident
 * @param basics Kafka, consumer group, bounded input, lateness, checkpoints and the store, as every
 *     job takes them ({@code rain.out-of-orderness}, {@code rain.idleness})
 */
public record RainJobConfig(
    org.cityops.jobs.common.JobBasics basics,
    Duration allowedLateness,
    Duration readingInterval,
    Duration silentAfter,
    int missingInARow,
    RainThresholds thresholds,
    LandslideThresholds landslide,
    RainZones zones,
    WaterConfig water,
    FloodingConfig flooding)
    implements Serializable, org.cityops.jobs.common.KafkaJobSettings {

  /** The same settings writing time series to {@code target} (null: none). */
  public RainJobConfig withInflux(InfluxTarget target) {
    return new RainJobConfig(
        basics.withInflux(target),
        allowedLateness,
        readingInterval,
        silentAfter,
        missingInARow,
        thresholds,
        landslide,
        zones,
        water,
        flooding);
  }

  public static RainJobConfig from(Settings s) {
    RainThresholds defaults = RainThresholds.alertaRio();
    RainJobConfig config =
        new RainJobConfig(
            org.cityops.jobs.common.JobBasics.from(
                s, "rain", Duration.ofMinutes(2), Duration.ofMinutes(1)),
            s.duration(
                "rain.allowed-lateness", Duration.ofMinutes(30), Duration.ZERO, Duration.ofDays(4)),
            s.duration(
                "rain.reading-interval",
                Duration.ofMinutes(15),
                Duration.ofSeconds(10),
                Duration.ofHours(1)),
            s.duration(
                "rain.silent-after",
                Duration.ofHours(1),
                Duration.ofMinutes(1),
                Duration.ofDays(7)),
            s.integer("rain.missing-in-a-row", 2, 1, 1_000),
            new RainThresholds(
                s.number("rain.moderate-mm", defaults.moderateMm(), 0.1, 1_000),
                s.number("rain.strong-mm", defaults.strongMm(), 0.1, 1_000),
                s.number("rain.very-strong-mm", defaults.veryStrongMm(), 0.1, 1_000),
                s.number("rain.siren-1h-mm", defaults.sirenHourMm(), 0.1, 1_000),
                s.number("rain.siren-24h-mm", defaults.sirenDayMm(), 0.1, 5_000),
                s.duration(
                    "rain.downgrade-hold",
                    defaults.downgradeHold(),
                    Duration.ZERO,
                    Duration.ofDays(1)),
                s.duration(
                    "rain.clear-hold", defaults.clearHold(), Duration.ZERO, Duration.ofDays(1))),
            LandslideSettings.thresholds(s),
            LandslideSettings.zones(s),
            WaterConfig.from(s),
            FloodingConfig.from(s));
    s.requireAllUsed();
    return config;
  }
}
