package org.cityops.jobs.rain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.cityops.jobs.common.ConfigException;
import org.cityops.jobs.common.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rain job's thresholds from a rules file ({@code rain.rules-file}). */
class RainJobConfigRulesFileTest {
  private static final String RULES =
      """
      rules:
        - id: heavy-rain
          version: 4
          detector: heavy_rain
          moderate-mm: 6
          strong-mm: 20
          very-strong-mm: 45
        - id: siren-level
          version: 2
          detector: siren_level
          hour-mm: 35
          day-mm: 110
      holds: {downgrade: 15m, clear: 45m}
      """;

  @Test
  void theRulesFileSetsTheThresholdsAndHolds(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("rules.yaml"), RULES);
    RainJobConfig config =
        RainJobConfig.from(new Settings(Map.of("rain.rules-file", file.toString())));
    assertThat(config.thresholds())
        .isEqualTo(
            new RainThresholds(6, 20, 45, 35, 110, Duration.ofMinutes(15), Duration.ofMinutes(45)));
    // and the detectors judge by them: 20 mm in an hour is strong under these rules
    assertThat(RainLevelRule.heavyRain(config.thresholds()).classify(sums(20)))
        .isEqualTo(org.cityops.events.Severity.MODERATE);
    assertThat(RainLevelRule.sirenLevel(config.thresholds()).classify(sums(35)))
        .isEqualTo(org.cityops.events.Severity.EXTREME);
  }

  private static final String WITH_LANDSLIDE =
      RULES.replace(
          "holds:",
          """
            - id: slopes
              version: 3
              detector: landslide_risk
              medium: {1h-mm: 8, 24h-mm: 40, 96h-mm: 90}
              high: {1h-mm: 25, 24h-mm: 90, 96h-mm: 160}
              very-high: {1h-mm: 45, 24h-mm: 160, 96h-mm: 240}
          holds:""");

  @Test
  void aLandslideRuleInTheFileSetsTheLandslideLevelsWithTheSettingsHolds(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("rules.yaml"), WITH_LANDSLIDE);
    RainJobConfig config =
        RainJobConfig.from(
            new Settings(Map.of("rain.rules-file", file.toString(), "landslide.clear-hold", "3h")));
    assertThat(config.landslide())
        .isEqualTo(
            new org.cityops.jobs.landslide.LandslideThresholds(
                new org.cityops.jobs.landslide.LandslideThresholds.Bounds(8, 40, 90),
                new org.cityops.jobs.landslide.LandslideThresholds.Bounds(25, 90, 160),
                new org.cityops.jobs.landslide.LandslideThresholds.Bounds(45, 160, 240),
                Duration.ofHours(1),
                Duration.ofHours(3)));
    assertThat(config.startingRules())
        .isEqualTo(
            new StartingRules(
                "heavy-rain",
                4,
                "siren-level",
                2,
                "slopes",
                3,
                "water-level",
                0,
                "urban-flooding",
                0));
    // without one, the landslide.* settings and version 0
    RainJobConfig plain =
        RainJobConfig.from(
            new Settings(
                Map.of(
                    "rain.rules-file",
                    Files.writeString(dir.resolve("plain.yaml"), RULES).toString(),
                    "landslide.medium-1h-mm",
                    "12")));
    assertThat(plain.landslide().medium().hourMm()).isEqualTo(12);
    assertThat(plain.startingRules().landslideRiskId()).isEqualTo("landslide-risk");
    assertThat(plain.startingRules().landslideRiskVersion()).isZero();
    // one threshold from two sources is refused
    assertThatThrownBy(
            () ->
                RainJobConfig.from(
                    new Settings(
                        Map.of(
                            "rain.rules-file", file.toString(), "landslide.high-96h-mm", "170"))))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "setting 'landslide.high-96h-mm' is set by the rules file "
                + file
                + " (rain.rules-file); give one of them");
  }

  @Test
  void waterLevelAndUrbanFloodingRulesInTheFileSetTheirThresholdsBesideTheirOtherSettings(
      @TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("rules.yaml"),
            RULES.replace(
                "holds:",
                """
                  - id: rivers
                    version: 5
                    detector: water_level
                    attention-m: 2
                    alert-m: 3
                    flood-m: 4
                    rise-m: 0.3
                    stations: [{id: river-007, attention-m: -1, alert-m: 0, flood-m: 1}]
                  - {id: streets, version: 2, detector: urban_flooding, min-reporters: 4, strong-rain-mm: 30}
                holds:"""));
    RainJobConfig config =
        RainJobConfig.from(
            new Settings(
                Map.of(
                    "rain.rules-file",
                    file.toString(),
                    "water.rise-window",
                    "2h",
                    "flooding.radius-m",
                    "300")));
    assertThat(config.water().defaults())
        .isEqualTo(new org.cityops.jobs.water.WaterStages(2, 3, 4));
    assertThat(config.water().stagesOf("river-007"))
        .isEqualTo(new org.cityops.jobs.water.WaterStages(-1, 0, 1));
    assertThat(config.water().riseMetres()).isEqualTo(0.3);
    assertThat(config.water().riseWindow()).isEqualTo(Duration.ofHours(2));
    assertThat(config.flooding().minReporters()).isEqualTo(4);
    assertThat(config.flooding().strongRainMm()).isEqualTo(30);
    assertThat(config.flooding().radiusM()).isEqualTo(300);
    assertThat(config.startingRules())
        .extracting(
            StartingRules::waterLevelId,
            StartingRules::waterLevelVersion,
            StartingRules::urbanFloodingId,
            StartingRules::urbanFloodingVersion)
        .containsExactly("rivers", 5L, "streets", 2L);
    // a threshold the file sets may not be given as a setting too
    for (String setting :
        java.util.List.of(
            "water.flood-m", "water.rise-m", "water.stations-file", "flooding.min-reporters")) {
      assertThatThrownBy(
              () ->
                  RainJobConfig.from(
                      new Settings(Map.of("rain.rules-file", file.toString(), setting, "5"))))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "setting '"
                  + setting
                  + "' is set by the rules file "
                  + file
                  + " (rain.rules-file); give one of them");
    }
    // a file without them: the settings, as version 0
    RainJobConfig plain =
        RainJobConfig.from(
            new Settings(
                Map.of(
                    "rain.rules-file",
                    Files.writeString(dir.resolve("plain.yaml"), RULES).toString(),
                    "flooding.min-reporters",
                    "6")));
    assertThat(plain.flooding().minReporters()).isEqualTo(6);
    assertThat(plain.startingRules().urbanFloodingVersion()).isZero();
    assertThat(plain.startingRules().waterLevelId()).isEqualTo("water-level");
  }

  @Test
  void aThresholdGivenBothWaysIsRefusedNamingTheSetting(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("rules.yaml"), RULES);
    assertThatThrownBy(
            () ->
                RainJobConfig.from(
                    new Settings(
                        Map.of("rain.rules-file", file.toString(), "rain.strong-mm", "30"))))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "setting 'rain.strong-mm' is set by the rules file "
                + file
                + " (rain.rules-file); give one of them");
  }

  @Test
  void aBrokenRulesFileStopsTheJobAtStartNamingFileLineAndField(@TempDir Path dir)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("rules.yaml"), RULES.replace("strong-mm: 20", "strong-mm: 5"));
    assertThatThrownBy(
            () -> RainJobConfig.from(new Settings(Map.of("rain.rules-file", file.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":6: rules[0].strong-mm: must be above moderate-mm (6.0), was 5.0");
    assertThatThrownBy(
            () ->
                RainJobConfig.from(
                    new Settings(Map.of("rain.rules-file", dir.resolve("none.yaml").toString()))))
        .hasMessageStartingWith(dir.resolve("none.yaml") + ": cannot be read");
  }

  @Test
  void aShadowJobReadsAsItsOwnGroupAndIsRefusedTheLiveOne() {
    assertThat(RainJobConfig.from(new Settings(Map.of())).consumerGroup())
        .isEqualTo("cityops-rain");
    RainJobConfig shadow = RainJobConfig.from(new Settings(Map.of("rain.shadow", "true")));
    assertThat(shadow.shadow()).isTrue();
    assertThat(shadow.consumerGroup()).isEqualTo("cityops-rain-shadow");
    assertThat(
            RainJobConfig.from(
                    new Settings(Map.of("rain.shadow", "true", "kafka.group", "candidate-7")))
                .consumerGroup())
        .isEqualTo("candidate-7");
    assertThatThrownBy(
            () ->
                RainJobConfig.from(
                    new Settings(Map.of("rain.shadow", "true", "kafka.group", "cityops-rain"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.group")
        .hasMessageContaining("live rain job's group");
  }

  private static RainSums sums(double hourMm) {
    return RainFixtures.sums("g1", 60, hourMm, hourMm);
  }
}
