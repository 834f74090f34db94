package org.cityops.jobs.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cityops.embedded.SharedData;
import org.cityops.jobs.common.ConfigException;
import org.cityops.jobs.common.Settings;
import org.cityops.jobs.health.methods.AlertLevels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dengue levels from the city's rules file ({@code health.rules-file}). Each accepted config
 * reads Rio's neighbourhoods (seconds): the refusals come before that.
 */
class HealthJobConfigRulesFileTest {
  private static final String NEIGHBOURHOODS =
      SharedData.data("rio/neighbourhoods.geojson").toString();

  private static HealthJobConfig config(Map<String, String> more) {
    Map<String, String> settings = new java.util.HashMap<>(more);
    settings.put("health.neighbourhoods", NEIGHBOURHOODS);
    return HealthJobConfig.from(new Settings(settings));
  }

  @Test
  void theRulesFileSetsTheLevelsThresholdsAndNamesTheirVersion(@TempDir Path dir) throws Exception {
    // the example holds Rio's defaults as version 1
    HealthJobConfig rio = config(Map.of("health.rules-file", "../rules/examples/rio-rules.yaml"));
    assertThat(rio.health().levels()).isEqualTo(AlertLevels.Settings.infoDengueRio());
    assertThat(rio.rules()).isEqualTo(new HealthRules("dengue", 1));

    Path file = dir.resolve("rules.yaml");
    Files.writeString(
        file,
        """
        rules:
          - {id: heavy-rain, version: 1, detector: heavy_rain, moderate-mm: 5, strong-mm: 25.1, very-strong-mm: 50}
          - {id: siren-level, version: 1, detector: siren_level, hour-mm: 40, day-mm: 125}
          - id: dengue-levels
            version: 4
            detector: disease_hotspot
            warm-above-c: 21
            pre-epidemic-per-100k: 10
            epidemic-per-100k: 30
            growth-probability: 0.9
            min-cases-red: 8
        """);
    HealthJobConfig config =
        config(Map.of("health.rules-file", file.toString(), "health.levels.red-weeks-on", "2"));
    AlertLevels.Settings levels = config.health().levels();
    assertThat(levels.warmAboveC()).isEqualTo(21);
    assertThat(levels.preEpidemicPer100k()).isEqualTo(10);
    assertThat(levels.epidemicPer100k()).isEqualTo(30);
    assertThat(levels.growthProbability()).isEqualTo(0.9);
    assertThat(levels.minCasesRed()).isEqualTo(8);
    assertThat(levels.red().weeksOn()).as("the delays stay settings").isEqualTo(2);
    assertThat(config.rules()).isEqualTo(new HealthRules("dengue-levels", 4));

    assertThatThrownBy(
            () ->
                config(
                    Map.of(
                        "health.rules-file",
                        file.toString(),
                        "health.levels.epidemic-per-100k",
                        "25")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "setting 'health.levels.epidemic-per-100k' is set by the rules file "
                + file
                + " (health.rules-file); give one of them");
    // a shadow run never reads as the live job's group
    assertThatThrownBy(
            () -> config(Map.of("health.shadow", "true", "kafka.group", "cityops-health")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is the live health job's group");
    Files.writeString(
        file, Files.readString(file).replace("epidemic-per-100k: 30", "epidemic-per-100k: 5"));
    assertThatThrownBy(() -> config(Map.of("health.rules-file", file.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ":9: rules[2].epidemic-per-100k: must be above pre-epidemic-per-100k (10.0),"
                + " was 5.0");
  }
}
