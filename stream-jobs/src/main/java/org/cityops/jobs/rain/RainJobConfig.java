package org.cityops.jobs.rain;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.cityops.jobs.common.RulesFile;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.flooding.FloodingConfig;
import org.cityops.jobs.landslide.LandslideSettings;
import org.cityops.jobs.landslide.LandslideThresholds;
import org.cityops.jobs.landslide.RainZones;
import org.cityops.jobs.sinks.influx.InfluxTarget;
import org.cityops.jobs.water.WaterConfig;
import org.cityops.jobs.water.WaterStages;
import org.cityops.rules.CityRuleSet;

/**
 * Everything the rain incident job needs, parsed once from settings and validated; immutable.
 *
 * @param zones the rain zones gauges stand for (landslide risk is judged per zone)
 * @param water water-level stages and rate of rise (flood-risk incidents)
 * @param flooding when residents' flood reports make an incident
 * @param shadow a shadow job: a candidate rule set judging the live readings beside the live job,
 *     its incidents on {@code city.detections.shadow} (and the store's {@code shadow_incidents})
 *     only, never where operators or residents look; no refusals re-published, no rule pushes taken
 *     (the candidate is its file)
 * @param startingRules the ids and versions of the rain rules the job starts with (a rules file's,
 *     or version 0 for thresholds from single settings); pushed versions above them take over
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
    StartingRules startingRules,
    LandslideThresholds landslide,
    RainZones zones,
    WaterConfig water,
    FloodingConfig flooding,
    boolean shadow)
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
        startingRules,
        landslide,
        zones,
        water,
        flooding,
        shadow);
  }

  private record StartingRulesAndThresholds(
      RainThresholds thresholds,
      LandslideThresholds landslide,
      WaterConfig water,
      FloodingConfig flooding,
      StartingRules ids) {}

  /**
   * The detectors' thresholds: from the rules file {@code rain.rules-file} when one is given (then
   * none of the single settings it replaces may be given too: two sources for one threshold would
   * leave the reader guessing which won), else from {@code rain.*-mm} and the holds; landslide,
   * water-level and urban-flooding thresholds from the file when it has their rule, else from their
   * settings.
   */
  private static StartingRulesAndThresholds thresholds(Settings s, RainThresholds defaults) {
    if (s.optionalText(RULES_FILE) != null) {
      refuseGivenToo(
          s,
          List.of(
              "rain.moderate-mm",
              "rain.strong-mm",
              "rain.very-strong-mm",
              "rain.siren-1h-mm",
              "rain.siren-24h-mm",
              "rain.downgrade-hold",
              "rain.clear-hold"));
      CityRuleSet rules = RulesFile.read(s, RULES_FILE).orElseThrow();
      LandslideThresholds landslide = LandslideSettings.thresholds(s);
      if (rules.landslide().isPresent()) {
        List<String> bounds = new java.util.ArrayList<>();
        for (String level : List.of("medium", "high", "very-high")) {
          for (String window : List.of("1h", "24h", "96h")) {
            bounds.add("landslide." + level + "-" + window + "-mm");
          }
        }
        refuseGivenToo(s, bounds);
        CityRuleSet.LandslideRisk l = rules.landslide().get();
        landslide =
            new LandslideThresholds(
                bounds(l.medium()),
                bounds(l.high()),
                bounds(l.veryHigh()),
                landslide.downgradeHold(),
                landslide.clearHold());
      }
      if (rules.water().isPresent()) {
        refuseGivenToo(
            s,
            List.of(
                "water.attention-m",
                "water.alert-m",
                "water.flood-m",
                "water.rise-m",
                "water.stations-file"));
      }
      WaterConfig water = WaterConfig.from(s);
      if (rules.water().isPresent()) {
        CityRuleSet.WaterLevel w = rules.water().get();
        java.util.Map<String, WaterStages> stations = new java.util.HashMap<>();
        w.stations().forEach((id, st) -> stations.put(id, stages(st)));
        water = water.withRule(stages(w.defaults()), stations, w.riseM());
      }
      if (rules.flooding().isPresent()) {
        refuseGivenToo(s, List.of("flooding.min-reporters", "flooding.strong-rain-mm"));
      }
      FloodingConfig flooding = FloodingConfig.from(s);
      if (rules.flooding().isPresent()) {
        CityRuleSet.UrbanFlooding f = rules.flooding().get();
        flooding = flooding.withRule(f.minReporters(), f.strongRainMm());
      }
      return new StartingRulesAndThresholds(
          new RainThresholds(
              rules.heavyRain().moderateMm(),
              rules.heavyRain().strongMm(),
              rules.heavyRain().veryStrongMm(),
              rules.sirenLevel().hourMm(),
              rules.sirenLevel().dayMm(),
              rules.downgradeHold(),
              rules.clearHold()),
          landslide,
          water,
          flooding,
          new StartingRules(
              rules.heavyRain().id(),
              rules.heavyRain().version(),
              rules.sirenLevel().id(),
              rules.sirenLevel().version(),
              rules.landslide().map(CityRuleSet.LandslideRisk::id).orElse("landslide-risk"),
              rules.landslide().map(CityRuleSet.LandslideRisk::version).orElse(0L),
              rules.water().map(CityRuleSet.WaterLevel::id).orElse("water-level"),
              rules.water().map(CityRuleSet.WaterLevel::version).orElse(0L),
              rules.flooding().map(CityRuleSet.UrbanFlooding::id).orElse("urban-flooding"),
              rules.flooding().map(CityRuleSet.UrbanFlooding::version).orElse(0L)));
    }
    RainThresholds single =
        new RainThresholds(
            s.number("rain.moderate-mm", defaults.moderateMm(), 0.1, 1_000),
            s.number("rain.strong-mm", defaults.strongMm(), 0.1, 1_000),
            s.number("rain.very-strong-mm", defaults.veryStrongMm(), 0.1, 1_000),
            s.number("rain.siren-1h-mm", defaults.sirenHourMm(), 0.1, 1_000),
            s.number("rain.siren-24h-mm", defaults.sirenDayMm(), 0.1, 5_000),
            s.duration(
                "rain.downgrade-hold", defaults.downgradeHold(), Duration.ZERO, Duration.ofDays(1)),
            s.duration("rain.clear-hold", defaults.clearHold(), Duration.ZERO, Duration.ofDays(1)));
    return new StartingRulesAndThresholds(
        single,
        LandslideSettings.thresholds(s),
        WaterConfig.from(s),
        FloodingConfig.from(s),
        StartingRules.FROM_SETTINGS);
  }

  /** None of {@code keys} may be given beside the rules file that sets them. */
  private static void refuseGivenToo(Settings s, List<String> keys) {
    RulesFile.refuseGivenToo(s, RULES_FILE, keys);
  }

  /** The setting naming the city's rules file. */
  static final String RULES_FILE = "rain.rules-file";

  private static WaterStages stages(CityRuleSet.Stages st) {
    return new WaterStages(st.attentionM(), st.alertM(), st.floodM());
  }

  private static LandslideThresholds.Bounds bounds(CityRuleSet.Bounds b) {
    return new LandslideThresholds.Bounds(b.hourMm(), b.dayMm(), b.fourDaysMm());
  }

  public static RainJobConfig from(Settings s) {
    RainThresholds defaults = RainThresholds.alertaRio();
    StartingRulesAndThresholds rules = thresholds(s, defaults);
    boolean shadow = org.cityops.jobs.common.ShadowRuns.shadow(s, "rain");
    RainJobConfig config =
        new RainJobConfig(
            org.cityops.jobs.common.ShadowRuns.basics(
                s,
                "rain",
                org.cityops.jobs.common.JobBasics.from(
                    s, "rain", Duration.ofMinutes(2), Duration.ofMinutes(1)),
                shadow),
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
            rules.thresholds(),
            rules.ids(),
            rules.landslide(),
            LandslideSettings.zones(s),
            rules.water(),
            rules.flooding(),
            shadow);
    s.requireAllUsed();
    return config;
  }
}
