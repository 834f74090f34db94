package org.cityops.jobs.health;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.cityops.jobs.common.ConfigException;
import org.cityops.jobs.common.JobBasics;
import org.cityops.jobs.common.RulesFile;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.common.ShadowRuns;
import org.cityops.rules.CityRuleSet;

/**
 * Everything the health job needs, parsed once and validated; immutable. The neighbourhoods come
 * from a GeoJSON file ({@code health.neighbourhoods}, with {@code health.id-property} and {@code
 * health.name-property}) and their populations from a CSV file ({@code health.populations}: {@code
 * id,population}; neighbourhoods it leaves out have {@code health.default-population}).
 *
 * <p>The dengue levels' thresholds come from {@code health.levels.*}, or from the city's rules file
 * ({@code health.rules-file}) when it holds a {@code disease_hotspot} rule; then those five
 * settings may not be given too (the levels' delays stay settings).
 *
 * @param rules the id and version of the rule the job starts with
 * @param shadow a shadow run ({@code health.shadow}, {@link ShadowRuns}): a candidate rule set
 *     beside the live job, its hotspots to {@code city.detections.shadow} only, taking no rule
 *     pushes and storing no series
 */
public record HealthJobConfig(
    JobBasics basics, HealthConfig health, HealthAreas areas, HealthRules rules, boolean shadow)
    implements Serializable {

  /** The setting naming the city's rules file. */
  static final String RULES_FILE = "health.rules-file";

  public static HealthJobConfig from(Settings s) {
    // notifications arrive in order of notification, hours apart at most
    boolean shadow = ShadowRuns.shadow(s, "health");
    JobBasics basics =
        ShadowRuns.basics(
            s,
            "health",
            JobBasics.from(s, "health", Duration.ofHours(1), Duration.ofMinutes(5)),
            shadow);
    Optional<CityRuleSet.DiseaseHotspot> rule =
        RulesFile.read(s, RULES_FILE).flatMap(CityRuleSet::disease);
    if (rule.isPresent()) {
      RulesFile.refuseGivenToo(
          s,
          RULES_FILE,
          List.of(
              "health.levels.warm-above-c",
              "health.levels.pre-epidemic-per-100k",
              "health.levels.epidemic-per-100k",
              "health.levels.growth-probability",
              "health.levels.min-cases-red"));
    }
    HealthConfig health = HealthConfig.from(s);
    if (rule.isPresent()) {
      CityRuleSet.DiseaseHotspot d = rule.get();
      health =
          health.withLevels(
              health
                  .levels()
                  .withThresholds(
                      d.warmAboveC(),
                      d.preEpidemicPer100k(),
                      d.epidemicPer100k(),
                      d.growthProbability(),
                      d.minCasesRed()));
    }
    String file = s.optionalText("health.neighbourhoods");
    if (file == null) {
      throw new ConfigException(
          "health.neighbourhoods",
          "is required: a GeoJSON file of the neighbourhoods cases are counted by (Rio's:"
              + " shared/data/rio/neighbourhoods.geojson with --health.id-property id_bairro)");
    }
    Path geojson = Path.of(file);
    if (!Files.isReadable(geojson)) {
      throw new ConfigException("health.neighbourhoods", "cannot read " + geojson);
    }
    String populations = s.optionalText("health.populations");
    HealthAreas areas =
        HealthAreas.read(
            geojson,
            s.text("health.id-property", "id_bairro"),
            s.text("health.name-property", "nome"),
            populations == null ? null : Path.of(populations),
            health.hotspots().adjacencyToleranceM());
    s.requireAllUsed();
    HealthRules rules =
        rule.map(d -> new HealthRules(d.id(), d.version())).orElse(HealthRules.FROM_SETTINGS);
    return new HealthJobConfig(basics, health, areas, rules, shadow);
  }

  /** The same settings writing time series to {@code target} (null: none). */
  public HealthJobConfig withInflux(org.cityops.jobs.sinks.influx.InfluxTarget target) {
    return new HealthJobConfig(basics.withInflux(target), health, areas, rules, shadow);
  }
}
